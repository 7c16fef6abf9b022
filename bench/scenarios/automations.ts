/**
 * Issue 11 target: the SMS dispatcher with a URL receipt rule active keeps ≥ 80% of its rate without one (rate =
 * messages handed to the simulated network + receipts applied, per second; one process, measured by the server child
 * before it listens, reported as facts). The loaded HTTP target is the receipt-rule list of the account with the rule.
 */
import { startServerChild } from '../lib/child.js';
import type { Scenario } from '../lib/scenario.js';

const basic = (u: { username: string; apiKey: string }) => `Basic ${Buffer.from(`${u.username}:${u.apiKey}`).toString('base64')}`;

export const scenario: Scenario = {
  name: 'automations',
  title: 'SMS dispatcher with and without a URL receipt rule (automation firing in the receipt sweep)',
  async start({ profileDir }) {
    const child = await startServerChild('automations', { env: { DISPATCH: '0' }, startTimeoutMs: 300_000, ...(profileDir ? { profileDir } : {}) });
    const info = child.info as unknown as {
      origin: string;
      owner: { username: string; apiKey: string };
      dialect: string;
      without: string;
      withRule: string;
      ratio: string;
      deliveries: string;
      batch: string;
    };
    return {
      targets: [
        {
          label: 'sendbox GET /v3/automations/sms/receipts (one rule)',
          origin: info.origin,
          path: '/v3/automations/sms/receipts',
          headers: { authorization: basic(info.owner) },
          cpuMicros: child.cpuMicros,
        },
      ],
      facts: {
        database: info.dialect === 'postgres' ? 'PostgreSQL (fresh database)' : 'SQLite (temp DATA_DIR)',
        'dispatcher, no rule (messages + receipts/s)': info.without,
        'dispatcher, URL receipt rule active': info.withRule,
        'with ÷ without': info.ratio,
        webhooks: info.deliveries,
        rounds: info.batch,
        'sendbox log level': process.env.BENCH_LOG_LEVEL ?? 'info',
      },
      stop: () => child.stop(),
    };
  },
};
