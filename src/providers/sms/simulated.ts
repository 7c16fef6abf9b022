import { TemporaryFailure } from '../../core/dispatch/index.js';
import type { DeliveryReport, OutgoingSms, SmsProvider } from './types.js';

/** Knobs of the simulated network (SMS_* in src/config). */
export interface SimulatedSmsOptions {
  /** Hand-off to delivery receipt for an ordinary number. */
  readonly receiptDelayMs: number;
  /** Hand-off to delivery receipt for the "delayed" sandbox number. */
  readonly delayedReceiptMs: number;
}

export type SandboxBehaviour = 'delivers' | 'fails-permanently' | 'fails-temporarily-then-delivers' | 'delayed' | 'replies' | 'replies-stop' | 'network-error';

/**
 * Sandbox recipients and what the simulated network does with them (documented in docs/sms-sandbox.md).
 * Australian numbers reserved by ACMA for fiction (0491 570 xxx), so they are valid mobiles that can
 * never reach a real handset. Every other valid number behaves like `delivers`.
 */
export const SANDBOX_NUMBERS: Readonly<Record<string, SandboxBehaviour>> = {
  '+61491570006': 'delivers',
  '+61491570156': 'fails-permanently',
  '+61491570157': 'fails-temporarily-then-delivers',
  '+61491570158': 'delayed',
  '+61491570159': 'replies',
  '+61491570110': 'replies-stop',
  '+61491570313': 'network-error',
};

/** The sandbox's shared number: replies to messages sent without a numeric sender id arrive here. */
export const SANDBOX_SHARED_NUMBER = '+61491570737';

export const SANDBOX_REPLY_TEXT = 'Thanks, got it! This is a simulated reply from a Sendbox sandbox number.';

/**
 * The simulated network. Nothing leaves the machine: submit() only decides whether the hand-off
 * succeeds (the "fails temporarily" number refuses its first attempt), and deliveryReport() what the
 * receipt will say. Both depend only on the recipient and the attempt, so a repeated hand-off after a
 * crash changes nothing: idempotent by construction.
 */
export class SimulatedSmsProvider implements SmsProvider {
  readonly sharedNumber = SANDBOX_SHARED_NUMBER;

  constructor(private readonly opts: SimulatedSmsOptions) {}

  async submit(sms: OutgoingSms, _idempotencyKey: string): Promise<void> {
    if (SANDBOX_NUMBERS[sms.to] === 'fails-temporarily-then-delivers' && sms.attempt === 1) {
      throw new TemporaryFailure('Temporary failure: supplier routing error (simulated); the message will be retried.');
    }
  }

  deliveryReport(to: string): DeliveryReport {
    const delivered = (reply: string | null = null, afterMs = this.opts.receiptDelayMs): DeliveryReport => ({ afterMs, statusCode: 201, errorCode: null, reply });
    switch (SANDBOX_NUMBERS[to]) {
      case 'fails-permanently':
        // Gateway error 8: "Unknown subscriber. Number is inactive or invalid".
        return { afterMs: this.opts.receiptDelayMs, statusCode: 301, errorCode: 8, reply: null };
      case 'network-error':
        // Gateway error 16: "Temporary network error", reported as status_code 300.
        return { afterMs: this.opts.receiptDelayMs, statusCode: 300, errorCode: 16, reply: null };
      case 'delayed':
        return delivered(null, this.opts.delayedReceiptMs);
      case 'replies':
        return delivered(SANDBOX_REPLY_TEXT);
      case 'replies-stop':
        return delivered('STOP');
      default:
        return delivered();
    }
  }
}
