import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { createReturnAddress, ledgerRows, money, POST_ENV, postcardPdf, recipient, startFileServer, type FileServer } from '../helpers/post.js';

/** Each recipient is judged on its own: a bad one gets its own status and is neither queued nor charged. */
describe('postcard recipients', () => {
  let s: TestServer;
  let files: FileServer;
  let ra: number;
  let foreignRa: number;
  before(async () => {
    s = await startServer({ env: { ...POST_ENV, SIGNUP_CREDIT: '20.00' } });
    files = await startFileServer();
    files.set('/card.pdf', await postcardPdf());
    ra = await createReturnAddress(s);
    foreignRa = await createReturnAddress(s, await s.createAccount('other-post'));
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['a missing address field', { address_city: undefined }, 'MISSING_REQUIRED_FIELDS', /^recipients\[0\] is missing address_city\.$/],
    [
      'several missing fields',
      { address_name: '  ', address_state: null, return_address_id: undefined },
      'MISSING_REQUIRED_FIELDS',
      /^recipients\[0\] is missing address_name, address_state, return_address_id\.$/,
    ],
    [
      'fields of only zero-width and bidi control characters (they print as nothing)',
      { address_name: '\u200B\u200D\uFEFF', address_line_1: '\u202E\u200F', address_city: '\u2066\u2069 ' },
      'MISSING_REQUIRED_FIELDS',
      /^recipients\[0\] is missing address_name, address_line_1, address_city\.$/,
    ],
    ['a country that is not ISO alpha-2', { address_country: 'Australia' }, 'INVALID_RECIPIENT', /^recipients\[0\]\.address_country must be an ISO 3166-1 alpha-2 code such as AU, got "Australia"\.$/],
    ['an unknown alpha-2 code', { address_country: 'XX' }, 'INVALID_RECIPIENT', /address_country .* got "XX"/],
    ['an address line too long to print', { address_line_1: 'x'.repeat(201) }, 'INVALID_RECIPIENT', /^recipients\[0\]\.address_line_1 is 201 characters long; at most 200/],
    ['a return address of another account', { return_address_id: 0 }, 'INVALID_RETURN_ADDRESS', /^recipients\[0\]\.return_address_id \d+ is not a return address of this account/],
    [
      'a return address that does not exist',
      { return_address_id: 999999 },
      'INVALID_RETURN_ADDRESS',
      /return_address_id 999999 is not a return address of this account; create one with POST \/post\/return-addresses\.$/,
    ],
    ['a return address id that is not a number', { return_address_id: 'abc' }, 'INVALID_RETURN_ADDRESS', /return_address_id "abc"/],
    ['a schedule that is not a unix time', { schedule: 'tomorrow' }, 'INVALID_SCHEDULE', /^recipients\[0\]\.schedule must be a unix time in seconds, or 0 to send now; got "tomorrow"\.$/],
    ['a schedule in milliseconds', { schedule: 1_900_000_000_000 }, 'INVALID_SCHEDULE', /it looks like milliseconds/],
    ['a negative schedule', { schedule: -5 }, 'INVALID_SCHEDULE', /schedule must be a unix time/],
  ];

  for (const [what, over, status, message] of cases) {
    it(`gives ${status} for ${what}, answers 200, queues and charges nothing`, async () => {
      const patch = { ...over };
      if (patch.return_address_id === 0) patch.return_address_id = foreignRa;
      const bad = Object.fromEntries(Object.entries(recipient(ra, patch)).filter(([, v]) => v !== undefined));
      const before = await money(s);
      const cards = (await s.request('GET', '/v3/post/postcards/history')).body.data.total;
      const r = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: [files.url('/card.pdf')], recipients: [bad] } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.response_code, 'SUCCESS');
      assert.equal(r.body.data.queued_count, 0);
      assert.equal(r.body.data.total_count, 1);
      assert.equal(r.body.data.total_price, 0);
      const [x] = r.body.data.recipients;
      assert.equal(x.status, status);
      assert.equal(x.message_id, null);
      assert.equal(x.post_price, 0);
      assert.match(x._error, message);
      assert.deepEqual(await money(s), before);
      assert.equal((await s.request('GET', '/v3/post/postcards/history')).body.data.total, cards);
    });
  }

  it('queues and charges only the good recipients of a mixed batch, in request order', async () => {
    const before = await money(s);
    const r = await s.request('POST', '/v3/post/postcards/send', {
      body: {
        file_urls: [files.url('/card.pdf')],
        recipients: [recipient(ra), recipient(ra, { address_country: 'ZZ' }), recipient(ra, { return_address_id: foreignRa }), recipient(ra, { address_postal_code: '6001' })],
      },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.data.queued_count, 2);
    assert.equal(r.body.data.total_count, 4);
    assert.deepEqual(
      r.body.data.recipients.map((x: any) => x.status),
      ['SUCCESS', 'INVALID_RECIPIENT', 'INVALID_RETURN_ADDRESS', 'SUCCESS'],
    );
    assert.equal(r.body.data.recipients[2].return_address_id, foreignRa);
    assert.equal(r.body.data.total_price, 5.9);
    const after = await money(s);
    assert.equal(before.balance - after.balance, 5_900_000);
    const debits = (await ledgerRows(s)).filter((l) => l.kind === 'debit').slice(-2);
    assert.deepEqual(
      debits.map((l) => l.reference),
      [r.body.data.recipients[0].message_id, r.body.data.recipients[3].message_id],
    );
  });

  it('answers INSUFFICIENT_CREDIT and charges and queues nothing when the balance cannot pay for every card', async () => {
    const before = await money(s);
    assert.ok(before.balance < 10 * 2_950_000);
    const cards = (await s.request('GET', '/v3/post/postcards/history')).body.data.total;
    const r = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: [files.url('/card.pdf')], recipients: Array.from({ length: 10 }, () => recipient(ra)) } });
    assert.equal(r.status, 400);
    assert.equal(r.body.http_code, 400);
    assert.equal(r.body.response_code, 'INSUFFICIENT_CREDIT');
    assert.match(r.body.response_msg, /^Insufficient credit/);
    assert.deepEqual(await money(s), before);
    assert.equal((await s.request('GET', '/v3/post/postcards/history')).body.data.total, cards);
    const jobs = await s.dbh.db
      .selectFrom('post_proof_jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(jobs.n), cards, 'no proof job without its card');
  });
});
