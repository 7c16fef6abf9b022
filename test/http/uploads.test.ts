import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { basicAuth, startServer, type TestServer } from '../helpers/server.js';
import {
  bmpFixture,
  colourName,
  docxFixture,
  encryptedPdfFixture,
  gifFixture,
  headerOnlyPdfFixture,
  jpegFixture,
  needsSoffice,
  pageSizes,
  pdfFixture,
  pngFixture,
  renderPage,
  truncatedPdfFixture,
} from '../helpers/uploads.js';

const MM = 72 / 25.4;
const TEN_MB = 10 * 1024 * 1024;

/** POST /v3/uploads as multipart/form-data, through fetch's own encoder. */
async function postMultipart(s: TestServer, query: string, files: Array<{ field?: string; name: string; bytes: Buffer }>, fields: Record<string, string> = {}, who = s.owner) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append(f.field ?? 'file', new Blob([new Uint8Array(f.bytes)]), f.name);
  const res = await fetch(`${s.origin}/v3/uploads${query}`, { method: 'POST', headers: { authorization: basicAuth(who.username, who.apiKey) }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

const postJson = (s: TestServer, query: string, body: unknown, as?: { username: string; apiKey: string }) => s.request('POST', `/v3/uploads${query}`, { body, ...(as ? { as } : {}) });

async function download(url: string): Promise<Buffer> {
  const r = await fetch(url);
  assert.equal(r.status, 200, `GET ${url}`);
  return Buffer.from(await r.arrayBuffer());
}

function approx(actual: number, expected: number, what: string) {
  assert.ok(Math.abs(actual - expected) < 0.5, `${what}: ${actual} ≠ ${expected}`);
}

describe('POST /v3/uploads', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('stores a JSON base64 PDF unchanged and answers with the documented record', async () => {
    const pdf = await pdfFixture(2);
    const r = await postJson(s, '?convert=postcard', { content: pdf.toString('base64') });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_code, 'SUCCESS');
    assert.equal(r.body.response_msg, 'Your file has been uploaded.');
    const d = r.body.data;
    assert.deepEqual(Object.keys(d).sort(), ['_url', 'date_added', 'date_delete', 'file_name', 'upload_id', 'user_id']);
    assert.match(d.file_name, /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\.pdf$/);
    assert.equal(d._url, `${s.origin}/files/${d.file_name}`);
    assert.equal(typeof d.upload_id, 'number');
    assert.equal(d.user_id, s.owner.accountId);
    assert.ok(Number.isInteger(d.date_added) && Math.abs(d.date_added - Date.now() / 1000) < 60);
    assert.equal(d.date_delete - d.date_added, 7 * 86_400, 'UPLOAD_TTL defaults to 7 days');
    assert.deepEqual(await download(d._url), pdf, 'a valid PDF passes through byte for byte');
    const row = await s.services.uploads.repo.findByFileName(d.file_name);
    assert.equal(row?.account_id, s.owner.accountId);
    assert.equal(row?.source_type, 'pdf');
    assert.equal(row?.convert_to, 'postcard');
  });

  it('accepts convert in the JSON body when the query has none', async () => {
    const r = await postJson(s, '', { content: (await pdfFixture(1)).toString('base64'), convert: 'post' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal((await s.services.uploads.repo.findByFileName(r.body.data.file_name))?.convert_to, 'post');
  });

  it('takes a multipart file part, whatever its field name, and a convert field', async () => {
    const pdf = await pdfFixture(1);
    const a = await postMultipart(s, '?convert=post', [{ name: 'letter.pdf', bytes: pdf }]);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.deepEqual(await download(a.body.data._url), pdf);
    const b = await postMultipart(s, '', [{ field: 'upload', name: 'x.bin', bytes: pdf }], { convert: 'postcard' });
    assert.equal(b.status, 200, JSON.stringify(b.body));
  });

  it('detects the type from the content, not the file name', async () => {
    const r = await postMultipart(s, '?convert=postcard', [{ name: 'photo.pdf', bytes: await pngFixture(300, 200) }]);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal((await s.services.uploads.repo.findByFileName(r.body.data.file_name))?.source_type, 'png');
    const fake = await postMultipart(s, '?convert=postcard', [{ name: 'card.pdf', bytes: Buffer.from('just some text, not a PDF') }]);
    assert.equal(fake.status, 400);
    assert.match(fake.body.response_msg, /accepts PDF, DOC, DOCX, RTF, ODT, JPG, PNG, GIF and BMP files; this file looks like plain text/);
  });

  it('fills an A5 landscape bleed page (216 × 154 mm) with a landscape image for postcards, centred, the overflow cropped', async () => {
    const r = await postJson(s, '?convert=postcard', { content: (await pngFixture(600, 300)).toString('base64') });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const pdf = await download(r.body.data._url);
    const [size] = await pageSizes(pdf);
    approx(size!.width, 216 * MM, 'width');
    approx(size!.height, 154 * MM, 'height');
    // 600×300 (2:1) covering 216×154 mm: 154 mm tall, 308 mm wide, 46 mm cropped each side; no white anywhere.
    const page = await renderPage(pdf, 1, 1);
    assert.equal(colourName(page.colourAt(0.5, 0.01)), 'red');
    assert.equal(colourName(page.colourAt(0.01, 0.3)), 'red');
    assert.equal(colourName(page.colourAt(0.99, 0.3)), 'red');
    assert.equal(colourName(page.colourAt(0.01, 0.7)), 'blue');
    assert.equal(colourName(page.colourAt(0.5, 0.99)), 'blue');
  });

  it('fills an A5 portrait bleed page for a portrait image, and puts letters on A4 portrait', async () => {
    const portrait = await postJson(s, '?convert=postcard', { content: (await jpegFixture(200, 300)).toString('base64') });
    assert.equal(portrait.status, 200, JSON.stringify(portrait.body));
    const [p] = await pageSizes(await download(portrait.body.data._url));
    approx(p!.width, 154 * MM, 'width');
    approx(p!.height, 216 * MM, 'height');

    const letter = await postJson(s, '?convert=post', { content: (await jpegFixture(600, 300)).toString('base64') });
    assert.equal(letter.status, 200, JSON.stringify(letter.body));
    const [a4] = await pageSizes(await download(letter.body.data._url));
    approx(a4!.width, 210 * MM, 'width');
    approx(a4!.height, 297 * MM, 'height');
  });

  for (const [kind, make] of [
    ['GIF', () => gifFixture(300, 200)],
    ['BMP', async () => bmpFixture(300, 200)],
  ] as const) {
    it(`decodes a ${kind} and places it on the page`, async () => {
      const r = await postMultipart(s, '?convert=postcard', [{ name: `image.${kind.toLowerCase()}`, bytes: await make() }]);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const page = await renderPage(await download(r.body.data._url), 1, 1);
      assert.equal(colourName(page.colourAt(0.5, 0.25)), 'red');
      assert.equal(colourName(page.colourAt(0.5, 0.75)), 'blue');
    });
  }

  it('converts a docx to PDF with LibreOffice', { skip: needsSoffice }, async () => {
    const docx = await docxFixture(['Dear Ada,', 'Thank you for the postcard.']);
    const r = await postMultipart(s, '?convert=post', [{ name: 'letter.docx', bytes: docx }]);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const pdf = await download(r.body.data._url);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal((await s.services.uploads.repo.findByFileName(r.body.data.file_name))?.source_type, 'docx');
  });

  it('runs two docx conversions at once, each with its own LibreOffice profile', { skip: needsSoffice }, async () => {
    const [a, b] = await Promise.all([
      postMultipart(s, '?convert=post', [{ name: 'a.docx', bytes: await docxFixture(['First letter'].concat(Array(40).fill('Lorem ipsum dolor sit amet.'))) }]),
      postMultipart(s, '?convert=post', [{ name: 'b.docx', bytes: await docxFixture(['Second letter'].concat(Array(40).fill('Consectetur adipiscing elit.'))) }]),
    ]);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(b.status, 200, JSON.stringify(b.body));
    assert.notEqual(a.body.data.file_name, b.body.data.file_name);
    for (const r of [a, b]) assert.equal((await download(r.body.data._url)).subarray(0, 5).toString('latin1'), '%PDF-');
  });

  it('refuses an encrypted PDF and says so', async () => {
    const r = await postJson(s, '?convert=postcard', { content: (await encryptedPdfFixture()).toString('base64') });
    assert.equal(r.status, 400);
    assert.equal(r.body.response_code, 'BAD_REQUEST');
    assert.match(r.body.response_msg, /The PDF is encrypted/);
  });

  it('refuses a truncated or corrupt PDF and says what is wrong', async () => {
    const truncated = await postJson(s, '?convert=postcard', { content: (await truncatedPdfFixture()).toString('base64') });
    assert.equal(truncated.status, 400);
    assert.match(truncated.body.response_msg, /^The PDF cannot be read: .*(damaged near byte \d+|document catalogue)/);
    const headerOnly = await postJson(s, '?convert=post', { content: headerOnlyPdfFixture().toString('base64') });
    assert.equal(headerOnly.status, 400);
    assert.match(headerOnly.body.response_msg, /The PDF cannot be read: it has no readable document catalogue/);
  });

  it('requires convert and names the allowed values', async () => {
    const content = (await pdfFixture(1)).toString('base64');
    const missing = await postJson(s, '', { content });
    assert.equal(missing.status, 400);
    assert.match(missing.body.response_msg, /convert is required .* one of post, postcard, fax, mms, csv/);
    const unknown = await postJson(s, '?convert=poster', { content });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.response_msg, /convert must be one of post, postcard, fax, mms, csv; got "poster"/);
    for (const later of ['fax', 'mms']) {
      const r = await postJson(s, `?convert=${later}`, { content });
      assert.equal(r.status, 400, later);
      assert.match(r.body.response_msg, new RegExp(`convert=${later} is for .* which this server does not offer yet`));
    }
    const pdfAsCsv = await postJson(s, '?convert=csv', { content });
    assert.equal(pdfAsCsv.status, 400);
    assert.match(pdfAsCsv.body.response_msg, /convert=csv accepts CSV, XLS, XLSX and ODS files; this file looks like a PDF file/);
    const clash = await postJson(s, '?convert=post', { content, convert: 'postcard' });
    assert.equal(clash.status, 400);
    assert.match(clash.body.response_msg, /convert is "post" in the query but "postcard" in the body/);
  });

  it('refuses content that is missing or not base64', async () => {
    const none = await postJson(s, '?convert=post', {});
    assert.equal(none.status, 400);
    assert.match(none.body.response_msg, /content/);
    const bad = await postJson(s, '?convert=post', { content: 'JVBERi0x*LjcK' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.response_msg, /content is not valid base64: unexpected character "\*" at position 8/);
  });

  it('refuses files over 10 MB with 413 naming the limit, in JSON and multipart', async () => {
    const big = Buffer.concat([await pdfFixture(1), Buffer.alloc(TEN_MB)]);
    const json = await postJson(s, '?convert=post', { content: big.toString('base64') });
    assert.equal(json.status, 413, JSON.stringify(json.body));
    assert.equal(json.body.response_code, 'PAYLOAD_TOO_LARGE');
    assert.match(json.body.response_msg, /limited to 10 MB/);
    const form = await postMultipart(s, '?convert=post', [{ name: 'big.pdf', bytes: big }]);
    assert.equal(form.status, 413, JSON.stringify(form.body));
    assert.equal(form.body.response_code, 'PAYLOAD_TOO_LARGE');
    assert.match(form.body.response_msg, /limited to 10 MB/);
    const huge = await s.request('POST', '/v3/uploads?convert=post', { raw: JSON.stringify({ content: 'A'.repeat(17 * 1024 * 1024) }) });
    assert.equal(huge.status, 413);
    assert.match(huge.body.response_msg, /uploads are limited to 10 MB per file/);
  });

  it('accepts a file of exactly 10 MB sent as base64 JSON', async () => {
    const pdf = await pdfFixture(1);
    // Bytes after %%EOF are ignored by PDF readers; they pad the file to the limit.
    const exact = Buffer.concat([pdf, Buffer.alloc(TEN_MB - pdf.length, 0x20)]);
    const r = await postJson(s, '?convert=post', { content: exact.toString('base64') });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });

  it('refuses a multipart body with two files or none', async () => {
    const pdf = await pdfFixture(1);
    const two = await postMultipart(s, '?convert=post', [
      { name: 'a.pdf', bytes: pdf },
      { field: 'file2', name: 'b.pdf', bytes: pdf },
    ]);
    assert.equal(two.status, 400, JSON.stringify(two.body));
    assert.match(two.body.response_msg, /exactly one file part/);
    const none = await postMultipart(s, '?convert=post', [], { note: 'no file' });
    assert.equal(none.status, 400);
    assert.match(none.body.response_msg, /no file part/);
  });

  it('refuses other content types with a message naming the two encodings', async () => {
    const r = await s.request('POST', '/v3/uploads?convert=post', { raw: Buffer.from('%PDF-1.7'), contentType: 'application/pdf' });
    assert.equal(r.status, 415);
    assert.match(r.body.response_msg, /application\/json .* or as multipart\/form-data/);
  });

  it('needs credentials, and access_post for post and postcard conversions', async () => {
    const content = (await pdfFixture(1)).toString('base64');
    const anon = await s.request('POST', '/v3/uploads?convert=post', { body: { content }, as: null });
    assert.equal(anon.status, 401);
    const sub = await s.request('POST', '/v3/subaccounts', {
      body: { api_username: 'no-post-sub', password: 'password-123', email: 'np@example.com', phone_number: '+61411111111', first_name: 'N', last_name: 'P', access_post: 0 },
    });
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    const who = { username: 'no-post-sub', apiKey: sub.body.data.api_key };
    const r = await postJson(s, '?convert=postcard', { content }, who);
    assert.equal(r.status, 403);
    assert.match(r.body.response_msg, /access_post/);
  });

  it("records the uploader's account as user_id; the file URL itself is the capability (no list or get route to scope)", async () => {
    const other = await s.createAccount('uploader2');
    const r = await postJson(s, '?convert=post', { content: (await pdfFixture(1)).toString('base64') }, other);
    assert.equal(r.status, 200);
    assert.equal(r.body.data.user_id, other.accountId);
    assert.notEqual(r.body.data.user_id, s.owner.accountId);
    // As on ClickSend, whoever holds the unguessable URL can fetch the file, without credentials.
    assert.equal((await fetch(r.body.data._url)).status, 200);
  });
});

describe('POST /v3/uploads without LibreOffice', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ env: { SOFFICE_PATH: '/nonexistent/libreoffice/program/soffice' } });
  });
  after(() => s.close());

  it('answers 400 naming the missing converter for a docx, and still takes PDFs and images', async () => {
    const r = await postMultipart(s, '?convert=post', [{ name: 'letter.docx', bytes: await docxFixture(['Hello']) }]);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.response_code, 'BAD_REQUEST');
    assert.match(r.body.response_msg, /Cannot convert this DOCX to PDF: the document converter LibreOffice is not available on this server \(SOFFICE_PATH names a file that does not exist\)/);
    const pdf = await postMultipart(s, '?convert=post', [{ name: 'letter.pdf', bytes: await pdfFixture(1) }]);
    assert.equal(pdf.status, 200);
    const png = await postMultipart(s, '?convert=postcard', [{ name: 'card.png', bytes: await pngFixture() }]);
    assert.equal(png.status, 200);
  });
});
