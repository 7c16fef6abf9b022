/** One SMS as the provider receives it. */
export interface OutgoingSms {
  messageId: string;
  /** E.164. */
  to: string;
  /** Sender id as given; null = the provider's shared number. */
  from: string | null;
  body: string;
  /** 1 on the first hand-off of this message, 2 on its first retry, … */
  attempt: number;
}

/** What the network eventually reports about a message it accepted. */
export interface DeliveryReport {
  /** How long after hand-off the receipt arrives, in ms. */
  readonly afterMs: number;
  /** 201 delivered, 300 failed (temporary), 301 failed (permanent). */
  readonly statusCode: 201 | 300 | 301;
  /** ClickSend's gateway error code for a failure; null when delivered. */
  readonly errorCode: number | null;
  /** Text the recipient sends back after the receipt, if any (an inbound SMS linked to this message). */
  readonly reply: string | null;
}

/** Where SMS leave the server. The default is the simulated network (simulated.ts). */
export interface SmsProvider {
  /**
   * Hands one message to the network. Throws TemporaryFailure (retry later) or PermanentFailure.
   * Must be idempotent per key: a repeat hand-off after a crash sends nothing twice.
   */
  submit(sms: OutgoingSms, idempotencyKey: string): Promise<void>;
  /** The delivery receipt the network will give for a message submitted to `to`. Pure: same input, same report. */
  deliveryReport(to: string): DeliveryReport;
  /** The number replies arrive at when a message was sent with an alphanumeric (or no) sender id. */
  readonly sharedNumber: string;
}
