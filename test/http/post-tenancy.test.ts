import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { a4Letter, createReturnAddress, money, POST_ENV, postcardPdf, recipient, startFileServer, type FileServer, type Who } from '../helpers/post.js';

/**
 * Another account's credentials, swept over every post route: it sees and changes only its own return
 * addresses, postcards and letters, cannot use the victim's return address, and the victim's rows and balance
 * are unchanged afterwards. A subaccount without access_post is refused every post route.
 */
describe('post tenancy', () => {
  let s: TestServer;
  let files: FileServer;
  let victimRa: number;
  let victimCard: string;
  let victimLetter: string;
  let intruder: Who & { accountId: number };
  before(async () => {
    // Items stay Queued (cancellable) for the whole test.
    s = await startServer({ env: { ...POST_ENV, POST_HANDOFF_DELAY_MS: '600000' } });
    files = await startFileServer();
    files.set('/card.pdf', await postcardPdf());
    files.set('/letter.pdf', await a4Letter(1));
    victimRa = await createReturnAddress(s);
    victimCard = (await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: [files.url('/card.pdf')], recipients: [recipient(victimRa, { custom_string: 'victim' })] } })).body.data
      .recipients[0].message_id;
    victimLetter = (await s.request('POST', '/v3/post/letters/send', { body: { file_url: files.url('/letter.pdf'), recipients: [recipient(victimRa)] } })).body.data.recipients[0].message_id;
    intruder = await s.createAccount('post-intruder');
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  it("answers 404 to every route that names the victim's return address, postcard or letter", async () => {
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/v3/post/return-addresses/${victimRa}`],
      ['PUT', `/v3/post/return-addresses/${victimRa}`, { address_name: 'pwned' }],
      ['DELETE', `/v3/post/return-addresses/${victimRa}`],
      ['PUT', `/v3/post/postcards/${victimCard}/cancel`],
      ['PUT', `/v3/post/letters/${victimLetter}/cancel`],
    ];
    for (const [method, path, body] of attempts) {
      const r = await s.request(method, path, { as: intruder, ...(body ? { body } : {}) });
      assert.equal(r.status, 404, `${method} ${path} → ${r.status}`);
      assert.equal(r.body.response_code, 'NOT_FOUND');
    }
  });

  it("cannot send or price with the victim's return address: INVALID_RETURN_ADDRESS, nobody charged", async () => {
    const victimBefore = await money(s);
    const intruderBefore = await money(s, intruder.accountId);
    const bodies: Array<[string, unknown]> = [
      ['/v3/post/postcards/send', { file_urls: [files.url('/card.pdf')], recipients: [recipient(victimRa)] }],
      ['/v3/post/postcards/price', { file_urls: [files.url('/card.pdf')], recipients: [recipient(victimRa)] }],
      ['/v3/post/letters/send', { file_url: files.url('/letter.pdf'), recipients: [recipient(victimRa)] }],
      ['/v3/post/letters/price', { file_url: files.url('/letter.pdf'), recipients: [recipient(victimRa)] }],
    ];
    for (const [path, body] of bodies) {
      const r = await s.request('POST', path, { as: intruder, body });
      assert.equal(r.status, 200, path);
      assert.equal(r.body.data.recipients[0].status, 'INVALID_RETURN_ADDRESS', path);
      assert.equal(r.body.data.total_price, 0);
    }
    assert.deepEqual(await money(s), victimBefore);
    assert.deepEqual(await money(s, intruder.accountId), intruderBefore);
  });

  it('sees only its own records in lists, histories and exports', async () => {
    const mine = await createReturnAddress(s, intruder);
    const own = await s.request('POST', '/v3/post/postcards/send', { as: intruder, body: { file_urls: [files.url('/card.pdf')], recipients: [recipient(mine)] } });
    const ownCard = own.body.data.recipients[0].message_id;

    const ras = await s.request('GET', '/v3/post/return-addresses', { as: intruder });
    assert.deepEqual(
      ras.body.data.data.map((x: any) => x.return_address_id),
      [mine],
    );
    const cards = await s.request('GET', '/v3/post/postcards/history', { as: intruder });
    assert.deepEqual(
      cards.body.data.data.map((x: any) => x.message_id),
      [ownCard],
    );
    const letters = await s.request('GET', '/v3/post/letters/history', { as: intruder });
    assert.equal(letters.body.data.total, 0);
    for (const path of ['/v3/post/postcards/history/export?filename=a.csv', '/v3/post/postcards/export?filename=a.csv', '/v3/post/letters/history/export?filename=a.csv']) {
      const r = await s.request('GET', path, { as: intruder });
      const csv = await (await fetch(r.body.data.url)).text();
      assert.ok(!csv.includes(victimCard) && !csv.includes(victimLetter) && !csv.includes('victim'), path);
    }
    // The victim's own view is unchanged.
    const v = await s.request('GET', '/v3/post/postcards/history');
    assert.deepEqual(
      v.body.data.data.map((x: any) => [x.message_id, x.status]),
      [[victimCard, 'Queued']],
    );
    assert.equal((await s.services.letters.repo.findByMessageId(victimLetter))!.status, 'Queued');
    assert.equal((await s.request('GET', `/v3/post/return-addresses/${victimRa}`)).body.data.address_name, 'Sendbox Pty Ltd');
  });

  it('refuses every post route to a subaccount without access_post, with 403', async () => {
    const sub = await s.request('POST', '/v3/subaccounts', {
      body: { api_username: 'no-post-sub', password: 'password-123', email: 'np@example.com', phone_number: '+61411111111', first_name: 'N', last_name: 'P', access_post: 0 },
    });
    const who = { username: 'no-post-sub', apiKey: sub.body.data.api_key };
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/v3/post/return-addresses'],
      ['POST', '/v3/post/return-addresses', { address_name: 'x', address_line_1: 'x', address_city: 'x', address_postal_code: '1', address_country: 'AU' }],
      ['GET', `/v3/post/return-addresses/${victimRa}`],
      ['PUT', `/v3/post/return-addresses/${victimRa}`, { address_name: 'x' }],
      ['DELETE', `/v3/post/return-addresses/${victimRa}`],
      ['POST', '/v3/post/postcards/send', { file_urls: [files.url('/card.pdf')], recipients: [recipient(victimRa)] }],
      ['POST', '/v3/post/postcards/price', { file_urls: [files.url('/card.pdf')], recipients: [recipient(victimRa)] }],
      ['GET', '/v3/post/postcards/history'],
      ['GET', '/v3/post/postcards/history/export?filename=a.csv'],
      ['GET', '/v3/post/postcards/export?filename=a.csv'],
      ['PUT', `/v3/post/postcards/${victimCard}/cancel`],
      ['POST', '/v3/post/letters/send', { file_url: files.url('/letter.pdf'), recipients: [recipient(victimRa)] }],
      ['POST', '/v3/post/letters/price', { file_url: files.url('/letter.pdf'), recipients: [recipient(victimRa)] }],
      ['GET', '/v3/post/letters/history'],
      ['GET', '/v3/post/letters/history/export?filename=a.csv'],
      ['PUT', `/v3/post/letters/${victimLetter}/cancel`],
    ];
    const before = await money(s);
    for (const [method, path, body] of routes) {
      const r = await s.request(method, path, { as: who, ...(body ? { body } : {}) });
      assert.equal(r.status, 403, `${method} ${path} → ${r.status}`);
      assert.equal(r.body.response_code, 'FORBIDDEN');
    }
    assert.deepEqual(await money(s), before);
    assert.equal((await s.services.postcards.repo.findByMessageId(victimCard))!.status, 'Queued');
  });
});
