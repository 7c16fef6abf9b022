/**
 * Every answer the listener gives in the SMTP dialogue, in one place so the docs, the tests and the code say the
 * same words. smtp-server's own enhanced status codes are off (its default), so each text starts with the RFC 3463
 * code that fits it: "550 5.7.1 …". 5xx: the sender must change something; 4xx: the same mail may go through later.
 */
export class SmtpReply extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const replies = {
  tooManyConnections: (waitS: number) => new SmtpReply(421, `4.7.0 Too many connections from this address; try again in ${waitS} s.`),
  tooManyFailures: (waitS: number) => new SmtpReply(421, `4.7.0 Too many refused attempts from this address; try again in ${waitS} s.`),
  authFailed: () => new SmtpReply(535, '5.7.8 Authentication failed: use your API username and API key.'),
  authNoSms: () => new SmtpReply(535, '5.7.8 These credentials lack access_sms: ask the account owner to grant it, or use the main account.'),
  senderSubaccountNoSms: (email: string) => new SmtpReply(550, `5.7.1 ${email} sends as a subaccount without access_sms: grant it, or tie the address to another subaccount.`),
  nullSender: () => new SmtpReply(550, '5.7.1 A sender address is required: mail from an address allowed at /v3/sms/email-sms.'),
  senderNotAllowed: (email: string) => new SmtpReply(550, `5.7.1 ${email} is not allowed to send SMS by email: add it with POST /v3/sms/email-sms.`),
  senderNotAllowedForAuth: (email: string, user: string) => new SmtpReply(550, `5.7.1 ${email} is not allowed to send SMS by email in the account of ${user}: add it with POST /v3/sms/email-sms.`),
  senderAmbiguous: (email: string) => new SmtpReply(550, `5.7.1 ${email} is allowed by more than one account: authenticate (SMTP AUTH with your API username and API key) to say which.`),
  wrongDomain: (address: string, domain: string) => new SmtpReply(550, `5.1.2 ${address}: only mail to <number>@${domain} becomes an SMS.`),
  badNumber: (local: string, domain: string) => new SmtpReply(553, `5.1.3 "${local}" is not a phone number: write <number>@${domain}, with or without a leading +.`),
  tooManyRecipients: (max: number) => new SmtpReply(452, `4.5.3 Too many recipients: at most ${max} per mail; send the rest in another mail.`),
  noSender: () => new SmtpReply(503, '5.5.1 MAIL FROM first.'),
  tooBig: (max: number) => new SmtpReply(552, `5.3.4 Message too big: the limit is ${max} bytes; nothing was sent.`),
  empty: () => new SmtpReply(550, '5.6.0 EMPTY_MESSAGE: nothing is left of the mail once quotes, the signature and stripped strings are cut; nothing was sent.'),
  notActivated: () => new SmtpReply(550, '5.7.1 ACCOUNT_NOT_ACTIVATED: the account must be verified before it sends; nothing was sent.'),
  localError: () => new SmtpReply(451, '4.3.0 Local error while sending; nothing was sent, try again later.'),
};

/** The SMS pipeline's refusal of one recipient, as the reply to the whole mail (nothing of it was sent). */
export function refusalReply(status: string, to: string): SmtpReply {
  switch (status) {
    case 'INVALID_RECIPIENT':
      return new SmtpReply(550, `5.1.1 INVALID_RECIPIENT: ${to} is not a number an SMS can go to (or it opted out); nothing was sent.`);
    case 'INSUFFICIENT_CREDIT':
      // Temporary: once the account is topped up, the sender's own retry goes through.
      return new SmtpReply(452, `4.3.1 INSUFFICIENT_CREDIT: the balance does not cover this mail's SMS; nothing was sent, top up and it is retried.`);
    case 'THROTTLED':
      return new SmtpReply(451, `4.7.1 THROTTLED: the same text went to ${to} moments ago; nothing was sent.`);
    case 'EMPTY_MESSAGE':
      return replies.empty();
    default:
      return new SmtpReply(550, `5.6.0 ${status}: the SMS to ${to} was refused; nothing was sent.`);
  }
}
