// ClickSend's documented post flow on a default install (no ALLOW_PRIVATE_URLS): upload with convert=postcard|post,
// then send the upload's _url. The server's own file URLs are read from its FileStore, never fetched over HTTP.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { a4Letter, createReturnAddress, postcardPdf } from '../helpers/post.js';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { pngFixture } from '../helpers/uploads.js';
import { startServer, type TestServer } from '../helpers/server.js';

function manualClock(startMs = Date.now()) {
  let t = startMs;
  return { nowMs: () => t, advance: (seconds: number) => void (t += seconds * 1000) };
}

const recipient = (returnAddressId: number) =>
  Object.assign(new clicksend.PostRecipient(), {
    addressName: 'John Smith',
    addressLine1: '130 Scheuvront Drive',
    addressLine2: '',
    addressCity: 'Perth',
    addressState: 'WA',
    addressPostalCode: '6000',
    addressCountry: 'AU',
    returnAddressId,
  });

const postcard = (urls: string[], ra: number) => Object.assign(new clicksend.PostPostcard(), { fileUrls: urls, recipients: [recipient(ra)] });
const letter = (url: string, ra: number) => Object.assign(new clicksend.PostLetter(), { fileUrl: url, recipients: [recipient(ra)], templateUsed: 0, colour: 0, duplex: 0, priorityPost: 0 });
const uploadFile = (bytes: Buffer) => Object.assign(new clicksend.UploadFile(), { content: bytes.toString('base64') });

/** A raw JSON POST with a chosen Host header (fetch does not let a caller set it). */
function postWithHost(s: TestServer, path: string, host: string, body: unknown): Promise<{ status: number; body: any }> {
  const port = new URL(s.origin).port;
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          host,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Basic ${Buffer.from(`${s.owner.username}:${s.owner.apiKey}`).toString('base64')}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('upload, then send its _url, with default settings (official SDK)', () => {
  const clock = manualClock();
  let s: TestServer;
  let ra: number;
  before(async () => {
    // Deliberately no ALLOW_PRIVATE_URLS: PUBLIC_URL is http://127.0.0.1:PORT, a loopback address.
    s = await startServer({ clock, env: { POST_HANDOFF_DELAY_MS: '0', SIGNUP_CREDIT: '500.00' } });
    assert.equal(s.config.allowPrivateUrls, false);
    ra = await createReturnAddress(s);
  });
  after(() => s.close());

  const upload = async (bytes: Buffer, convert: 'post' | 'postcard', as?: { username: string; apiKey: string }) => {
    const r = await call(sdk(s, 'UploadApi', as).uploadsPost(uploadFile(bytes), convert));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(r.body.data._url.startsWith(`${s.origin}/files/`), r.body.data._url);
    return r.body.data as { _url: string; file_name: string };
  };

  it('sends a postcard from the upload _url of convert=postcard', async () => {
    const u = await upload(await postcardPdf(), 'postcard');
    const r = await call(sdk(s, 'PostPostcardApi').postPostcardsSendPost(postcard([u._url], ra)));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_code, 'SUCCESS');
    assert.equal(r.body.data.queued_count, 1);
    assert.equal(r.body.data.recipients[0].status, 'SUCCESS');
  });

  it('sends a letter from the upload _url of convert=post', async () => {
    const u = await upload(await a4Letter(2), 'post');
    const r = await call(sdk(s, 'PostLetterApi').postLettersSendPost(letter(u._url, ra)));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.recipients[0].status, 'SUCCESS');
    assert.equal(r.body.data.recipients[0].post_pages, 3); // its 2 pages and the address cover page (template_used=0)
  });

  it('sends a postcard from a picture uploaded with convert=postcard (a bleed-size page)', async () => {
    const u = await upload(await pngFixture(1200, 800), 'postcard');
    const r = await call(sdk(s, 'PostPostcardApi').postPostcardsSendPost(postcard([u._url, u._url], ra)));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.recipients[0].status, 'SUCCESS');
  });

  it('sends a picture front (bleed size) with an A4 page converted for the back (trim size), both from convert=postcard', async () => {
    const front = await upload(await pngFixture(1200, 800), 'postcard');
    const back = await upload(await a4Letter(1), 'postcard');
    const r = await call(sdk(s, 'PostPostcardApi').postPostcardsSendPost(postcard([front._url, back._url], ra)));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.recipients[0].status, 'SUCCESS');
  });

  it('answers an A4 postcard with a hint to convert=postcard, and following the hint works', async () => {
    const a4 = await a4Letter(2);
    const kept = await upload(a4, 'post'); // a letter upload keeps the PDF as it is
    const refused = await call(sdk(s, 'PostPostcardApi').postPostcardsSendPost(postcard([kept._url], ra)));
    assert.equal(refused.status, 400);
    assert.match(refused.body.response_msg, /page 1 is 210\.0 × 297\.0 mm \(A4\); postcards must be A5: .* upload the file with POST \/uploads\?convert=postcard and send the _url it returns/);
    const converted = await upload(a4, 'postcard');
    const r = await call(sdk(s, 'PostPostcardApi').postPostcardsSendPost(postcard([converted._url], ra)));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.recipients[0].status, 'SUCCESS');
  });

  it('reads the address window of an uploaded letter through its _url (detect-address)', async () => {
    const u = await upload(await a4Letter(1), 'post');
    const r = await s.request('POST', '/v3/post/letters/detect-address', { body: { file_url: u._url } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.match(r.body.response_msg, /^No address found: page 1 has no text in the address window/);
  });

  it('reads a file URL under the host the request came in on, and ignores its query', async () => {
    const u = await upload(await postcardPdf(), 'postcard');
    const port = new URL(s.origin).port;
    const r = await postWithHost(s, '/v3/post/postcards/price', `localhost:${port}`, {
      file_urls: [`http://localhost:${port}/files/${u.file_name}?download=1`],
      recipients: [{ ...recipientBody(ra) }],
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.recipients[0].status, 'SUCCESS');
  });

  it('still refuses a loopback URL that only looks like an own file URL (another port)', async () => {
    const u = await upload(await postcardPdf(), 'postcard');
    const other = new URL(u._url);
    other.port = String(Number(other.port) === 65535 ? 65534 : Number(other.port) + 1);
    const r = await call(sdk(s, 'PostPostcardApi').postPostcardsPricePost(postcard([other.toString()], ra)));
    assert.equal(r.status, 400);
    assert.match(r.body.response_msg, /^file_urls\[0\] could not be fetched: .*loopback address; set ALLOW_PRIVATE_URLS=1/);
  });

  it('answers 400 naming the field for an own file URL whose file does not exist', async () => {
    const r = await call(sdk(s, 'PostPostcardApi').postPostcardsSendPost(postcard([`${s.origin}/files/00000000-0000-4000-8000-000000000000.pdf`], ra)));
    assert.equal(r.status, 400);
    assert.equal(r.body.response_code, 'BAD_REQUEST');
    assert.match(r.body.response_msg, /^file_urls\[0\] points at 00000000-0000-4000-8000-000000000000\.pdf on this server, which does not exist or has expired/);
  });

  it('answers 400 naming the field once the upload has expired and been swept', async () => {
    const u = await upload(await a4Letter(1), 'post');
    clock.advance(s.config.uploads.ttlSeconds + 1);
    assert.ok((await s.services.uploads.sweepExpired()) >= 1);
    const r = await call(sdk(s, 'PostLetterApi').postLettersSendPost(letter(u._url, ra)));
    assert.equal(r.status, 400);
    assert.match(r.body.response_msg, new RegExp(`^file_url points at ${u.file_name.replace(/\./g, '\\.')} on this server, which does not exist or has expired`));
  });

  it("reads another account's upload as GET /files would serve it: the unguessable name is the capability", async () => {
    const other = await s.createAccount(`other${Date.now()}`);
    const u = await upload(await postcardPdf(), 'postcard', other);
    const r = await call(sdk(s, 'PostPostcardApi').postPostcardsPricePost(postcard([u._url], ra)));
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });
});

function recipientBody(returnAddressId: number) {
  return {
    address_name: 'John Smith',
    address_line_1: '130 Scheuvront Drive',
    address_city: 'Perth',
    address_state: 'WA',
    address_postal_code: '6000',
    address_country: 'AU',
    return_address_id: returnAddressId,
  };
}
