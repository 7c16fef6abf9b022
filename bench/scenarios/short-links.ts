/**
 * Short links of SMS campaigns. Load: the anonymous redirect GET /s/<code> (one indexed lookup, one click
 * insert, a 302) against a bare Fastify route, the anchor. Facts measured in the server before listening:
 * minting a 20,000-recipient campaign's links in one transaction (the campaign target is ≤ 1 s for the whole
 * campaign), and the link-statistics, link-tracking and link-export reads over it with 20,000 clicks.
 */
import { startServerChild } from '../lib/child.js';
import type { Scenario } from '../lib/scenario.js';

const BARE = 'bare fastify GET /hello';
const REDIRECT = 'sendbox GET /s/<code> (302, click recorded)';

export const scenario: Scenario = {
  name: 'short-links',
  title: 'Short link redirect with click recording vs a bare Fastify route; minting and reports for 20,000 links',
  async start({ profileDir }) {
    const bare = await startServerChild('bare', profileDir ? { profileDir } : {});
    const links = await startServerChild('short-links', profileDir ? { profileDir } : {}).catch(async (err) => {
      await bare.stop();
      throw err;
    });
    const info = links.info as unknown as { origin: string; dialect: string; mint: string; statsMs: string; trackingMs: string; exportMs: string; code: string };
    return {
      targets: [
        { label: BARE, server: 'bare', origin: bare.info.origin, path: '/hello', cpuMicros: bare.cpuMicros },
        { label: REDIRECT, server: 'short-links', origin: info.origin, path: `/s/${info.code}`, expectStatus: 302, cpuMicros: links.cpuMicros },
      ],
      ratio: { numerator: REDIRECT, denominator: BARE, goal: 0.25 },
      facts: {
        database: info.dialect === 'postgres' ? 'PostgreSQL (fresh database)' : 'SQLite (temp DATA_DIR)',
        'mint 20,000 links in one transaction (3 campaigns; wall, and CPU of the server process)': info.mint,
        'link-statistics, 20,000 links, 20,000 clicks': info.statsMs,
        'link-tracking page 1 (100 rows)': info.trackingMs,
        'link-export CSV, 20,000 rows': info.exportMs,
        'click limits': 'raised out of the way (SHORT_LINK_CLICKS_MAX=1000000 per 1 s): autocannon is one address',
        'sendbox log level': process.env.BENCH_LOG_LEVEL ?? 'info',
      },
      stop: async () => {
        await Promise.all([bare.stop(), links.stop()]);
      },
    };
  },
};
