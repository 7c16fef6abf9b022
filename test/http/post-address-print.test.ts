import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { a4Letter, cleanBackPostcardPdf, money, recipient } from '../helpers/post.js';
import { startPostSuite, type PostSuite } from '../helpers/post-suite.js';

/**
 * Issue 9, "never print what the sender did not write": an address the card cannot carry as written is refused at
 * send (and price) time as UNPRINTABLE_ADDRESS, not stored, not charged; what prints but not at its normal size
 * comes back as the recipient's `_warnings`, in the send answer and in history.
 */
describe('post address printability', () => {
  let t: PostSuite;
  before(async () => {
    t = await startPostSuite({ '/card.pdf': await cleanBackPostcardPdf(), '/letter.pdf': await a4Letter() });
  });
  after(async () => {
    await t.s.close();
    await t.files.close();
  });

  const sendCard = (recipients: unknown[], path = 'send') => t.s.request('POST', `/v3/post/postcards/${path}`, { body: { file_urls: [t.files.url('/card.pdf')], recipients } });
  const sendLetter = (recipients: unknown[], path = 'send') =>
    t.s.request('POST', `/v3/post/letters/${path}`, { body: { file_url: t.files.url('/letter.pdf'), template_used: 1, colour: 0, duplex: 0, recipients } });
  const historyTotal = async (what: 'postcards' | 'letters') => (await t.s.request('GET', `/v3/post/${what}/history`)).body.data.total as number;

  // Nothing has U+1F9FF (nazar amulet emoji) nor a private-use character: no face the printer has can draw them.
  const unprintable = [
    ['an emoji', { address_name: 'Jane \u{1F9FF} Citizen' }, /^recipients\[0\]\.address_name contains "\u{1F9FF}" \(U\+1F9FF\), which no font the printer has can draw/u],
    ['a private-use character', { address_line_1: '12 Main St \uE000' }, /^recipients\[0\]\.address_line_1 contains "\uE000" \(U\+E000\)/],
    [
      'text that does not fit the panel even wrapped at the smallest size',
      { address_line_1: 'Building '.repeat(22).trim(), address_line_2: 'Warehouse '.repeat(19).trim() },
      /^recipients\[0\]\.address_line_2 does not fit the address area even at 8\.75 pt/,
    ],
  ] as const;

  for (const [what, over, message] of unprintable) {
    it(`refuses a postcard recipient with ${what}: UNPRINTABLE_ADDRESS, not charged, not in history`, async () => {
      const before = await money(t.s);
      const cards = await historyTotal('postcards');
      const r = await sendCard([recipient(t.ra, over), recipient(t.ra)]);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.data.queued_count, 1);
      const [refused, ok] = r.body.data.recipients;
      assert.equal(refused.status, 'UNPRINTABLE_ADDRESS');
      assert.equal(refused.message_id, null);
      assert.equal(refused.post_price, 0);
      assert.match(refused._error, message);
      assert.match(refused._error, /nothing was charged for it\.$/);
      assert.equal(refused._warnings, undefined);
      assert.equal(ok.status, 'SUCCESS');
      assert.deepEqual(ok._warnings, []);
      const after = await money(t.s);
      assert.equal(before.balance - after.balance, Math.round(r.body.data.total_price * 1e6), 'only the printable card is charged');
      assert.equal(await historyTotal('postcards'), cards + 1, 'only the printable card is stored');
    });
  }

  it('refuses the same recipient at price time, with the same status', async () => {
    const r = await sendCard([recipient(t.ra, { address_name: 'Jane \u{1F9FF} Citizen' })], 'price');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.recipients[0].status, 'UNPRINTABLE_ADDRESS');
    assert.equal(r.body.data.total_price, 0);
  });

  it('accepts Chinese, Arabic and Thai addresses (the npm fonts draw them) with no warnings', async () => {
    const r = await sendCard([
      recipient(t.ra, { address_name: '李华', address_line_1: '上海市浦东新区世纪大道100号', address_city: '上海', address_postal_code: '200120', address_country: 'CN' }),
      recipient(t.ra, { address_name: 'محمد أحمد', address_line_1: 'شارع الملك فهد 12', address_city: 'الرياض', address_country: 'SA' }),
      recipient(t.ra, { address_name: 'สมชาย ใจดี', address_line_1: '123 ถนนสุขุมวิท', address_city: 'กรุงเทพมหานคร', address_country: 'TH' }),
    ]);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(
      r.body.data.recipients.map((x: { status: string; _warnings: string[] }) => [x.status, x._warnings]),
      [
        ['SUCCESS', []],
        ['SUCCESS', []],
        ['SUCCESS', []],
      ],
    );
  });

  it('returns _warnings for a long line (shrunk, wrapped) in the send answer and keeps them in history', async () => {
    const long = 'Attention Accounts Payable, The Extraordinarily Long Corporate Headquarters Building';
    const r = await sendCard([recipient(t.ra, { address_line_1: long })]);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const [card] = r.body.data.recipients;
    assert.equal(card.status, 'SUCCESS');
    assert.ok(
      card._warnings.some((w: string) => /^Recipient printed at 8\.75 pt instead of 11 pt/.test(w)),
      JSON.stringify(card._warnings),
    );
    assert.ok(
      card._warnings.some((w: string) => /^Recipient address_line_1 is too long for one line of the address area; printed on 2 lines\.$/.test(w)),
      JSON.stringify(card._warnings),
    );
    const history = (await t.s.request('GET', '/v3/post/postcards/history?limit=100')).body.data.data as Array<{ message_id: string; _warnings: string[] }>;
    assert.deepEqual(history.find((h) => h.message_id === card.message_id)?._warnings, card._warnings);
  });

  it('letters: refuses an unprintable recipient, answers _warnings in send, price and history', async () => {
    const before = await money(t.s);
    const letters = await historyTotal('letters');
    const long = 'Attention Accounts Payable, The Extraordinarily Long Corporate Headquarters Building';
    const r = await sendLetter([recipient(t.ra, { address_name: 'Jane \uE000' }), recipient(t.ra, { address_line_1: long })]);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const [refused, ok] = r.body.data.recipients;
    assert.equal(refused.status, 'UNPRINTABLE_ADDRESS');
    assert.match(refused._error, /^recipients\[0\]\.address_name contains "\uE000" \(U\+E000\)/);
    assert.ok(ok._warnings.length > 0, JSON.stringify(ok));
    assert.equal(await historyTotal('letters'), letters + 1);
    const after = await money(t.s);
    assert.equal(before.balance - after.balance, Math.round(Number(ok.post_price) * 1e6));
    const history = (await t.s.request('GET', '/v3/post/letters/history?limit=100')).body.data.data as Array<{ message_id: string; _warnings: string[] }>;
    assert.deepEqual(history.find((h) => h.message_id === ok.message_id)?._warnings, ok._warnings);
    const priced = await sendLetter([recipient(t.ra)], 'price');
    assert.deepEqual(priced.body.data.recipients[0]._warnings, []);
  });
});
