/*
 * CONTRACT (issue 12): the allowed sender addresses (/email/addresses, /email/address-verify). The module
 * factory `emailAddressesModule` lands here and provides `emailSenders: EmailSenderPort`; the transactional
 * email and campaign modules read a sender only through this port.
 */

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
