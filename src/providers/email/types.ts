export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  from?: string;
}

/** Where email leaves the server. The default captures it as .eml files; SMTP can stand behind the same interface. */
export interface EmailProvider {
  /** Must be idempotent per key: a retry after a crash delivers nothing twice. */
  send(email: OutgoingEmail, idempotencyKey: string): Promise<void>;
}
