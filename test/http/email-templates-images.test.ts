import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createCanvas } from '@napi-rs/canvas';
import { startServer, type TestServer } from '../helpers/server.js';

/** A real PNG of the given size, drawn for the test. */
function png(width = 40, height = 30): Buffer {
  const c = createCanvas(width, height);
  const g = c.getContext('2d');
  g.fillStyle = '#3a7';
  g.fillRect(0, 0, width, height);
  return c.toBuffer('image/png');
}

/** A loopback HTTP server answering each path with a fixed body and type. */
async function imageHost(routes: Record<string, { type: string; body: Buffer }>) {
  const server = http.createServer((req, res) => {
    const r = routes[req.url ?? ''];
    if (!r) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': r.type, 'content-length': r.body.length }).end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function multipart(s: TestServer, p: string, parts: Array<{ name: string; value: Buffer | string; filename?: string; type?: string }>) {
  const form = new FormData();
  for (const part of parts) {
    if (typeof part.value === 'string') form.append(part.name, part.value);
    else form.append(part.name, new Blob([new Uint8Array(part.value)], { type: part.type ?? 'application/octet-stream' }), part.filename ?? 'file.bin');
  }
  const auth = `Basic ${Buffer.from(`${s.owner.username}:${s.owner.apiKey}`).toString('base64')}`;
  const res = await fetch(`${s.origin}${p}`, { method: 'POST', headers: { authorization: auth }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

describe('template images over HTTP', () => {
  let s: TestServer;
  let host: Awaited<ReturnType<typeof imageHost>>;
  let templateId: number;
  const image = png();
  before(async () => {
    s = await startServer({ env: { EMAIL_TEMPLATE_IMAGE_MAX_BYTES: '20000', ALLOW_PRIVATE_URLS: '1' } });
    host = await imageHost({
      '/pic.png': { type: 'image/png', body: image },
      '/page.html': { type: 'image/png', body: Buffer.from('<!doctype html><p>not an image</p>') },
      '/big.png': { type: 'image/png', body: Buffer.concat([image, Buffer.alloc(30_000)]) },
    });
    templateId = (await s.request('POST', '/v3/email/templates', { body: { template_name: 'with images', template_id_master: 1 } })).body.data.template_id;
  });
  after(async () => {
    await host.close();
    await s.close();
  });

  const post = (body: unknown, id = templateId) => s.request('POST', `/v3/email/templates-images/${id}`, { body });

  async function assertServed(url: string, bytes: Buffer, type: string) {
    assert.ok(url.startsWith(`${s.origin}/files/`), url);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), type);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
  }

  it('stores a base64 image (JSON) and answers its public URL as data', async () => {
    const r = await post({ image: image.toString('base64') });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_msg, 'Here is your uploaded image.');
    assert.equal(typeof r.body.data, 'string');
    assert.match(r.body.data, /\.png$/);
    await assertServed(r.body.data, image, 'image/png');
    const rows = await s.dbh.db.selectFrom('email_template_images').selectAll().where('template_id', '=', templateId).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.account_id, s.owner.accountId);
  });

  it('accepts a data: URL prefix and a multipart image part', async () => {
    const a = await post({ image: `data:image/png;base64,${image.toString('base64')}` });
    assert.equal(a.status, 200, JSON.stringify(a.body));
    const b = await multipart(s, `/v3/email/templates-images/${templateId}`, [{ name: 'image', value: image, filename: 'x.png', type: 'image/png' }]);
    assert.equal(b.status, 200, JSON.stringify(b.body));
    await assertServed(b.body.data, image, 'image/png');
  });

  it('fetches an image from url (multipart field or JSON)', async () => {
    const r = await post({ url: `${host.origin}/pic.png` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await assertServed(r.body.data, image, 'image/png');
    const m = await multipart(s, `/v3/email/templates-images/${templateId}`, [{ name: 'url', value: `${host.origin}/pic.png` }]);
    assert.equal(m.status, 200, JSON.stringify(m.body));
  });

  it('refuses what is not an image whatever its name or declared type, naming the field', async () => {
    const html = Buffer.from('<!doctype html><p>hi</p>');
    const a = await post({ image: html.toString('base64') });
    assert.equal(a.status, 400);
    assert.match(a.body.response_msg, /^image is not a JPG, PNG, GIF or BMP image: it looks like an HTML page/);
    const b = await multipart(s, `/v3/email/templates-images/${templateId}`, [{ name: 'image', value: Buffer.from('%PDF-1.4 x'), filename: 'x.png', type: 'image/png' }]);
    assert.equal(b.status, 400);
    assert.match(b.body.response_msg, /image is not a JPG, PNG, GIF or BMP image: it looks like a PDF file/);
    const c = await post({ url: `${host.origin}/page.html` });
    assert.equal(c.status, 400);
    assert.match(c.body.response_msg, /^url is not a JPG, PNG, GIF or BMP image/);
  });

  it('caps the size (EMAIL_TEMPLATE_IMAGE_MAX_BYTES) for every source with 413 or 400 naming the field', async () => {
    const big = Buffer.concat([image, Buffer.alloc(30_000)]);
    const a = await post({ image: big.toString('base64') });
    assert.deepEqual([a.status, a.body.response_code], [413, 'PAYLOAD_TOO_LARGE']);
    assert.match(a.body.response_msg, /^image is/);
    const b = await multipart(s, `/v3/email/templates-images/${templateId}`, [{ name: 'image', value: big, filename: 'big.png', type: 'image/png' }]);
    assert.equal(b.status, 413);
    assert.match(b.body.response_msg, /image/);
    const c = await post({ url: `${host.origin}/big.png` });
    assert.equal(c.status, 400);
    assert.match(c.body.response_msg, /^url could not be fetched: .* over the limit/);
  });

  for (const [what, body, message] of [
    ['neither image nor url', {}, /image or url is required/],
    ['both image and url', { image: 'aGk=', url: 'https://example.com/x.png' }, /either image or url, not both/],
    ['invalid base64', { image: 'not base64!!' }, /image is not valid base64/],
    ['a url that is not http(s)', { url: 'ftp://example.com/x.png' }, /url must be an http\(s\) URL/],
  ] as Array<[string, unknown, RegExp]>) {
    it(`refuses ${what} with 400`, async () => {
      const r = await post(body);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.match(r.body.response_msg, message);
    });
  }

  it('answers 404 for a template that is not the caller’s (unknown or deleted), storing nothing', async () => {
    const before = (await s.dbh.db.selectFrom('email_template_images').selectAll().execute()).length;
    assert.equal((await post({ image: image.toString('base64') }, 999_999)).status, 404);
    assert.equal((await s.dbh.db.selectFrom('email_template_images').selectAll().execute()).length, before);
  });
});

describe('template images from private addresses', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('refuses a url on a private address (ALLOW_PRIVATE_URLS off) with 400 naming url', async () => {
    const id = (await s.request('POST', '/v3/email/templates', { body: { template_name: 't', template_id_master: 1 } })).body.data.template_id;
    for (const url of ['http://127.0.0.1:9/x.png', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.1/a.png']) {
      const r = await s.request('POST', `/v3/email/templates-images/${id}`, { body: { url } });
      assert.equal(r.status, 400, url);
      assert.match(r.body.response_msg, /^url could not be fetched: .*(private|loopback|link-local|not allowed)/i);
    }
  });
});
