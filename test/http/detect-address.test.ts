import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { a4Letter } from '../../src/modules/post/proofs/test-fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';

const PATH = '/v3/post/letters/detect-address';
const b64 = (pdf: Buffer) => pdf.toString('base64');
const EMPTY = { address_name: '', address_line_1: '', address_line_2: '', address_city: '', address_state: '', address_postal_code: '', address_country: '' };

describe('POST /post/letters/detect-address', () => {
  let s: TestServer;
  let files: http.Server;
  let filesOrigin: string;
  const served = new Map<string, Buffer>();
  before(async () => {
    // Loopback file URLs are private addresses: this server allows them, as a self-hosted sandbox may.
    s = await startServer({ env: { ALLOW_PRIVATE_URLS: '1' } });
    files = http.createServer((req, res) => {
      const body = served.get(req.url ?? '');
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/pdf' }).end(body);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesOrigin = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  });
  after(async () => {
    files.closeAllConnections();
    await new Promise((resolve) => files.close(resolve));
    await s.close();
  });

  it('reads an Australian address from the window of a base64 letter, in the documented shape', async () => {
    const pdf = await a4Letter({ windowLines: ['John Doe', '123 Main Street', 'PERTH WA 6000'], outsideLines: ['Invoice 42'] });
    const r = await s.request('POST', PATH, { body: { content: b64(pdf) } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, {
      http_code: 200,
      response_code: 'SUCCESS',
      response_msg: 'Here is your result.',
      data: { address_name: 'John Doe', address_line_1: '123 Main Street', address_line_2: '', address_city: 'PERTH', address_state: 'WA', address_postal_code: '6000', address_country: 'AU' },
    });
  });

  it('reads US, Canadian, British and New Zealand layouts', async () => {
    const cases: Array<[string[], Partial<typeof EMPTY>]> = [
      [['Homer Simpson', '742 Evergreen Terrace', 'Springfield, IL 62701', 'USA'], { address_city: 'Springfield', address_state: 'IL', address_postal_code: '62701', address_country: 'US' }],
      [['Jean Tremblay', '100 Rue Sainte-Catherine', 'MONTREAL QC H2X 1Y4'], { address_city: 'MONTREAL', address_state: 'QC', address_postal_code: 'H2X 1Y4', address_country: 'CA' }],
      [['Sherlock Holmes', '221B Baker Street', 'LONDON', 'NW1 6XE'], { address_city: 'LONDON', address_state: '', address_postal_code: 'NW1 6XE', address_country: 'GB' }],
      [
        ['Kiri Te Kanawa', '12 Queen Street', 'Auckland Central', 'Auckland 1010', 'NEW ZEALAND'],
        { address_line_2: 'Auckland Central', address_city: 'Auckland', address_postal_code: '1010', address_country: 'NZ' },
      ],
    ];
    for (const [windowLines, expected] of cases) {
      const r = await s.request('POST', PATH, { body: { content: b64(await a4Letter({ windowLines })) } });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.data, { ...EMPTY, address_name: windowLines[0], address_line_1: windowLines[1], ...expected }, windowLines.join(' / '));
      assert.equal(r.body.response_msg, 'Here is your result.');
    }
  });

  it('says clearly that nothing was found when the window is blank or the text sits outside it', async () => {
    for (const pdf of [await a4Letter(), await a4Letter({ outsideLines: ['John Doe', '123 Main Street', 'PERTH WA 6000'] })]) {
      const r = await s.request('POST', PATH, { body: { content: b64(pdf) } });
      // 200 with the documented fields empty: no address is an answer, not a malformed request.
      assert.equal(r.status, 200);
      assert.equal(r.body.response_code, 'SUCCESS');
      assert.deepEqual(r.body.data, EMPTY);
      assert.match(r.body.response_msg, /^No address found: page 1 has no text in the address window \(20 mm from the left, 45–85 mm from the top, 90 mm wide\)\.$/);
    }
  });

  it('names what it could not read when the window holds something that is not a full address', async () => {
    const r = await s.request('POST', PATH, { body: { content: b64(await a4Letter({ windowLines: ['Dear Sir or Madam'] })) } });
    assert.equal(r.status, 200);
    assert.equal(r.body.data.address_name, 'Dear Sir or Madam');
    assert.match(r.body.response_msg, /Could not read address_line_1, address_city, address_postal_code, address_country from: "Dear Sir or Madam"/);
  });

  it('fetches a file_url through the safe fetcher, and names file_url when the fetch fails', async () => {
    served.set('/letter.pdf', await a4Letter({ windowLines: ['Jane Citizen', '1 George St', 'SYDNEY NSW 2000'] }));
    const ok = await s.request('POST', PATH, { body: { file_url: `${filesOrigin}/letter.pdf` } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.data.address_city, 'SYDNEY');
    const missing = await s.request('POST', PATH, { body: { file_url: `${filesOrigin}/missing.pdf` } });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.response_code, 'BAD_REQUEST');
    assert.equal(missing.body.response_msg, `file_url could not be fetched: ${filesOrigin}/missing.pdf answered HTTP 404; expected a 2xx response.`);
    const scheme = await s.request('POST', PATH, { body: { file_url: 'file:///etc/passwd' } });
    assert.equal(scheme.status, 400);
    assert.match(scheme.body.response_msg, /^file_url could not be fetched: .*only http and https/);
  });

  it('parses an address given as text', async () => {
    const r = await s.request('POST', PATH, { body: { address: 'John Doe, 123 Main Street, Perth WA 6000, Australia' } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data, {
      ...EMPTY,
      address_name: 'John Doe',
      address_line_1: '123 Main Street',
      address_city: 'Perth',
      address_state: 'WA',
      address_postal_code: '6000',
      address_country: 'AU',
    });
  });

  it('answers 400 naming the field for missing, malformed or unreadable input', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /^content is required: send the letter as a base64 PDF in content/],
      [{ content: '' }, /^content must not be empty/],
      [{ content: 'not base64 at all!' }, /^content is not valid base64\.$/],
      [{ content: Buffer.from('hello world').toString('base64') }, /^content is not a PDF: no %PDF- header was found\.$/],
      [{ content: Buffer.from('%PDF-1.7\nthis is not really a pdf').toString('base64') }, /^content is not a readable PDF: /],
      // Ajv coerces a number to a string (the server-wide ClickSend leniency), so it fails as a PDF, not as a type.
      [{ content: 12345 }, /^content is not a PDF/],
      [{ content: { nested: true } }, /content must be string/],
    ];
    for (const [body, message] of cases) {
      const r = await s.request('POST', PATH, { body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.response_code, 'BAD_REQUEST');
      assert.match(r.body.response_msg, message);
    }
  });

  it('needs credentials, and access_post for a subaccount', async () => {
    const content = b64(await a4Letter());
    const anonymous = await s.request('POST', PATH, { body: { content }, as: null });
    assert.equal(anonymous.status, 401);
    const sub = await s.request('POST', '/v3/subaccounts', {
      body: { api_username: 'no-post-detect', password: 'password-123', email: 'np@example.com', phone_number: '+61411111111', first_name: 'N', last_name: 'P', access_post: 0 },
    });
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    const r = await s.request('POST', PATH, { body: { content }, as: { username: 'no-post-detect', apiKey: sub.body.data.api_key } });
    assert.equal(r.status, 403);
    assert.equal(r.body.response_code, 'FORBIDDEN');
    assert.match(r.body.response_msg, /access_post/);
  });
});
