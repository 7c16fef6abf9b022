import { Type } from '@sinclair/typebox';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../core/http/index.js';
import { PageQuery } from '../../core/pagination/index.js';
import { listCountries, listTimezones } from './reference.data.js';
import { CountryRecord, TimezoneList } from './reference.schemas.js';

const errors = { '4xx': ErrorEnvelope };

export function referenceRoutes(app: App) {
  app.get(
    '/countries',
    {
      // Public: the official SDK sends no credentials for this call.
      config: { auth: 'public' },
      schema: {
        operationId: 'countries.list',
        tags: ['Countries'],
        summary: 'Get all countries',
        security: [],
        response: { 200: EnvelopeOf(Type.Array(CountryRecord)), ...errors },
      },
    },
    async () => ok(listCountries(), 'List of Countries.'),
  );

  app.get(
    '/timezones',
    {
      schema: {
        operationId: 'timezones.list',
        tags: ['Timezones'],
        summary: 'Get timezones',
        // ClickSend lists page/limit for this endpoint yet documents a plain array: both honoured, no pagination block.
        querystring: PageQuery,
        response: { 200: EnvelopeOf(TimezoneList), ...errors },
      },
    },
    async (req) => ok(listTimezones(req.query), 'List of timezones.'),
  );
}
