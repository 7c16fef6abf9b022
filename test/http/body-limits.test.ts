import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startServer, basicAuth, type TestServer } from '../helpers/server.js';

type Reply = { status: number; body: { http_code: number; response_code: string; response_msg: string; data: unknown } };

/**
 * Sends `declared` as Content-Length (or chunked when undefined) but writes only `chunks` of `chunkBytes`,
 * ending the request only if the server has not answered by then: a server that waits for the whole
 * body never answers and the test times out.
 */
function partialSend(origin: string, path: string, opts: { declared?: number; chunkBytes: number; chunks: number; auth?: string; method?: string }): Promise<Reply & { written: number }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, origin);
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (opts.declared !== undefined) headers['content-length'] = opts.declared;
    if (opts.auth) headers.authorization = opts.auth;
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: opts.method ?? 'POST', headers });
    let written = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), written });
      });
    });
    req.on('error', (err) => (answered ? undefined : reject(err)));
    const chunk = Buffer.alloc(opts.chunkBytes, 0x20); // JSON whitespace: a valid prefix of any body
    chunk[0] = 0x7b; // "{"
    const pump = (): void => {
      if (answered) return;
      if (written >= opts.chunks * opts.chunkBytes) {
        if (opts.declared === undefined) req.end();
        return; // with a Content-Length the request stays open: only an early answer ends it
      }
      if (written > 0) chunk[0] = 0x20;
      written += chunk.length;
      if (req.write(chunk)) setImmediate(pump);
      else req.once('drain', pump);
    };
    pump();
  });
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('request body limits', () => {
  let s: TestServer;
  let auth: string;
  before(async () => {
    // BODY_LIMIT_BYTES lowered so the bulk limit is testable without sending 15 MB.
    s = await startServer({ env: { BODY_LIMIT_BYTES: String(1024 * 1024), DISPATCH: '0' } });
    auth = basicAuth(s.owner.username, s.owner.apiKey);
  });
  after(() => s.close());

  it('answers 413 naming the 8 KiB limit to a public route announcing a 14 MB body, without reading it', { timeout: 20_000 }, async () => {
    const r = await partialSend(s.origin, '/v3/account', { declared: 14 * 1024 * 1024, chunkBytes: 1024, chunks: 1 });
    assert.equal(r.status, 413);
    assert.deepEqual(r.body, {
      http_code: 413,
      response_code: 'PAYLOAD_TOO_LARGE',
      response_msg: 'Request body is larger than the 8 KiB (8192 bytes) this endpoint accepts.',
      data: null,
    });
  });

  it('stops reading a chunked body to a public route once it passes the limit', { timeout: 20_000 }, async () => {
    const r = await partialSend(s.origin, '/v3/forgot-password', { method: 'PUT', chunkBytes: 4096, chunks: 4096 });
    assert.equal(r.status, 413);
    assert.equal(r.body.response_code, 'PAYLOAD_TOO_LARGE');
    assert.match(r.body.response_msg, /8 KiB/);
    assert.ok(r.written < 4096 * 4096, 'answered before the 16 MB body was all sent');
  });

  it('gives an ordinary authenticated route 64 KiB: a full-length template passes, a bigger body does not', async () => {
    // 5000 characters, each \u-escaped: the largest legitimate template body (about 30 kB on the wire).
    const escaped = `{"template_name":"t","body":"${'\\u00e9'.repeat(5000)}"}`;
    const okReply = await s.request('POST', '/v3/sms/templates', { raw: escaped });
    assert.equal(okReply.status, 200, JSON.stringify(okReply.body));
    const big = await s.request('POST', '/v3/sms/templates', { raw: JSON.stringify({ template_name: 't', body: 'x'.repeat(70 * 1024) }) });
    assert.equal(big.status, 413);
    assert.equal(big.body.response_msg, 'Request body is larger than the 64 KiB (65536 bytes) this endpoint accepts.');
  });

  it('lets a bulk send carry 1000 messages far over 64 KiB, up to BODY_LIMIT_BYTES', async () => {
    const messages = Array.from({ length: 1000 }, (_, i) => ({ to: `+6141${String(2_000_000 + i).padStart(7, '0')}`, body: `Hello ${i} ${'x'.repeat(300)}` }));
    const body = JSON.stringify({ messages });
    assert.ok(body.length > 300 * 1024);
    const r = await s.request('POST', '/v3/sms/price', { raw: body });
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
    assert.equal(r.body.data.total_count, 1000);
    const over = await partialSend(s.origin, '/v3/sms/send', { declared: 1024 * 1024 + 1, chunkBytes: 1024, chunks: 1, auth });
    assert.equal(over.status, 413);
    assert.equal(over.body.response_msg, 'Request body is larger than the 1 MiB (1048576 bytes) this endpoint accepts.');
  });

  it('lets address detection take a base64 PDF far over 64 KiB, and uploads keep their own 10 MB limit', async () => {
    const detect = await s.request('POST', '/v3/post/letters/detect-address', { raw: JSON.stringify({ content: Buffer.alloc(300 * 1024, 0x41).toString('base64') }) });
    assert.equal(detect.status, 400, 'read and judged as a PDF, not refused for its size');
    assert.notEqual(detect.body.response_code, 'PAYLOAD_TOO_LARGE');
    // Past BODY_LIMIT_BYTES (1 MiB here): the upload route sizes its own limit from the 10 MB file limit.
    const upload = await s.request('POST', '/v3/uploads?convert=post', { raw: JSON.stringify({ content: Buffer.alloc(2 * 1024 * 1024, 0x41).toString('base64') }) });
    assert.equal(upload.status, 400);
    assert.match(upload.body.response_msg, /looks like/);
  });

  it('refuses JSON nested deeper than 64 levels with 400 naming the problem, public or not', async () => {
    const anon = await s.request('POST', '/v3/account', { as: null, raw: `{"username":${nested(1000)}}` });
    assert.equal(anon.status, 400);
    assert.deepEqual(anon.body, { http_code: 400, response_code: 'BAD_REQUEST', response_msg: 'The JSON body nests objects and arrays deeper than 64 levels.', data: null });
    // Within the bulk limit, arrays nested 200 000 deep.
    const deep = await s.request('POST', '/v3/sms/send', { raw: `{"messages":${nested(200_000)}}` });
    assert.equal(deep.status, 400);
    assert.equal(deep.body.response_msg, 'The JSON body nests objects and arrays deeper than 64 levels.');
    const charset = await s.request('POST', '/v3/sms/send', { raw: `{"messages":${nested(100)}}`, contentType: 'application/json; charset=utf-8' });
    assert.equal(charset.body.response_msg, 'The JSON body nests objects and arrays deeper than 64 levels.');
  });

  it('refuses a body of more than 50 000 values before parsing it', async () => {
    const keys = Array.from({ length: 60_000 }, (_, i) => `"${i}":0`).join(',');
    const r = await s.request('POST', '/v3/sms/send', { raw: `{"messages":[],${keys}}` });
    assert.equal(r.status, 400);
    assert.equal(r.body.response_msg, 'The JSON body holds more than 50000 values; send fewer items per request.');
  });

  it('keeps the prototype-poisoning protection and the empty-body answer', async () => {
    const proto = await s.request('POST', '/v3/sms/templates', { raw: '{"template_name":"t","body":"b","__proto__":{"admin":true}}' });
    assert.equal(proto.status, 400);
    assert.equal(proto.body.response_code, 'BAD_REQUEST');
    const ctor = await s.request('POST', '/v3/sms/templates', { raw: '{"template_name":"t","body":"b","constructor":{"prototype":{"admin":true}}}' });
    assert.equal(ctor.status, 400);
    const empty = await s.request('POST', '/v3/sms/templates', { raw: '' });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.response_msg, "Request body is empty but Content-Type is 'application/json'; send a JSON object or omit the header.");
  });

  it('reads a whitespace-only JSON body on PUT as {}, and says where a malformed body breaks', async () => {
    const r = await s.request('PUT', '/v3/account', { raw: ' \n\t ', contentType: 'application/json' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const broken = await s.request('POST', '/v3/sms/templates', { raw: '{"template_name":"t",}' });
    assert.equal(broken.status, 400);
    assert.match(broken.body.response_msg, /^Malformed JSON body: .*position \d+/);
  });

  it('reads an empty JSON body on PUT as {}: PUT /account with no body succeeds and changes nothing', async () => {
    const before = await s.request('GET', '/v3/account');
    const r = await s.request('PUT', '/v3/account', { raw: '', contentType: 'application/json' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_code, 'SUCCESS');
    assert.equal(r.body.data.username, before.body.data.username);
    assert.equal(r.body.data.account_name, before.body.data.account_name);
  });

  it('reads an empty JSON body on DELETE as {}, with Content-Length: 0 and with no length at all', async () => {
    const create = async (name: string) => (await s.request('POST', '/v3/sms/templates', { body: { template_name: name, body: 'Hi' } })).body.data.template_id as number;
    const first = await create('empty-delete-1');
    const viaFetch = await s.request('DELETE', `/v3/sms/templates/${first}`, { raw: '', contentType: 'application/json' });
    assert.equal(viaFetch.status, 200, JSON.stringify(viaFetch.body));
    assert.equal(viaFetch.body.response_code, 'SUCCESS');
    assert.equal((await s.request('DELETE', `/v3/sms/templates/${first}`)).status, 404, 'deleted, so a second delete finds nothing');

    // node:http sends a DELETE without Content-Length or Transfer-Encoding when nothing is written.
    const second = await create('empty-delete-2');
    const raw = await new Promise<Reply>((resolve, reject) => {
      const url = new URL(`/v3/sms/templates/${second}`, s.origin);
      const req = http.request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'DELETE',
        headers: { 'content-type': 'application/json', authorization: basicAuth(s.owner.username, s.owner.apiKey) },
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(raw.status, 200, JSON.stringify(raw.body));
    assert.equal(raw.body.response_code, 'SUCCESS');
    assert.equal((await s.request('DELETE', `/v3/sms/templates/${second}`)).status, 404, 'deleted, so a second delete finds nothing');
  });

  it('reads an empty JSON body on DELETE of a return address as {}', async () => {
    const c = await s.request('POST', '/v3/post/return-addresses', {
      body: { address_name: 'Flynn', address_line_1: '1 Grid St', address_city: 'Perth', address_postal_code: '6000', address_country: 'AU' },
    });
    const id = c.body.data.return_address_id as number;
    const del = await s.request('DELETE', `/v3/post/return-addresses/${id}`, { raw: '', contentType: 'application/json' });
    assert.equal(del.status, 200, JSON.stringify(del.body));
    assert.equal((await s.request('GET', `/v3/post/return-addresses/${id}`)).status, 404);
  });
});
