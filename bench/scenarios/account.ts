/**
 * Issue target: authenticated GET /v3/account at ≥ 50 % of the requests/s of a bare Fastify route.
 * It pays for Basic auth (one credential lookup), one account read and the envelope.
 */
import { startServerChild } from '../lib/child.js';
import type { Scenario } from '../lib/scenario.js';

const BARE = 'bare fastify GET /hello';
const ACCOUNT = 'sendbox GET /v3/account (Basic auth)';

export const scenario: Scenario = {
  name: 'account',
  title: 'Authenticated GET /v3/account vs a bare Fastify route',
  async start({ profileDir }) {
    const bare = await startServerChild('bare', profileDir ? { profileDir } : {});
    const sendbox = await startServerChild('sendbox', profileDir ? { profileDir } : {}).catch(async (err) => {
      await bare.stop();
      throw err;
    });
    const { username, apiKey, dialect } = sendbox.info as { origin: string; username: string; apiKey: string; dialect: string };
    return {
      targets: [
        { label: BARE, server: 'bare', origin: bare.info.origin, path: '/hello', cpuMicros: bare.cpuMicros },
        {
          label: ACCOUNT,
          server: 'sendbox',
          origin: sendbox.info.origin,
          path: '/v3/account',
          headers: { authorization: `Basic ${Buffer.from(`${username}:${apiKey}`).toString('base64')}` },
          cpuMicros: sendbox.cpuMicros,
        },
      ],
      ratio: { numerator: ACCOUNT, denominator: BARE, goal: 0.5 },
      facts: { database: dialect === 'postgres' ? 'PostgreSQL (fresh database)' : 'SQLite (temp DATA_DIR)', 'sendbox log level': process.env.BENCH_LOG_LEVEL ?? 'info' },
      stop: async () => {
        await Promise.all([bare.stop(), sendbox.stop()]);
      },
    };
  },
};
