/**
 * Issue targets (2 cores, SQLite and PostgreSQL): list export ≥ 50,000 contacts/s; contact search p50 ≤ 20 ms
 * over 1,000,000 contacts in one account. The export target exports a list of 50,000 contacts per request
 * (contacts/s = req/s × 50,000; the CSV is streamed into the file store); the server also times one export of
 * the 950,000-contact list before listening (a fact). Search p50 is per request: record with one connection
 * (npm run bench -- contacts --connections 1). Run with DATABASE_URL set for PostgreSQL.
 */
import { startServerChild } from '../lib/child.js';
import type { BenchTarget, Scenario } from '../lib/scenario.js';

const basic = (u: { username: string; apiKey: string }) => `Basic ${Buffer.from(`${u.username}:${u.apiKey}`).toString('base64')}`;

export const scenario: Scenario = {
  name: 'contacts',
  title: 'Contact list export (50,000 per request) and contact search over 1,000,000 contacts in one account',
  async start({ profileDir }) {
    // Seeding a million contacts takes longer than the usual child start-up; the child reports when it listens.
    const child = await startServerChild('contacts', { env: { DISPATCH: '0' }, startTimeoutMs: 600_000, ...(profileDir ? { profileDir } : {}) });
    const info = child.info as unknown as {
      origin: string;
      user: { username: string; apiKey: string };
      exportList: number;
      exportListSize: number;
      dialect: string;
      seeded: string;
      bigExport: string;
    };
    const headers = { authorization: basic(info.user) };
    const search = (label: string, q: string): BenchTarget => ({
      label,
      origin: info.origin,
      path: `/v3/search/contacts-lists?q=${encodeURIComponent(q)}`,
      headers,
      cpuMicros: child.cpuMicros,
    });
    const targets: BenchTarget[] = [
      {
        label: `sendbox GET /v3/lists/{id}/export (${info.exportListSize.toLocaleString('en-US')} contacts per request)`,
        origin: info.origin,
        path: `/v3/lists/${info.exportList}/export?filename=contacts.csv`,
        headers,
        cpuMicros: child.cpuMicros,
      },
      search('sendbox GET /v3/search/contacts-lists?q=john sm (name prefix, 1,000,000 contacts)', 'john sm'),
      search('sendbox GET /v3/search/contacts-lists?q=0410 00 (national number prefix)', '0410 00'),
      search('sendbox GET /v3/search/contacts-lists?q=user12 (e-mail prefix)', 'user12'),
      {
        label: 'sendbox GET /v3/contact-suggestions?q=mar (compose box)',
        origin: info.origin,
        path: '/v3/contact-suggestions?q=mar',
        headers,
        cpuMicros: child.cpuMicros,
      },
    ];
    return {
      targets,
      facts: {
        database: info.dialect === 'postgres' ? 'PostgreSQL (fresh database)' : 'SQLite (temp DATA_DIR)',
        seeded: info.seeded,
        'export of the big list (before loading)': info.bigExport,
        'export contacts/s': `req/s of the export target × ${info.exportListSize.toLocaleString('en-US')}`,
        targets: 'export ≥ 50,000 contacts/s; search p50 ≤ 20 ms',
        'sendbox log level': process.env.BENCH_LOG_LEVEL ?? 'info',
      },
      stop: () => child.stop(),
    };
  },
};
