import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { mobile, SANDBOX, sendSms } from '../helpers/sms.js';

const HISTORY_FIELDS = [
  '_api_username',
  'body',
  'carrier',
  'contact_id',
  'country',
  'custom_string',
  'date',
  'direction',
  'error_code',
  'error_text',
  'first_name',
  'from',
  'from_email',
  'last_name',
  'list_id',
  'message_id',
  'message_parts',
  'message_price',
  'schedule',
  'status',
  'status_code',
  'status_text',
  'subaccount_id',
  'to',
  'user_id',
];

/** RFC 4180, enough for the export: quoted fields with commas, quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows;
}

describe('GET /sms/history and its export', () => {
  let s: TestServer;
  let t = Date.UTC(2030, 2, 1);
  const clock = { nowMs: () => t };
  const nowS = () => Math.floor(t / 1000);
  let who: { username: string; apiKey: string; accountId: number };
  let start: number;
  const ids: string[] = [];
  const get = (q: string) => s.request('GET', `/v3/sms/history${q}`, { as: who });

  before(async () => {
    s = await startServer({ clock, env: { DISPATCH: '0', SMS_RECEIPT_DELAY_MS: '0' } });
    who = await s.createAccount('sms-history');
    start = nowS();
    // 20 messages, one a minute; the 5th fails, the 10th is cancelled, every 4th carries a custom string.
    for (let i = 0; i < 20; i++) {
      const to = i === 4 ? SANDBOX.failsPermanently : mobile(i);
      const m = {
        to,
        body: i === 7 ? 'Your Parcel, "ABC-1", is here' : `Message number ${i}`,
        from: i % 2 ? 'Sendbox' : '+61400000001',
        ...(i % 4 === 0 ? { custom_string: `Order-${i}` } : {}),
        ...(i === 9 ? { schedule: nowS() + 86_400 } : {}),
      };
      ids.push((await sendSms(s, [m], who)).body.data.messages[0].message_id);
      t += 60_000;
    }
    while ((await s.services.dispatcher.runOnce()).claimed > 0);
    await s.services.sms.receiptSweep.runOnce();
    await s.request('PUT', `/v3/sms/${ids[9]}/cancel`, { as: who });
  });
  after(() => s.close());

  it('pages newest first with every documented field, numbers printed as strings as ClickSend does', async () => {
    const r = await get('');
    assert.equal(r.status, 200);
    const d = r.body.data;
    assert.deepEqual([d.total, d.per_page, d.current_page, d.last_page, d.from, d.to, d.prev_page_url], [20, 15, 1, 2, 1, 15, null]);
    assert.equal(d.next_page_url, `${s.origin}/v3/sms/history?page=2`);
    assert.deepEqual(
      d.data.map((h: any) => h.message_id),
      ids.slice(5).reverse(),
    );
    const h = d.data.find((x: any) => x.message_id === ids[8]);
    assert.deepEqual(Object.keys(h).sort(), HISTORY_FIELDS);
    assert.deepEqual(
      [h.date, h.schedule, h.message_parts, h.message_price, h.status, h.status_code, h.custom_string, h.from, h.to, h.direction, h.contact_id, h.list_id, h.user_id, h._api_username],
      [
        String(start + 8 * 60),
        String(start + 8 * 60),
        '1.00',
        (s.services.pricing.smsRateMicros('AU', 'AUD') / 1e6).toFixed(6),
        'Sent',
        '201',
        'Order-8',
        '+61400000001',
        mobile(8),
        'out',
        0,
        null,
        who.accountId,
        'sms-history',
      ],
    );
    const p2 = await get('?page=2');
    assert.deepEqual(
      p2.body.data.data.map((x: any) => x.message_id),
      ids.slice(0, 5).reverse(),
    );
  });

  it('filters by date_from and date_to, both inclusive', async () => {
    const r = await get(`?date_from=${start + 2 * 60}&date_to=${start + 4 * 60}`);
    assert.deepEqual(
      r.body.data.data.map((h: any) => h.message_id),
      [ids[4], ids[3], ids[2]],
    );
    assert.equal((await get(`?date_from=${start + 4 * 60}&date_to=${start + 2 * 60}`)).body.data.total, 0);
  });

  it('filters with q= pairs, ignoring case; AND by default, OR on request', async () => {
    const idsOf = async (q: string) => (await get(q)).body.data.data.map((h: any) => h.message_id).sort();
    assert.deepEqual(await idsOf('?q=status:failed'), [ids[4]]);
    assert.deepEqual(await idsOf('?q=status_code:301,status:Cancelled'), [ids[9]], 'a cancelled message is 301 too');
    assert.deepEqual(await idsOf(`?q=to:${encodeURIComponent(mobile(3))}`), [ids[3]]);
    assert.deepEqual(await idsOf(`?q=to:${mobile(3)}`), [ids[3]], 'an unescaped + (read as a space) still finds the number');
    assert.deepEqual(await idsOf('?q=custom_string:ORDER-12'), [ids[12]]);
    assert.deepEqual(await idsOf('?q=body:PARCEL'), [ids[7]]);
    assert.deepEqual(await idsOf('?q=from:sendbox,custom_string:order-0'), [], 'AND: message 0 is from a number');
    assert.deepEqual(await idsOf('?q=from:sendbox,custom_string:order-0&operator=OR&limit=100'), [...ids.filter((_, i) => i % 2 === 1), ids[0]].sort());
    assert.deepEqual(await idsOf('?q=status:WaitApproval'), [], 'a status nothing has');
    const bad = await get('?q=colour:red');
    assert.deepEqual([bad.status, bad.body.response_code], [400, 'BAD_REQUEST']);
    assert.match(bad.body.response_msg, /unknown field "colour"/);
    assert.equal((await get('?q=nocolon')).status, 400);
  });

  it('orders by order_by, and refuses one it cannot', async () => {
    const asc = await get('?order_by=date:asc&limit=100');
    assert.deepEqual(
      asc.body.data.data.map((h: any) => h.message_id),
      ids,
    );
    const bySchedule = await get('?order_by=schedule:desc&limit=1');
    assert.equal(bySchedule.body.data.data[0].message_id, ids[9], 'the message scheduled a day ahead');
    for (const bad of ['colour:asc', 'date:sideways', 'date:asc:more']) {
      const r = await get(`?order_by=${bad}`);
      assert.deepEqual([r.status, r.body.response_code], [400, 'BAD_REQUEST'], bad);
      assert.match(r.body.response_msg, /order_by/);
    }
  });

  it('exports the same records as CSV behind a URL of ClickSend’s shape, filters included', async () => {
    const r = await s.request('GET', '/v3/sms/history/export?filename=my-history.csv', { as: who });
    assert.deepEqual([r.status, r.body.response_msg], [200, 'Download your file here.']);
    assert.match(r.body.data.url, new RegExp(`^${s.origin}/files/[0-9A-F-]{36}\\.csv\\?filename=my-history\\.csv$`));
    const file = await fetch(r.body.data.url);
    assert.equal(file.status, 200);
    assert.match(file.headers.get('content-disposition') ?? '', /my-history\.csv/);
    const [header, ...rows] = parseCsv(await file.text());
    const col = (name: string) => header!.indexOf(name);
    assert.equal(rows.length, 20);
    assert.deepEqual(
      rows.map((x) => x[col('message_id')]),
      [...ids].reverse(),
    );
    const history = (await get('?limit=100')).body.data.data;
    for (const [i, row] of rows.entries()) {
      for (const name of header!) assert.equal(row[col(name)], String(history[i][name] ?? ''), `${name} of row ${i}`);
    }
    const filtered = await s.request('GET', '/v3/sms/history/export?filename=f.csv&q=status:failed', { as: who });
    const [, ...only] = parseCsv(await (await fetch(filtered.body.data.url)).text());
    assert.deepEqual(
      only.map((x) => x[col('message_id')]),
      [ids[4]],
    );
    const missing = await s.request('GET', '/v3/sms/history/export', { as: who });
    assert.deepEqual([missing.status, missing.body.response_code], [400, 'BAD_REQUEST']);
    assert.match(missing.body.response_msg, /filename/);
  });

  it('exports thousands of records across keyset batches, each once and in order', async () => {
    const bulk = await s.createAccount('sms-history-bulk');
    await s.services.ledger.credit({ accountId: bulk.accountId, amountMicros: 1_000_000_000, description: 'top-up' });
    for (let c = 0; c < 3; c++) {
      const r = await sendSms(
        s,
        Array.from({ length: 900 }, (_, i) => ({ to: mobile(10_000 + c * 900 + i), body: `bulk ${c}` })),
        bulk,
      );
      assert.equal(r.body.data.queued_count, 900);
      t += 1_000;
    }
    const r = await s.request('GET', '/v3/sms/history/export?filename=bulk.csv', { as: bulk });
    const [header, ...rows] = parseCsv(await (await fetch(r.body.data.url)).text());
    const ids = rows.map((x) => x[header!.indexOf('message_id')]);
    assert.equal(ids.length, 2700);
    assert.equal(new Set(ids).size, 2700);
    const dates = rows.map((x) => Number(x[header!.indexOf('date')]));
    assert.deepEqual(
      dates,
      [...dates].sort((a, b) => b - a),
      'newest first throughout',
    );
  });
});
