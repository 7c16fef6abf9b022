/**
 * Sendbox as `sendbox serve` builds it, for the email-campaigns scenario. Before listening it seeds one account with
 * BENCH_CAMPAIGN_LISTS lists of 20,000 contacts with email addresses and a verified sender, then
 * - times the acceptance of a 20,000-recipient email campaign (POST /v3/email-campaigns/send through the whole HTTP
 *   stack with app.inject: auth, validation, the sender and list checks, the quote walk over every contact and the
 *   opt-out lists, the credit check, the insert) once per list, the later ones scheduled a day ahead;
 * - times the first campaign's job until all its 20,000 recipients are queued (the job's batches; the delivery queue
 *   writes its first emails to the outbox alongside), a fact.
 */
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import { reportFailure } from '../lib/child.js';
import { benchApp } from '../lib/sendbox-app.js';

const LISTS = Number(process.env.BENCH_CAMPAIGN_LISTS ?? 5);
const CONTACTS = 20_000;

const basic = (u: { username: string; apiKey: string }) => `Basic ${Buffer.from(`${u.username}:${u.apiKey}`).toString('base64')}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  // The open pixel is a loaded target from one client address: the tracking throttle is lifted for it.
  const { dbh, app, services, listen } = await benchApp('sendbox-bench-email-campaigns-', { SIGNUP_CREDIT: '999999999', EMAIL_TRACKING_MAX: '1000000' });
  const user = await createOwnerAccount(services, { username: 'benchemailcampaigns', email: 'campaigns@example.com', country: 'AU' });
  const now = Math.floor(Date.now() / 1000);
  const sender = await dbh.db
    .insertInto('email_addresses')
    .values({
      account_id: user.accountId,
      subaccount_id: null,
      email_address: 'news@bench.example',
      email_key: 'news@bench.example',
      verified: 1,
      date_added: now,
      token_hash: null,
      token_expires_at: null,
      token_attempts: 0,
      mint_window_start: 0,
      mint_count: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const seed = async (name: string, n: number, offset: number) => {
    const list = await dbh.db
      .insertInto('contact_lists')
      .values({ account_id: user.accountId, subaccount_id: user.accountId, list_name: name, list_email_id: `EBENCH${String(offset).padStart(10, '0')}`, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < n; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({
        account_id: user.accountId,
        list_id: Number(list.id),
        email: `person${offset + i + k}@example.com`,
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
  const seedMs = performance.now() - t0;

  const headers = { authorization: basic(user), 'content-type': 'application/json' };
  const body = (listId: number, schedule: number) => ({
    name: 'Bench',
    subject: 'News for {FirstName}',
    body: '<p>Hi {FirstName},</p><p>Our <a href="https://example.com/sale">sale</a> starts today.</p>',
    from_email_address_id: Number(sender.id),
    from_name: 'Bench News',
    list_id: listId,
    schedule,
  });
  const accept = async (listId: number, schedule: number) => {
    const t = performance.now();
    const r = await app.inject({ method: 'POST', url: '/v3/email-campaigns/send', headers, payload: body(listId, schedule) });
    const ms = performance.now() - t;
    if (r.statusCode !== 200) throw new Error(`campaign refused: ${r.body}`);
    return { ms, id: Number(JSON.parse(r.body).data.data.email_campaign_id) };
  };
  // A first small call warms the server up (schemas compiled), as a client's first call would have done.
  const warm = await app.inject({ method: 'GET', url: '/v3/email-campaigns', headers });
  if (warm.statusCode !== 200) throw new Error(`list refused: ${warm.body}`);
  const first = await accept(lists[0]!, 0);
  const times = [first.ms];
  for (const listId of lists.slice(1)) times.push((await accept(listId, now + 86_400)).ms);

  const t1 = performance.now();
  const finished = async () => (await dbh.db.selectFrom('email_campaigns').select('finished_at').where('id', '=', first.id).executeTakeFirstOrThrow()).finished_at !== null;
  while (!(await finished())) await services.dispatcher.runOnce();
  const queuedMs = first.ms + (performance.now() - t1);
  const token = (await dbh.db.selectFrom('email_campaign_messages').select('token').where('campaign_id', '=', first.id).orderBy('id').executeTakeFirstOrThrow()).token;

  await listen((origin) => ({
    origin,
    user: { username: user.username, apiKey: user.apiKey },
    campaignId: first.id,
    token,
    dialect: dbh.dialect,
    seeded: `${LISTS} lists of ${CONTACTS.toLocaleString('en-US')} contacts with email addresses in ${Math.round(seedMs)} ms`,
    accept: `${times.map((t) => Math.round(t)).join(', ')} ms (median ${Math.round(median(times))} ms, max ${Math.round(Math.max(...times))} ms) for ${times.length} campaigns of ${CONTACTS.toLocaleString('en-US')} recipients`,
    queued: `${CONTACTS.toLocaleString('en-US')} recipients queued ${Math.round(queuedMs)} ms after the campaign was submitted (${Math.round((CONTACTS / queuedMs) * 1000).toLocaleString('en-US')} recipients/s)`,
  }));
} catch (err) {
  reportFailure(err);
}
