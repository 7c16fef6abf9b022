import { DispatchStatus } from '../../core/dispatch/index.js';
import { COMPLETED } from '../../core/messaging/index.js';

/** A message sent to a documented test number: stored Completed by the message core's intake, never dispatched. */
export { COMPLETED };

/** ClickSend's SMS status codes (conventions §11). */
export const StatusCode = { Sent: 200, Delivered: 201, Failed: 300, FailedPermanently: 301, TemporaryFailure: 302 } as const;

/** ClickSend's gateway error codes (help-centre "List of SMS gateway error codes") we produce, with their texts. */
export const GATEWAY_ERRORS: Readonly<Record<number, string>> = {
  5: 'Message is cancelled',
  7: 'Unknown failure',
  8: 'Unknown subscriber. Number is inactive or invalid',
  16: 'Temporary network error - will be retried',
};
export const ErrorCode = { Cancelled: 5, UnknownFailure: 7, UnknownSubscriber: 8, TemporaryNetworkError: 16 } as const;

const STATUS_TEXTS: Readonly<Record<number, string>> = {
  200: 'Sent: Message sent to the network for delivery.',
  201: 'Success: Message received on handset.',
  300: 'Failed: Temporary network error.',
  301: 'Failed: Message could not be delivered.',
};

export function statusText(code: number): string {
  return STATUS_TEXTS[code] ?? `Status ${code}.`;
}

/** The status fields of history records and receipts, as ClickSend prints them (codes as strings). */
export interface PresentedStatus {
  status: string;
  status_code: string | null;
  status_text: string | null;
  error_code: string | null;
  error_text: string | null;
}

const str = (n: number | null) => (n === null ? null : String(n));

/** The status fields of a message row; derives what a row cannot hold (a retry in progress, a hand-off that gave up). */
export function presentStatus(row: { status: string; status_code: number | null; error_code: number | null; attempts: number; last_error: string | null }): PresentedStatus {
  const error = (code: number | null) => ({ error_code: str(code), error_text: code === null ? null : (GATEWAY_ERRORS[code] ?? null) });
  switch (row.status) {
    case DispatchStatus.Scheduled:
    case COMPLETED:
      return { status: row.status, status_code: null, status_text: null, error_code: null, error_text: null };
    case DispatchStatus.Queued:
    case DispatchStatus.Processing:
      // A hand-off that failed temporarily waits Queued for its retry: ClickSend shows 302 meanwhile.
      if (row.attempts > 0 && row.last_error) {
        return { status: 'Queued', status_code: String(StatusCode.TemporaryFailure), status_text: row.last_error, error_code: null, error_text: null };
      }
      return { status: 'Queued', status_code: null, status_text: null, error_code: null, error_text: null };
    case DispatchStatus.Cancelled:
      return { status: 'Cancelled', status_code: String(StatusCode.FailedPermanently), status_text: 'Cancelled: Message is cancelled.', ...error(ErrorCode.Cancelled) };
    case DispatchStatus.Failed: {
      // Failed without a network report: the hand-off itself gave up (ClickSend: 301, "Unknown failure").
      const code = row.status_code ?? StatusCode.FailedPermanently;
      return {
        status: 'Failed',
        status_code: String(code),
        status_text: row.last_error && row.status_code === null ? `Failed: ${row.last_error}` : statusText(code),
        ...error(row.error_code ?? ErrorCode.UnknownFailure),
      };
    }
    default: {
      const code = row.status_code ?? StatusCode.Sent;
      return { status: row.status, status_code: String(code), status_text: statusText(code), ...error(row.error_code) };
    }
  }
}

/** Stored statuses matching a status named in q= (case-insensitive); empty when the name matches nothing. */
export function storedStatuses(name: string): string[] {
  switch (name.trim().toLowerCase()) {
    case 'queued':
      return [DispatchStatus.Queued, DispatchStatus.Processing];
    case 'scheduled':
      return [DispatchStatus.Scheduled];
    case 'sent':
      return [DispatchStatus.Sent];
    case 'failed':
      return [DispatchStatus.Failed];
    case 'cancelled':
      return [DispatchStatus.Cancelled];
    case 'completed':
      return [COMPLETED];
    default:
      return [];
  }
}
