import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { docxFixture, needsSoffice, pageSizes, pdfFixture, pngFixture } from '../helpers/uploads.js';

const MM = 72 / 25.4;

describe('UploadApi (official SDK)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  const uploadFile = (bytes: Buffer) => Object.assign(new clicksend.UploadFile(), { content: bytes.toString('base64') });

  it('uploadsPost hosts a PDF and answers with the documented fields and types', async () => {
    const pdf = await pdfFixture(2);
    const r = await call(sdk(s, 'UploadApi').uploadsPost(uploadFile(pdf), 'postcard'));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.http_code, 200);
    assert.equal(r.body.response_code, 'SUCCESS');
    assert.equal(r.body.response_msg, 'Your file has been uploaded.');
    const d = r.body.data;
    for (const k of ['_url', 'file_name'] as const) assert.equal(typeof d[k], 'string', k);
    for (const k of ['upload_id', 'user_id', 'date_added', 'date_delete'] as const) assert.ok(Number.isInteger(d[k]), k);
    assert.equal(d.user_id, s.owner.accountId);
    assert.ok(d.date_delete > d.date_added);
    assert.match(d._url, new RegExp(`^${s.origin}/files/[0-9A-F-]{36}\\.pdf$`));
    const served = Buffer.from(await (await fetch(d._url)).arrayBuffer());
    assert.deepEqual(served, pdf);
  });

  it('uploadsPost with convert=post turns a docx into a PDF, and convert=postcard puts a PNG on an A5 page with bleed', { skip: needsSoffice }, async () => {
    const letter = await call(sdk(s, 'UploadApi').uploadsPost(uploadFile(await docxFixture(['Hello from the SDK'])), 'post'));
    assert.equal(letter.status, 200, JSON.stringify(letter.body));
    const letterPdf = Buffer.from(await (await fetch(letter.body.data._url)).arrayBuffer());
    assert.equal(letterPdf.subarray(0, 5).toString('latin1'), '%PDF-');

    const card = await call(sdk(s, 'UploadApi').uploadsPost(uploadFile(await pngFixture(420, 297)), 'postcard'));
    assert.equal(card.status, 200, JSON.stringify(card.body));
    const [size] = await pageSizes(Buffer.from(await (await fetch(card.body.data._url)).arrayBuffer()));
    assert.ok(Math.abs(size!.width - 216 * MM) < 0.5 && Math.abs(size!.height - 154 * MM) < 0.5, JSON.stringify(size));
  });

  it('uploadsPost rejects a convert value for a channel not offered yet with 400 in the envelope', async () => {
    const r = await call(sdk(s, 'UploadApi').uploadsPost(uploadFile(await pdfFixture(1)), 'fax'));
    assert.equal(r.status, 400);
    assert.equal(r.body.response_code, 'BAD_REQUEST');
    assert.match(r.body.response_msg, /convert=fax is for the fax channel, which this server does not offer yet/);
    assert.equal(r.body.data, null);
  });

  it('uploadsPost without valid credentials gets 401 in the envelope', async () => {
    const r = await call(sdk(s, 'UploadApi', { username: s.owner.username, apiKey: 'wrong' }).uploadsPost(uploadFile(await pdfFixture(1)), 'post'));
    assert.equal(r.status, 401);
    assert.equal(r.body.response_code, 'UNAUTHORIZED');
  });
});
