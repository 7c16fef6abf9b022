import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { TestServer } from './server.js';

export type Who = { username: string; apiKey: string };

/**
 * An allowed sender address, verified the way a user does it: POST /email/addresses, PUT …/send, the token
 * read from the verification mail the dispatcher wrote to the outbox, PUT …/verify/<token>. Its id.
 */
export async function verifiedSender(s: TestServer, address: string, as?: Who, readMail: (s: TestServer, address: string) => Promise<string> = outboxMail): Promise<number> {
  const who = as ? { as } : {};
  const add = await s.request('POST', '/v3/email/addresses', { body: { email_address: address }, ...who });
  assert.equal(add.status, 200, JSON.stringify(add.body));
  const id = Number(add.body.data.email_address_id);
  assert.equal((await s.request('PUT', `/v3/email/address-verify/${id}/send`, who)).status, 200);
  while ((await s.services.dispatcher.runOnce()).claimed > 0);
  const eml = await readMail(s, address);
  const token = /activation_token: ([A-Za-z0-9_-]+)/.exec((await simpleParser(eml)).text ?? '')?.[1];
  assert.ok(token, 'the verification mail carries a token');
  const v = await s.request('PUT', `/v3/email/address-verify/${id}/verify/${token}`, who);
  assert.equal(v.status, 200, JSON.stringify(v.body));
  return id;
}

/** The latest system mail to `address` as the outbox captured it. */
async function outboxMail(s: TestServer, address: string): Promise<string> {
  const mail = await s.dbh.db.selectFrom('system_emails').select('message_id').where('to_address', '=', address).orderBy('id', 'desc').executeTakeFirstOrThrow();
  return fs.readFileSync(path.join(s.dataDir, 'outbox', `${mail.message_id}.eml`), 'utf8');
}

/** An address added but never verified. Its id. */
export async function unverifiedSender(s: TestServer, address: string, as?: Who): Promise<number> {
  const add = await s.request('POST', '/v3/email/addresses', { body: { email_address: address }, ...(as ? { as } : {}) });
  assert.equal(add.status, 200, JSON.stringify(add.body));
  return Number(add.body.data.email_address_id);
}

/** Hands off every due email (and anything else due), then writes the receipts of what has an outcome. */
export async function deliverEmails(s: TestServer): Promise<void> {
  while ((await s.services.dispatcher.runOnce()).claimed > 0);
  while ((await s.services.email.receiptSweep.runOnce()) > 0);
}

/** The captured .eml of an email (the outbox provider's file, named by the message_id), parsed; undefined when none. */
export async function capturedEmail(s: TestServer, messageId: string): Promise<ParsedMail | undefined> {
  const file = path.join(s.dataDir, 'outbox', `${messageId}.eml`);
  // keepCidLinks: the html as sent (mailparser otherwise inlines cid: parts as data: URLs).
  return fs.existsSync(file) ? simpleParser(fs.readFileSync(file), { keepCidLinks: true }) : undefined;
}

/** Balance in micro-units, and the ledger's own sum (which must always equal it). */
export async function money(s: TestServer, accountId: number) {
  return { balance: await s.services.ledger.balance(accountId), ledger: await s.services.ledger.sumOfTransactions(accountId) };
}

/** A minimal /email/send body from `fromId` to `to`. */
export function emailBody(fromId: number | string, to: Array<{ email: string; name?: string }>, extra: Record<string, unknown> = {}) {
  return { to, from: { email_address_id: fromId, name: 'Joanne Doe' }, subject: 'Test subject', body: '<p>Hello <b>there</b></p>', ...extra };
}
