import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';

const address = (emailAddress: string) => Object.assign(new clicksend.EmailAddress(), { emailAddress });

describe('EmailMarketingApi allowed addresses (official SDK)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ env: { DISPATCH: '0' } });
  });
  after(() => s.close());

  /** The token in the last verification mail, as the dispatcher delivered it to the outbox. */
  async function mailedToken(): Promise<string> {
    await s.services.dispatcher.runOnce();
    const row = await s.dbh.db.selectFrom('system_emails').select('message_id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const mail = await simpleParser(fs.readFileSync(path.join(s.dataDir, 'outbox', `${row.message_id}.eml`)));
    return /activation_token: (\S+)/.exec(mail.text ?? '')![1]!;
  }

  it('creates, lists, gets, verifies through the mailed token and deletes an address with the documented shapes', async () => {
    const api = sdk(s, 'EmailMarketingApi');
    const created = await call(api.allowedEmailAddressPost(address('sdk-sender@example.com')));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.response_msg, 'Email address has been created.');
    const rec = created.body.data;
    assert.deepEqual(Object.keys(rec).sort(), ['date_added', 'email_address', 'email_address_id', 'verified']);
    assert.deepEqual([typeof rec.date_added, rec.email_address, typeof rec.email_address_id, rec.verified], ['string', 'sdk-sender@example.com', 'number', 0]);

    const list = await call(api.allowedEmailAddressGet(1, 15));
    assert.equal(list.body.response_msg, 'Here are your email addresses');
    assert.deepEqual([list.body.data.total, list.body.data.per_page, list.body.data.current_page, list.body.data.last_page], [1, 15, 1, 1]);
    assert.deepEqual(list.body.data.data, [rec]);

    const got = await call(api.specificAllowedEmailAddressGet(rec.email_address_id));
    assert.deepEqual([got.body.response_msg, got.body.data], ['Here is your email address.', rec]);

    const sent = await call(api.sendVerificationTokenGet(rec.email_address_id));
    assert.deepEqual([sent.status, sent.body.response_msg, sent.body.data], [200, 'Verification email has been sent.', null]);
    const token = await mailedToken();

    const wrong = await call(api.verifyAllowedEmailAddressGet(rec.email_address_id, 'wrong-token'));
    assert.deepEqual([wrong.status, wrong.body.http_code, wrong.body.response_code], [400, 400, 'BAD_REQUEST']);

    const verified = await call(api.verifyAllowedEmailAddressGet(rec.email_address_id, token));
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.deepEqual([verified.body.response_msg, verified.body.data], ['Email address verified.', { ...rec, verified: 1 }]);

    const deleted = await call(api.specificAllowedEmailAddressDelete(rec.email_address_id));
    assert.deepEqual([deleted.status, deleted.body.response_msg, deleted.body.data], [200, 'Email address deleted.', null]);
    assert.equal((await call(api.allowedEmailAddressGet(1, 15))).body.data.total, 0);
  });

  it('answers errors in the envelope: 404 for an unknown id, 400 naming email_address', async () => {
    const api = sdk(s, 'EmailMarketingApi');
    for (const r of [await call(api.specificAllowedEmailAddressGet(999_999)), await call(api.specificAllowedEmailAddressDelete(999_999)), await call(api.sendVerificationTokenGet(999_999))]) {
      assert.deepEqual([r.status, r.body.http_code, r.body.response_code], [404, 404, 'NOT_FOUND']);
    }
    const bad = await call(api.allowedEmailAddressPost(address('nope')));
    assert.equal(bad.status, 400);
    assert.match(bad.body.response_msg, /email_address/);
  });
});
