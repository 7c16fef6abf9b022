// Ink under the address zone over real HTTP: the postcard preflight's cardWarnings reach every accepted recipient's
// `_warnings` in the send and price answers and in history. The plumbing from cardWarnings to `_warnings` is the
// "fonts" part of issue 9: these cases pass once both parts are merged.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, rgb } from 'pdf-lib';
import { type FileServer, PT_PER_MM as MM, recipient } from '../helpers/post.js';
import { startPostSuite } from '../helpers/post-suite.js';
import type { TestServer } from '../helpers/server.js';

const INK_37 = 'Back page: artwork covers 37% of the address zone (100 × 55 mm at the bottom right, 5 mm inside the trim); it will be painted white under the address.';

/** A two-page A5 card: a full-colour front, and a back clean or with a dark block over the zone's left 37 %. */
async function card(inkedBack: boolean): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const [w, h] = [210 * MM, 148 * MM];
  doc.addPage([w, h]).drawRectangle({ x: 0, y: 0, width: w, height: h, color: rgb(0.2, 0.45, 0.8) });
  const back = doc.addPage([w, h]);
  // The message half (left) may carry anything; the zone is x 105–205 mm, y 5–60 mm from the bottom left.
  back.drawRectangle({ x: 0, y: 0, width: 100 * MM, height: h, color: rgb(0.9, 0.3, 0.2) });
  if (inkedBack) back.drawRectangle({ x: 105 * MM, y: 5 * MM, width: 37 * MM, height: 55 * MM, color: rgb(0.1, 0.1, 0.1) });
  return Buffer.from(await doc.save());
}

describe('postcard artwork under the address zone (HTTP)', () => {
  let s: TestServer;
  let files: FileServer;
  let ra: number;
  before(async () => {
    ({ s, files, ra } = await startPostSuite({ '/inked.pdf': await card(true), '/clean.pdf': await card(false) }));
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  it('warns every accepted recipient, in the send answer, the price answer and history, naming the zone and the share', async () => {
    const body = { file_urls: [files.url('/inked.pdf')], recipients: [recipient(ra), recipient(ra, { address_name: 'Jane Citizen' })] };
    const sent = await s.request('POST', '/v3/post/postcards/send', { body });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    for (const r of sent.body.data.recipients) assert.ok(r._warnings.includes(INK_37), JSON.stringify(r._warnings));
    const priced = await s.request('POST', '/v3/post/postcards/price', { body });
    assert.equal(priced.status, 200, JSON.stringify(priced.body));
    for (const r of priced.body.data.recipients) assert.ok(r._warnings.includes(INK_37), JSON.stringify(r._warnings));
    const ids = new Set(sent.body.data.recipients.map((r: { message_id: string }) => r.message_id));
    const history = (await s.request('GET', '/v3/post/postcards/history')).body.data.data.filter((h: { message_id: string }) => ids.has(h.message_id));
    assert.equal(history.length, 2);
    for (const h of history) assert.ok(h._warnings.includes(INK_37), JSON.stringify(h._warnings));
  });

  it('gives no artwork warning for a back whose address zone is clear', async () => {
    const sent = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: [files.url('/clean.pdf')], recipients: [recipient(ra)] } });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const warnings: string[] = sent.body.data.recipients[0]._warnings;
    assert.ok(Array.isArray(warnings), 'every accepted recipient carries _warnings');
    assert.deepEqual(
      warnings.filter((w) => /address zone/.test(w)),
      [],
    );
  });
});
