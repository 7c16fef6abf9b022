/**
 * Issue target (2 cores, SQLite and PostgreSQL): a 20,000-recipient SMS campaign accepted in ≤ 1 s. The server child
 * times the acceptance of several such campaigns through the whole HTTP stack before it listens, and the time until
 * the first one's 20,000 messages are stored (facts). The loaded targets are a campaign's progress read (its counts
 * over 20,000 messages) and the price of a 1,000-contact campaign. Run with DATABASE_URL set for PostgreSQL.
 */
import { startServerChild } from '../lib/child.js';
import type { BenchTarget, Scenario } from '../lib/scenario.js';

const basic = (u: { username: string; apiKey: string }) => `Basic ${Buffer.from(`${u.username}:${u.apiKey}`).toString('base64')}`;

export const scenario: Scenario = {
  name: 'sms-campaigns',
  title: 'SMS campaigns: 20,000-recipient acceptance, messages stored, progress reads and prices',
  async start({ profileDir }) {
    const child = await startServerChild('sms-campaigns', { env: { DISPATCH: '0' }, ...(profileDir ? { profileDir } : {}) });
    const info = child.info as unknown as {
      origin: string;
      user: { username: string; apiKey: string };
      campaignId: number;
      smallList: number;
      dialect: string;
      seeded: string;
      accept: string;
      stored: string;
    };
    const headers = { authorization: basic(info.user) };
    const targets: BenchTarget[] = [
      {
        label: 'sendbox GET /v3/sms-campaigns/{id} (a sent campaign of 20,000 messages)',
        origin: info.origin,
        path: `/v3/sms-campaigns/${info.campaignId}`,
        headers,
        cpuMicros: child.cpuMicros,
      },
      {
        label: 'sendbox POST /v3/sms-campaigns/price (1,000 contacts)',
        origin: info.origin,
        path: '/v3/sms-campaigns/price',
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ list_id: info.smallList, name: 'Bench', body: 'Hi (First Name), your order has shipped.' }),
        cpuMicros: child.cpuMicros,
      },
    ];
    return {
      targets,
      facts: {
        database: info.dialect === 'postgres' ? 'PostgreSQL (fresh database)' : 'SQLite (temp DATA_DIR)',
        seeded: info.seeded,
        'campaign of 20,000 accepted (POST /v3/sms-campaigns/send, before loading)': info.accept,
        'until all its messages are stored (before loading)': info.stored,
        targets: 'a 20,000-recipient campaign accepted in ≤ 1 s',
        'sendbox log level': process.env.BENCH_LOG_LEVEL ?? 'info',
      },
      stop: () => child.stop(),
    };
  },
};
