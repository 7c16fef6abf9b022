import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { keyedPost } from '../helpers/idempotency.js';
import { a4Letter, ledgerRows, money, postcardPdf, recipient, type FileServer } from '../helpers/post.js';
import { startPostSuite } from '../helpers/post-suite.js';
import type { TestServer } from '../helpers/server.js';

/** Idempotency-Key on the post sends (the SMS suite covers the rules themselves: conflicts, header checks, sweep, lock). */
describe('Idempotency-Key on POST /post/postcards/send and /post/letters/send', () => {
  let s: TestServer;
  let files: FileServer;
  let ra: number;
  before(async () => {
    // A wait far beyond any test's run, so concurrent duplicates all get the answer (never "still in progress").
    ({ s, files, ra } = await startPostSuite({ '/card.pdf': await postcardPdf(), '/letter.pdf': await a4Letter(2) }, { IDEMPOTENCY_WAIT_MS: '120000', IDEMPOTENCY_POLL_MS: '10' }));
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  const historyTotal = async (product: 'postcards' | 'letters') => (await s.request('GET', `/v3/post/${product}/history`)).body.data.total as number;
  const card = (over: Record<string, unknown> = {}) => ({ file_urls: [files.url('/card.pdf')], recipients: [recipient(ra), recipient(ra, { address_name: 'Jane Citizen' })], ...over });
  const letter = (over: Record<string, unknown> = {}) => ({ file_url: files.url('/letter.pdf'), recipients: [recipient(ra)], ...over });

  it('replays a postcard send byte for byte and charges once: one debit per card, one set of history items', async () => {
    const cards = await historyTotal('postcards');
    const debits = (await ledgerRows(s)).length;
    const key = randomUUID();
    const first = await keyedPost(s, '/v3/post/postcards/send', { key, body: card() });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.replayed, null);
    const paid = await money(s);
    const again = await keyedPost(s, '/v3/post/postcards/send', { key, body: card() });
    assert.equal(again.status, 200);
    assert.equal(again.replayed, 'true');
    assert.equal(again.text, first.text);
    assert.deepEqual(await money(s), paid, 'balance unchanged by the replay');
    assert.equal((await ledgerRows(s)).length, debits + 2, 'one debit per card, made once');
    assert.equal(await historyTotal('postcards'), cards + 2, 'two cards, stored once');
  });

  it('resolves 20 concurrent postcard sends with one key to one send: 20 identical answers, one charge', async () => {
    const cards = await historyTotal('postcards');
    const before = await money(s);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 20 }, () => keyedPost(s, '/v3/post/postcards/send', { key, body: card({ recipients: [recipient(ra)] }) })));
    for (const a of answers) assert.equal(a.status, 200, a.text);
    assert.equal(new Set(answers.map((a) => a.text)).size, 1, 'every answer is the same bytes');
    assert.equal(answers.filter((a) => a.replayed === null).length, 1, 'exactly one request ran');
    const price = answers[0]!.body.data.total_price as number;
    assert.equal(before.balance - (await money(s)).balance, Math.round(price * 1e6), 'charged once');
    assert.equal(await historyTotal('postcards'), cards + 1);
  });

  it('replays a letter send; a different body with the key is a 409 CONFLICT naming Idempotency-Key, and sends nothing', async () => {
    const letters = await historyTotal('letters');
    const key = randomUUID();
    const first = await keyedPost(s, '/v3/post/letters/send', { key, body: letter() });
    assert.equal(first.status, 200, first.text);
    const paid = await money(s);
    const again = await keyedPost(s, '/v3/post/letters/send', { key, body: letter() });
    assert.equal(again.replayed, 'true');
    assert.equal(again.text, first.text);
    const other = await keyedPost(s, '/v3/post/letters/send', { key, body: letter({ colour: 1 }) });
    assert.equal(other.status, 409, other.text);
    assert.equal(other.body.response_code, 'CONFLICT');
    assert.match(other.body.response_msg, /^Idempotency-Key ".+" was already used with a different request body/);
    assert.deepEqual(await money(s), paid);
    assert.equal(await historyTotal('letters'), letters + 1);
  });

  it('keeps a 4xx answer for its key (a fixed request needs a new key), as Stripe does', async () => {
    const key = randomUUID();
    const body = letter({ file_url: files.url('/later.pdf') });
    const refused = await keyedPost(s, '/v3/post/letters/send', { key, body });
    assert.equal(refused.status, 400, refused.text);
    assert.match(refused.body.response_msg, /^file_url could not be fetched/);
    files.set('/later.pdf', await a4Letter(1));
    const again = await keyedPost(s, '/v3/post/letters/send', { key, body });
    assert.equal(again.status, 400);
    assert.equal(again.replayed, 'true');
    assert.equal(again.text, refused.text);
    const fresh = await keyedPost(s, '/v3/post/letters/send', { key: randomUUID(), body });
    assert.equal(fresh.status, 200, fresh.text);
  });
});
