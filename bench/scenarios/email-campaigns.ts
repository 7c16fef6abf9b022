/**
 * Issue target (2 cores, SQLite and PostgreSQL): a 20,000-contact email campaign accepted in ≤ 1 s. The server child
 * times the acceptance of several such campaigns through the whole HTTP stack before it listens, and the time until
 * the first one's 20,000 recipients are queued (facts). The loaded targets are a campaign read (its counters over
 * 20,000 recipients), a page of its history, and the open pixel (one indexed update a request). Run with DATABASE_URL
 * set for PostgreSQL.
 */
import { startServerChild } from '../lib/child.js';
import type { BenchTarget, Scenario } from '../lib/scenario.js';

const basic = (u: { username: string; apiKey: string }) => `Basic ${Buffer.from(`${u.username}:${u.apiKey}`).toString('base64')}`;

export const scenario: Scenario = {
  name: 'email-campaigns',
  title: 'Email campaigns: 20,000-recipient acceptance, recipients queued, campaign reads, history and the open pixel',
  async start({ profileDir }) {
    const child = await startServerChild('email-campaigns', { env: { DISPATCH: '0' }, ...(profileDir ? { profileDir } : {}) });
    const info = child.info as unknown as {
      origin: string;
      user: { username: string; apiKey: string };
      campaignId: number;
      token: string;
      dialect: string;
      seeded: string;
      accept: string;
      queued: string;
    };
    const headers = { authorization: basic(info.user) };
    const targets: BenchTarget[] = [
      {
        label: 'sendbox GET /v3/email-campaigns/{id} (counters over 20,000 recipients)',
        origin: info.origin,
        path: `/v3/email-campaigns/${info.campaignId}`,
        headers,
        cpuMicros: child.cpuMicros,
      },
      {
        label: 'sendbox GET /v3/email-campaigns/{id}/history page 1',
        origin: info.origin,
        path: `/v3/email-campaigns/${info.campaignId}/history`,
        headers,
        cpuMicros: child.cpuMicros,
      },
      {
        label: 'sendbox GET /mail/o/{token} (open pixel, anonymous)',
        origin: info.origin,
        path: `/mail/o/${info.token}`,
        cpuMicros: child.cpuMicros,
      },
    ];
    return {
      targets,
      facts: {
        database: info.dialect === 'postgres' ? 'PostgreSQL (fresh database)' : 'SQLite (temp DATA_DIR)',
        seeded: info.seeded,
        'campaign of 20,000 accepted (POST /v3/email-campaigns/send, before loading)': info.accept,
        'until all its recipients are queued (before loading)': info.queued,
        targets: 'a 20,000-contact campaign accepted in ≤ 1 s',
        'sendbox log level': process.env.BENCH_LOG_LEVEL ?? 'info',
      },
      stop: () => child.stop(),
    };
  },
};
