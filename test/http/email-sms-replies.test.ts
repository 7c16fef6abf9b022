import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { actionsOf, createRule } from '../helpers/automations-firing.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { SANDBOX } from '../helpers/sms.js';

/** Email-to-SMS with the automation rules: a reply to an SMS sent by email goes back to the mail's sender (EMAIL_USER). */
describe('Email-to-SMS replies', () => {
  let s: TestServer;
  let t = Date.UTC(2030, 5, 1);
  const clock = { nowMs: () => t };
  before(async () => {
    s = await startServer({ clock, env: { DISPATCH: '0', SMS_RECEIPT_DELAY_MS: '1000' } });
  });
  after(() => s.close());

  it('an EMAIL_USER rule forwards the reply to the address the mail came from', async () => {
    const port = await s.services.emailSmsListener.start({ port: 0, host: '127.0.0.1' });
    assert.equal((await s.request('POST', '/v3/sms/email-sms', { body: { email_address: 'boss@example.com', from: 'Shop24' } })).status, 200);
    await createRule(s, s.owner, 'sms/inbound', { dedicated_number: '*', message_search_type: 0, action: 'EMAIL_USER', action_address: '' });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'Boss <boss@example.com>', to: `${SANDBOX.replies}@sms.sendbox.local`, subject: 'x', text: 'Are you coming?' });
    transport.close();
    const runAll = async () => {
      while ((await s.services.dispatcher.runOnce()).claimed > 0);
    };
    await runAll();
    t += 1_000;
    while ((await s.services.sms.receiptSweep.runOnce()) > 0);
    await runAll();
    const [action] = await actionsOf(s, s.owner.accountId);
    assert.equal(action?.status, 'Sent');
    const eml = fs.readFileSync(path.join(s.dataDir, 'outbox', `automation-action-${action!.id}.eml`), 'utf8');
    assert.match(eml, /^To: boss@example\.com/m);
    assert.match(eml, /Original Message on .*:\r?\nAre you coming\?/);
  });
});
