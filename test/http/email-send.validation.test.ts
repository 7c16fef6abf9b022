import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { emailBody, money, unverifiedSender, verifiedSender } from '../helpers/email.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** What POST /email/send and /email/price refuse, each with a 400 naming the field, and nothing stored or charged. */
describe('transactional email: validation and limits', () => {
  let s: TestServer;
  let fromId: number;
  const KB = 1024;

  before(async () => {
    s = await startServer({ env: { DISPATCH: '0', EMAIL_MAX_RECIPIENTS: '4', EMAIL_ATTACHMENT_MAX_BYTES: String(4 * KB), EMAIL_MESSAGE_MAX_BYTES: String(10 * KB) } });
    fromId = await verifiedSender(s, 'valid-sender@example.com');
  });
  after(() => s.close());

  const refused = async (body: unknown, field: RegExp, code = 'BAD_REQUEST') => {
    for (const path of ['/v3/email/send', '/v3/email/price']) {
      const r = await s.request('POST', path, { body });
      assert.equal(r.status, 400, `${path}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.response_code, code, JSON.stringify(r.body));
      assert.match(r.body.response_msg, field);
    }
  };
  const file = (bytes: number, filename = 'f.bin') => ({
    content: Buffer.alloc(bytes, 7).toString('base64'),
    type: 'application/octet-stream',
    filename,
    disposition: 'attachment',
    content_id: filename,
  });

  it('names the bad recipient address: to[2].email, cc[0].email, bcc[1].email', async () => {
    await refused(emailBody(fromId, [{ email: 'a@example.net' }, { email: 'b@example.net' }, { email: 'not-an-address' }]), /to\[2\]\.email is not an email address: "not-an-address"/);
    await refused(emailBody(fromId, [{ email: 'a@example.net' }], { cc: [{ email: 'x@y' }] }), /cc\[0\]\.email/);
    await refused(emailBody(fromId, [{ email: 'a@example.net' }], { bcc: [{ email: 'ok@example.net' }, { email: 'a\r\nBcc: evil@example.net' }] }), /bcc\[1\]\.email/);
    await refused(emailBody(fromId, [{ name: 'no address' } as never]), /to\[0\]\.email is required/);
  });

  it('refuses an empty to and more than EMAIL_MAX_RECIPIENTS recipients in to + cc + bcc', async () => {
    await refused(emailBody(fromId, []), /to is empty/, 'MISSING_REQUIRED_FIELDS');
    const five = [1, 2, 3].map((i) => ({ email: `r${i}@example.net` }));
    await refused(emailBody(fromId, five, { cc: [{ email: 'c@example.net' }], bcc: [{ email: 'd@example.net' }] }), /5 recipients; at most 4/, 'TOO_MANY_RECIPIENTS');
  });

  it('refuses an unknown, unverified or malformed from.email_address_id and says which', async () => {
    await refused(emailBody(999_999, [{ email: 'a@example.net' }]), /from\.email_address_id 999999 is not one of this account's allowed email addresses/);
    const pending = await unverifiedSender(s, 'pending@example.com');
    await refused(emailBody(pending, [{ email: 'a@example.net' }]), /from\.email_address_id \d+ \(pending@example\.com\) is not verified/);
    await refused(emailBody('abc', [{ email: 'a@example.net' }]), /from\.email_address_id is not an id: "abc"/);
    await refused({ to: [{ email: 'a@example.net' }], body: 'x' }, /from is required/);
  });

  it('refuses a missing body and a malformed or past schedule', async () => {
    await refused({ to: [{ email: 'a@example.net' }], from: { email_address_id: fromId } }, /body is required/);
    await refused(emailBody(fromId, [{ email: 'a@example.net' }], { schedule: 1_000 }), /schedule/, 'INVALID_SCHEDULE');
  });

  it('refuses attachments that are not strict base64, empty, too large, or that push the email over its limit, naming the file', async () => {
    await refused(emailBody(fromId, [{ email: 'a@example.net' }], { attachments: [{ ...file(10), content: 'abc$def=' }] }), /attachments\[0\]\.content is not valid base64/);
    await refused(emailBody(fromId, [{ email: 'a@example.net' }], { attachments: [file(10), { ...file(10), content: 'YWJj' + 'Z' }] }), /attachments\[1\]\.content is not valid base64/);
    await refused(emailBody(fromId, [{ email: 'a@example.net' }], { attachments: [{ ...file(0), filename: 'empty.txt' }] }), /attachments\[0\]\.content: empty\.txt is empty/);
    await refused(emailBody(fromId, [{ email: 'a@example.net' }], { attachments: [file(4 * KB + 1, 'big.pdf')] }), /attachments\[0\]\.content: big\.pdf is larger than/);
    const three = [file(3 * KB, 'one.bin'), file(3 * KB, 'two.bin'), file(3 * KB, 'three.bin'), file(3 * KB, 'four.bin')];
    await refused(emailBody(fromId, [{ email: 'a@example.net' }], { attachments: three }), /attachments\[3\]\.content: with four\.bin the email reaches/);
    await refused(emailBody(fromId, [{ email: 'a@example.net' }], { attachments: [{ ...file(10), disposition: 'sideways' }] }), /attachments\[0\]\.disposition/);
  });

  it('stores and charges nothing for a refused email', async () => {
    const start = await money(s, s.owner.accountId);
    assert.equal((await s.request('POST', '/v3/email/send', { body: emailBody(fromId, [{ email: 'bad' }]) })).status, 400);
    assert.deepEqual(await money(s, s.owner.accountId), start);
    assert.equal((await s.request('GET', '/v3/email/history')).body.data.total, 0);
  });

  it('accepts MIME-wrapped base64 (line breaks) and keeps the declared type when the bytes say otherwise, reporting _detected_type', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const wrapped = pdf.toString('base64').replace(/(.{8})/g, '$1\r\n');
    const r = await s.request('POST', '/v3/email/send', {
      body: emailBody(fromId, [{ email: 'a@example.net' }], { attachments: [{ content: wrapped, type: 'image/png', filename: 'fake.png', disposition: 'attachment', content_id: 'x' }] }),
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const a = r.body.data._attachments[0];
    assert.deepEqual([a.content_type, a._detected_type], ['image/png', 'application/pdf']);
    assert.match(a._attachment_file_url, /\.pdf$/, 'the stored copy is served as what its bytes are');
    const got = await fetch(a._attachment_file_url);
    assert.equal(got.headers.get('content-type'), 'application/pdf');
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), pdf);
  });

  it('bounds the request body to what a full email needs in base64', async () => {
    const r = await s.request('POST', '/v3/email/send', { raw: JSON.stringify(emailBody(fromId, [{ email: 'a@example.net' }], { body: 'x'.repeat(3 * 1024 * 1024) })) });
    assert.equal(r.status, 413, JSON.stringify(r.body).slice(0, 300));
    assert.equal(r.body.response_code, 'PAYLOAD_TOO_LARGE');
  });
});
