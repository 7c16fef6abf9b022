import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { mobile, money } from '../helpers/sms.js';

type Who = { username: string; apiKey: string; accountId: number };
const DOMAIN = 'sms.sendbox.local';
const MAX_BYTES = 8 * 1024;

/** A refusal as nodemailer reports it: the SMTP reply code and the reply line. */
interface SmtpFailure {
  responseCode: number;
  response: string;
}

describe('Email-to-SMS over a real SMTP connection (nodemailer → smtp-server)', () => {
  let s: TestServer;
  let port: number;
  let owner: Who;

  before(async () => {
    s = await startServer({ env: { EMAIL_SMS_MAX_BYTES: String(MAX_BYTES), EMAIL_SMS_MAX_RECIPIENTS: '5', AUTH_FAILURES_MAX: '1000', SMS_THROTTLE_WINDOW_S: '0' } });
    port = await s.services.emailSmsListener.start({ port: 0, host: '127.0.0.1' });
    owner = s.owner;
  });
  after(() => s.close());

  const allow = async (email: string, from: string, as?: Who, subaccount_id?: number) => {
    const r = await s.request('POST', '/v3/sms/email-sms', { body: { email_address: email, from, ...(subaccount_id ? { subaccount_id } : {}) }, ...(as ? { as } : {}) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data;
  };
  const send = (mail: Mail.Options, auth?: { user: string; pass: string }) => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, ...(auth ? { auth } : {}) });
    return transport.sendMail(mail).finally(() => transport.close());
  };
  const refused = async (mail: Mail.Options, auth?: { user: string; pass: string }): Promise<SmtpFailure> => {
    const err = (await send(mail, auth).then(
      (info) => assert.fail(`expected a refusal, got ${info.response}`),
      (e: unknown) => e,
    )) as SmtpFailure;
    assert.equal(typeof err.responseCode, 'number', String(err));
    return err;
  };
  /** The account's SMS sent from this mail address (GET /sms/history). */
  const smsFrom = async (email: string, who: Who = owner) => {
    const r = await s.request('GET', '/v3/sms/history?limit=100', { as: who });
    assert.equal(r.status, 200);
    return (r.body.data.data as any[]).filter((h) => h.from_email === email);
  };
  const to = (n: string) => `${n}@${DOMAIN}`;

  it('turns a plain-text mail into an SMS: quoted reply and signature cut, stripped strings gone, charged, in history with from and from_email', async () => {
    await allow('Alice@Example.com', 'Shop24');
    const strip = await s.request('POST', '/v3/sms/email-sms-stripped-strings', { body: { strip_string: '[ref] ' } });
    assert.equal(strip.status, 200);
    const before = await money(s, owner.accountId);
    const info = await send({
      from: 'alice@example.com',
      to: to(mobile(1)),
      subject: 'Ignored subject',
      text: 'Hello Bob, your order [ref] is ready.\nSee you soon.\n\n-- \nAlice Smith\nACME Corp\n\nOn Mon, 1 Jan 2024 at 10:00, Bob <bob@example.com> wrote:\n> earlier text\n',
    });
    assert.match(info.response, /^250 2\.0\.0 OK: 1 SMS queued/);
    const [sms, ...more] = await smsFrom('alice@example.com');
    assert.equal(more.length, 0);
    assert.equal(sms.body, 'Hello Bob, your order is ready.\nSee you soon.');
    assert.equal(sms.to, mobile(1));
    assert.equal(sms.from, 'Shop24');
    assert.equal(sms.from_email, 'alice@example.com');
    const after = await money(s, owner.accountId);
    assert.ok(after.balance < before.balance, 'charged like any send');
    assert.equal(after.balance, after.ledger);
  });

  it('puts the subject on the first line when the account sets setting_email_sms_subject to 1', async () => {
    await allow('subject@example.com', 'Shop24');
    assert.equal((await s.request('PUT', '/v3/account', { body: { setting_email_sms_subject: 1 } })).status, 200);
    try {
      await send({ from: 'subject@example.com', to: to(mobile(2)), subject: 'Gate code', text: '4711\n\nSent from my iPhone' });
      const [sms] = await smsFrom('subject@example.com');
      assert.equal(sms.body, 'Gate code\n4711');
    } finally {
      await s.request('PUT', '/v3/account', { body: { setting_email_sms_subject: 0 } });
    }
  });

  it('converts an HTML-only mail to text', async () => {
    await allow('html@example.com', 'Shop24');
    await send({ from: 'html@example.com', to: to(mobile(3)), subject: 'x', html: '<div><p>Your <b>table</b> is ready.</p><p><a href="https://example.com/x">Menu</a><img src="cid:logo"></p></div>' });
    const [sms] = await smsFrom('html@example.com');
    assert.equal(sms.body, 'Your table is ready.\n\nMenu');
  });

  it('sends one SMS per recipient, numbers with or without + and local ones read in the account country', async () => {
    await allow('many@example.com', 'Shop24');
    const info = await send({ from: 'many@example.com', to: [to(mobile(4)), to(mobile(5).slice(1)), to('0412000006')], text: 'Team meeting at 3' });
    assert.match(info.response, /OK: 3 SMS queued/);
    const sent = await smsFrom('many@example.com');
    assert.deepEqual(sent.map((h) => h.to).sort(), [mobile(4), mobile(5), mobile(6)].sort());
  });

  it('sends one SMS to a number written several ways in one mail (+61…, 61…, 04…), with an ASCII 250 reply', async () => {
    await allow('spellings@example.com', 'Shop24');
    const local = `0${mobile(8).slice(3)}`;
    const info = await send({ from: 'spellings@example.com', to: [to(mobile(8)), to(mobile(8).slice(1)), to(local), to(mobile(9))], text: 'Only once each' });
    assert.match(info.response, /^250 2\.0\.0 OK: 2 SMS queued \([0-9A-F-]+, \.\.\.\)\.$/);
    const sent = await smsFrom('spellings@example.com');
    assert.deepEqual(sent.map((h) => h.to).sort(), [mobile(8), mobile(9)].sort());
  });

  it('refuses a sender that is not allowed with 550 5.7.1 and sends nothing', async () => {
    const err = await refused({ from: 'stranger@example.com', to: to(mobile(7)), text: 'hi' });
    assert.equal(err.responseCode, 550);
    assert.match(err.response, /^550 5\.7\.1 stranger@example\.com is not allowed to send SMS by email/);
    assert.equal((await smsFrom('stranger@example.com')).length, 0);
  });

  it('refuses mail to another domain (550 5.1.2) and a malformed number (553 5.1.3), naming them', async () => {
    await allow('typo@example.com', 'Shop24');
    const domain = await refused({ from: 'typo@example.com', to: `${mobile(8)}@example.org`, text: 'hi' });
    assert.equal(domain.responseCode, 550);
    assert.match(domain.response, new RegExp(`5\\.1\\.2 \\${mobile(8)}@example\\.org: only mail to <number>@${DOMAIN.replaceAll('.', '\\.')} becomes an SMS`));
    const number = await refused({ from: 'typo@example.com', to: to('bob'), text: 'hi' });
    assert.equal(number.responseCode, 553);
    assert.match(number.response, /5\.1\.3 "bob" is not a phone number/);
    assert.equal((await smsFrom('typo@example.com')).length, 0);
  });

  it('refuses recipients one by one at RCPT TO: the client sends the mail to the others, and names the refused ones', async () => {
    await allow('mixed@example.com', 'Shop24');
    const info = await send({ from: 'mixed@example.com', to: [to(mobile(17)), to('carol'), `${mobile(18)}@example.org`], text: 'to the valid one' });
    assert.match(info.response, /OK: 1 SMS queued/);
    assert.deepEqual(info.rejected, [to('carol'), `${mobile(18)}@example.org`]);
    assert.deepEqual(
      (await smsFrom('mixed@example.com')).map((h) => h.to),
      [mobile(17)],
    );
  });

  it('refuses recipients past EMAIL_SMS_MAX_RECIPIENTS with 452 4.5.3', async () => {
    await allow('crowd@example.com', 'Shop24');
    const numbers = Array.from({ length: 6 }, (_, i) => mobile(30 + i));
    const info = await send({ from: 'crowd@example.com', to: numbers.map(to), text: 'to five' });
    assert.match(info.response, /OK: 5 SMS queued/);
    assert.deepEqual(info.rejected, [to(numbers[5]!)]);
    assert.match(String((info as { rejectedErrors?: { response: string }[] }).rejectedErrors?.[0]?.response), /^452 4\.5\.3 Too many recipients: at most 5 per mail/);
  });

  it('refuses a message over EMAIL_SMS_MAX_BYTES with 552 and sends nothing', async () => {
    await allow('big@example.com', 'Shop24');
    const err = await refused({ from: 'big@example.com', to: to(mobile(9)), text: 'x'.repeat(MAX_BYTES + 100) });
    assert.equal(err.responseCode, 552);
    // nodemailer declares no SIZE= in MAIL FROM, so the whole mail is read (and dropped) and DATA answers.
    assert.match(err.response, new RegExp(`^552 5\\.3\\.4 Message too big: the limit is ${MAX_BYTES} bytes; nothing was sent`));
    assert.equal((await smsFrom('big@example.com')).length, 0);
  });

  it('refuses a mail with nothing left once quotes and stripped strings are cut (550 5.6.0)', async () => {
    await allow('empty@example.com', 'Shop24');
    assert.equal((await s.request('POST', '/v3/sms/email-sms-stripped-strings', { body: { strip_string: 'Thanks!' } })).status, 200);
    const err = await refused({ from: 'empty@example.com', to: to(mobile(10)), text: 'Thanks!\n\nOn Mon, 1 Jan 2024 at 10:00, Bob <bob@example.com> wrote:\n> old\n' });
    assert.equal(err.responseCode, 550);
    assert.match(err.response, /5\.6\.0 EMPTY_MESSAGE/);
    assert.equal((await smsFrom('empty@example.com')).length, 0);
  });

  it('refuses the whole mail when the SMS pipeline refuses one recipient: all or nothing, nothing charged', async () => {
    await allow('partial@example.com', 'Shop24');
    const before = await money(s, owner.accountId);
    const err = await refused({ from: 'partial@example.com', to: [to(mobile(11)), to('12345')], text: 'hello both' });
    assert.equal(err.responseCode, 550);
    assert.match(err.response, /5\.1\.1 INVALID_RECIPIENT: 12345/);
    assert.equal((await smsFrom('partial@example.com')).length, 0, 'not even the valid recipient');
    assert.equal((await money(s, owner.accountId)).balance, before.balance);
  });

  it('refuses with 452 4.3.1 INSUFFICIENT_CREDIT (a temporary reply) when the balance does not cover it', async () => {
    const poor = await s.createAccount('emailsms-poor');
    await allow('poor@example.com', 'Shop24', poor);
    const balance = await s.services.ledger.balance(poor.accountId);
    await s.services.ledger.debit({ accountId: poor.accountId, amountMicros: balance, description: 'spend down' });
    const err = await refused({ from: 'poor@example.com', to: to(mobile(12)), text: 'no credit' });
    assert.equal(err.responseCode, 452);
    assert.match(err.response, /4\.3\.1 INSUFFICIENT_CREDIT/);
    assert.equal((await smsFrom('poor@example.com', poor)).length, 0);
  });

  it('asks the sender to authenticate when two accounts allow the address; SMTP AUTH pins the account charged', async () => {
    const other = await s.createAccount('emailsms-shared');
    await allow('shared@example.com', 'Mine');
    await allow('shared@example.com', 'Theirs', other);
    const anonymous = await refused({ from: 'shared@example.com', to: to(mobile(13)), text: 'whose?' });
    assert.equal(anonymous.responseCode, 550);
    assert.match(anonymous.response, /5\.7\.1 shared@example\.com is allowed by more than one account: authenticate \(SMTP AUTH/);

    const otherBefore = await s.services.ledger.balance(other.accountId);
    await send({ from: 'shared@example.com', to: to(mobile(13)), text: 'from them' }, { user: other.username, pass: other.apiKey });
    const [theirs] = await smsFrom('shared@example.com', other);
    assert.equal(theirs.body, 'from them');
    assert.equal(theirs.from, 'Theirs');
    assert.ok((await s.services.ledger.balance(other.accountId)) < otherBefore, 'charged to the authenticated account');
    assert.equal((await smsFrom('shared@example.com')).length, 0, 'nothing in the other account');

    const wrongKey = await refused({ from: 'shared@example.com', to: to(mobile(13)), text: 'x' }, { user: other.username, pass: 'not-the-key' });
    assert.equal(wrongKey.responseCode, 535);
    assert.match(wrongKey.response, /5\.7\.8 Authentication failed/);
    const elsewhere = await refused({ from: 'alice@example.com', to: to(mobile(13)), text: 'x' }, { user: other.username, pass: other.apiKey });
    assert.equal(elsewhere.responseCode, 550, 'AUTH pins the account: an address allowed only elsewhere is refused');
    assert.match(elsewhere.response, /not allowed to send SMS by email in the account of emailsms-shared/);
  });

  it('refuses SMTP AUTH with credentials that lack access_sms', async () => {
    const r = await s.request('POST', '/v3/subaccounts', {
      body: { api_username: 'smtp-no-sms', password: 'password-123', email: 'smtp-no-sms@example.com', phone_number: '+61411111111', first_name: 'A', last_name: 'B', access_sms: 0 },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const err = await refused({ from: 'alice@example.com', to: to(mobile(14)), text: 'x' }, { user: 'smtp-no-sms', pass: r.body.data.api_key });
    assert.equal(err.responseCode, 535);
    assert.match(err.response, /access_sms/);
  });

  it('sends as the address subaccount when it names one', async () => {
    const sub = await s.request('POST', '/v3/subaccounts', {
      body: { api_username: 'smtp-usage', password: 'password-123', email: 'smtp-usage@example.com', phone_number: '+61411111111', first_name: 'A', last_name: 'B', access_sms: 1 },
    });
    const subId = sub.body.data.subaccount_id as number;
    await allow('usage@example.com', 'Shop24', undefined, subId);
    await send({ from: 'usage@example.com', to: to(mobile(15)), text: 'attributed' });
    const [sms] = await smsFrom('usage@example.com');
    assert.equal(sms.subaccount_id, subId);
  });

  it("keeps a subaccount's SMTP login to its own addresses, and never sends as a subaccount without access_sms", async () => {
    const mk = async (name: string, accessSms: number) => {
      const r = await s.request('POST', '/v3/subaccounts', {
        body: { api_username: name, password: 'password-123', email: `${name}@example.com`, phone_number: '+61411111111', first_name: 'A', last_name: 'B', access_sms: accessSms },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return { id: r.body.data.subaccount_id as number, username: name, apiKey: r.body.data.api_key as string };
    };
    const login = await mk('smtp-own-login', 1);
    await allow('owners@example.com', 'Shop24');
    const err = await refused({ from: 'owners@example.com', to: to(mobile(16)), text: 'x' }, { user: login.username, pass: login.apiKey });
    assert.equal(err.responseCode, 550, "a subaccount's login cannot spend the main account's address");
    assert.equal((await smsFrom('owners@example.com')).length, 0);

    const quiet = await mk('smtp-no-sms-sub', 0);
    await allow('quiet@example.com', 'Shop24', undefined, quiet.id);
    const noSms = await refused({ from: 'quiet@example.com', to: to(mobile(17)), text: 'x' });
    assert.equal(noSms.responseCode, 550);
    assert.match(noSms.response, /without access_sms/);
  });

  it('sends nothing twice for a mail retried with the same Message-ID', async () => {
    await allow('retry@example.com', 'Shop24');
    const mail = { from: 'retry@example.com', to: to(mobile(16)), text: 'only once', messageId: '<retry-1@example.com>' };
    assert.match((await send(mail)).response, /OK: 1 SMS queued/);
    assert.match((await send(mail)).response, /^250 2\.0\.0 Already accepted/);
    assert.equal((await smsFrom('retry@example.com')).length, 1);
  });
});

describe('Email-to-SMS listener limits', () => {
  it('turns a client address away with 421 once it has made AUTH_FAILURES_MAX refused attempts', async () => {
    const s = await startServer({ env: { AUTH_FAILURES_MAX: '2' } });
    try {
      const port = await s.services.emailSmsListener.start({ port: 0, host: '127.0.0.1' });
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) {
        const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
        const err = (await transport.sendMail({ from: `guess${i}@example.com`, to: `${mobile(1)}@${DOMAIN}`, text: 'x' }).catch((e: unknown) => e)) as SmtpFailure;
        transport.close();
        codes.push(err.responseCode);
      }
      assert.deepEqual(codes, [550, 550, 421]);
    } finally {
      await s.close();
    }
  });
});
