import { contains, integer, type SearchSpec } from '../../core/search/index.js';
import type { SmsTemplatesTable } from './sms-templates.tables.js';

/** GET /sms/templates: q= / order_by= on the record's own fields. Name and body match a part. */
export const SMS_TEMPLATES_SEARCH: SearchSpec<keyof SmsTemplatesTable & string> = {
  fields: {
    template_id: integer('id'),
    template_name: contains('template_name'),
    body: contains('body'),
  },
  sort: { template_id: 'id', template_name: 'template_name' },
  // In the order they were added, as always.
  defaultOrder: [{ column: 'id', direction: 'asc' }],
  tieBreaker: 'id',
};
