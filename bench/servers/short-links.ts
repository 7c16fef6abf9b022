/**
 * Sendbox for the short-links scenario. Before listening it measures, in the process (facts, not load):
 * - minting BENCH_LINKS_N (default 20,000) links for one campaign in one transaction, as a campaign does (3 runs);
 * - the reports over that campaign once BENCH_LINKS_CLICKS clicks (default 20,000, on half its links) are stored:
 *   statistics, tracking page 1 and the CSV export.
 * Then it serves GET /s/<code> (a 302 to its own /healthz) with the click limits raised out of the way: the
 * redirect target measures the lookup, the click insert and the limiter's bookkeeping.
 */
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import type { NewLinkClick } from '../../src/modules/short-links/short-links.tables.js';
import { reportFailure } from '../lib/child.js';
import { benchApp } from '../lib/sendbox-app.js';

const N = Number(process.env.BENCH_LINKS_N ?? 20_000);
const CLICKS = Number(process.env.BENCH_LINKS_CLICKS ?? 20_000);
const ms = (t: number) => `${Math.round(performance.now() - t)} ms`;

try {
  const { dbh, services, listen } = await benchApp('sendbox-bench-links-', { SHORT_LINK_CLICKS_MAX: '1000000', SHORT_LINK_WINDOW: '1' });
  const owner = await createOwnerAccount(services, { username: 'benchlinks', email: 'links@example.com', country: 'AU' });
  const links = services.shortLinks;
  const people = Array.from({ length: N }, (_, i) => ({
    contactId: i + 1,
    phone: `+6141${String(1_000_000 + i).padStart(7, '0')}`,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    targetUrl: 'https://example.com/spring-sale?utm_source=sms',
  }));
  const mintTimes: string[] = [];
  let minted: Awaited<ReturnType<typeof links.mint>> = [];
  for (let campaign = 1; campaign <= 3; campaign++) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    minted = await dbh.db.transaction().execute((trx) => links.mint(trx, owner.accountId, campaign, people));
    const used = process.cpuUsage(cpu);
    // CPU time of this process beside the wall time: on a shared machine the wall time counts the neighbours too.
    mintTimes.push(`${ms(t)} (${Math.round((used.user + used.system) / 1000)} ms CPU here)`);
  }

  // Clicks on half the links of campaign 3, three kinds of agent.
  const agents = [
    { browser: 'Chrome', os: 'Windows', device: 'desktop' },
    { browser: 'Safari', os: 'iOS', device: 'mobile' },
    { browser: 'Chrome', os: 'Android', device: 'mobile' },
  ];
  const now = Math.floor(Date.now() / 1000);
  for (let start = 0; start < CLICKS; start += 1000) {
    const rows: NewLinkClick[] = Array.from({ length: Math.min(1000, CLICKS - start) }, (_, k) => {
      const i = start + k;
      return {
        link_id: minted[i % Math.ceil(N / 2)]!.linkId,
        account_id: owner.accountId,
        campaign_id: 3,
        clicked_at: now,
        user_agent: 'bench',
        ip: '127.0.0.1',
        country: null,
        region: null,
        ...agents[i % 3]!,
      };
    });
    await dbh.db.insertInto('link_clicks').values(rows).execute();
  }
  let t = performance.now();
  await links.statistics(owner.accountId, 3);
  const statsMs = ms(t);
  t = performance.now();
  await links.tracking(owner.accountId, 3, { page: 1, limit: 100, offset: 0 });
  const trackingMs = ms(t);
  t = performance.now();
  await links.exportCsv(owner.accountId, 3, 'bench.csv');
  const exportMs = ms(t);

  await listen((origin) => {
    return { origin, dialect: dbh.dialect, mint: mintTimes.join(' / '), statsMs, trackingMs, exportMs, code: minted[0]!.code };
  });
} catch (err) {
  reportFailure(err);
}
