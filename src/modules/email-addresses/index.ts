/*
 * CONTRACT (issue 12): the allowed sender addresses (/email/addresses, /email/address-verify). The module
 * factory `emailAddressesModule` lands here and provides `emailSenders: EmailSenderPort`; the transactional
 * email and campaign modules read a sender only through this port.
 */

import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import { emailAddressesRoutes } from './email-addresses.routes.js';
import { EmailAddressesService } from './email-addresses.service.js';

/** An allowed sender address as a send sees it. */
export interface EmailSender {
  emailAddressId: number;
  /** As stored (trimmed; the case the user gave). */
  emailAddress: string;
  verified: boolean;
}

export interface EmailSenderPort {
  /** The account's allowed address with this id; null when there is none (another account's id reads as none). */
  find(accountId: number, emailAddressId: number): Promise<EmailSender | null>;
}

/** /email/addresses and /email/address-verify; provides `emailSenders` (the verified-sender check of a send). */
export function emailAddressesModule(d: { db: Db; clock: Clock; config: Pick<Config, 'publicUrl' | 'accountTokens'> }): Module<{ emailSenders: EmailSenderPort }> {
  const emailAddresses = new EmailAddressesService(d.db, d.clock, d.config);
  return { name: 'email-addresses', provides: { emailSenders: emailAddresses }, routes: (app) => emailAddressesRoutes(app, { config: d.config, emailAddresses }) };
}
