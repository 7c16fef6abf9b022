/**
 * Sendbox as `sendbox serve` builds it, for the sms-campaigns scenario. Before listening it seeds one account with
 * BENCH_CAMPAIGN_LISTS lists of 20,000 contacts (and one of 1,000), then
 * - times the acceptance of a 20,000-recipient campaign (POST /v3/sms-campaigns/send through the whole HTTP stack
 *   with app.inject: auth, validation, the list count, the price walk over every contact, the credit check, the
 *   insert) once per list, the later ones scheduled a day ahead so only the first runs;
 * - times the first campaign's job until its 20,000 messages are stored (the dispatcher's passes in this process,
 *   the SMS queue handing messages to the simulated network alongside), a fact.
 */
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import { reportFailure } from '../lib/child.js';
import { benchApp } from '../lib/sendbox-app.js';

const LISTS = Number(process.env.BENCH_CAMPAIGN_LISTS ?? 5);
const CONTACTS = 20_000;

const basic = (u: { username: string; apiKey: string }) => `Basic ${Buffer.from(`${u.username}:${u.apiKey}`).toString('base64')}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  const { dbh, app, services, listen } = await benchApp('sendbox-bench-campaigns-', { SIGNUP_CREDIT: '999999999', SMS_THROTTLE_WINDOW_S: '0' });
  const user = await createOwnerAccount(services, { username: 'benchcampaigns', email: 'campaigns@example.com', country: 'AU' });
  const now = Math.floor(Date.now() / 1000);
  const seed = async (name: string, n: number, offset: number) => {
    const list = await dbh.db
      .insertInto('contact_lists')
      .values({ account_id: user.accountId, subaccount_id: user.accountId, list_name: name, list_email_id: `BENCH${String(offset).padStart(11, '0')}`, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < n; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({
        account_id: user.accountId,
        list_id: Number(list.id),
        phone_number: `+6141${String(offset + i + k).padStart(7, '0')}`,
        first_name: `Name${i + k}`,
        last_name: 'Bench',
        created_at: now,
        updated_at: now,
      }));
      await dbh.db.insertInto('contacts').values(rows).execute();
    }
    return Number(list.id);
  };
  const t0 = performance.now();
  const lists: number[] = [];
  for (let l = 0; l < LISTS; l++) lists.push(await seed(`bench ${l}`, CONTACTS, 1_000_000 + l * CONTACTS));
  const small = await seed('bench small', 1000, 5_000_000);
  const seedMs = performance.now() - t0;

  const headers = { authorization: basic(user), 'content-type': 'application/json' };
  const accept = async (listId: number, schedule: number) => {
    const t = performance.now();
    const r = await app.inject({ method: 'POST', url: '/v3/sms-campaigns/send', headers, payload: { list_id: listId, name: 'Bench', body: 'Hi (First Name), your order has shipped.', schedule } });
    const ms = performance.now() - t;
    if (r.statusCode !== 200) throw new Error(`campaign refused: ${r.body}`);
    return { ms, id: Number(JSON.parse(r.body).data.sms_campaign_id) };
  };
  // A server warms up right after it listens (schemas compiled, phone metadata loaded): one small price first, as a
  // client's first call would have done.
  const warm = await app.inject({ method: 'POST', url: '/v3/sms-campaigns/price', headers, payload: { list_id: small, name: 'Warm', body: 'Hi (First Name)' } });
  if (warm.statusCode !== 200) throw new Error(`price refused: ${warm.body}`);
  const first = await accept(lists[0]!, 0);
  const times = [first.ms];
  for (const listId of lists.slice(1)) times.push((await accept(listId, now + 86_400)).ms);

  // The first campaign's job: passes of this process's dispatcher until every message is stored.
  const t1 = performance.now();
  const finished = async () => (await dbh.db.selectFrom('sms_campaigns').select('finished_at').where('id', '=', first.id).executeTakeFirstOrThrow()).finished_at !== null;
  while (!(await finished())) await services.dispatcher.runOnce();
  const storedMs = first.ms + (performance.now() - t1);

  await listen((origin) => ({
    origin,
    user: { username: user.username, apiKey: user.apiKey },
    campaignId: first.id,
    smallList: small,
    dialect: dbh.dialect,
    seeded: `${LISTS} lists of ${CONTACTS.toLocaleString('en-US')} contacts and one of 1,000 in ${Math.round(seedMs)} ms`,
    accept: `${times.map((t) => Math.round(t)).join(', ')} ms (median ${Math.round(median(times))} ms, max ${Math.round(Math.max(...times))} ms) for ${times.length} campaigns of ${CONTACTS.toLocaleString('en-US')} recipients`,
    stored: `${CONTACTS.toLocaleString('en-US')} messages stored ${Math.round(storedMs)} ms after the campaign was submitted (${Math.round((CONTACTS / storedMs) * 1000).toLocaleString('en-US')} messages/s)`,
  }));
} catch (err) {
  reportFailure(err);
}
