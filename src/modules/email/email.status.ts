import { DispatchStatus } from '../../core/dispatch/index.js';
import { COMPLETED } from '../../core/messaging/index.js';

/**
 * How an email's dispatch status reads in ClickSend's vocabulary (channels.md §4.1): accepted and waiting
 * is WaitApproval "Accepted for delivery" (what the send answer shows: ClickSend's quirk, not an approval
 * step); handed to the relay is Sent "Email added to outgoing mail queue for delivery"; a relay refusal
 * is Failed with the relay's words.
 */
export function presentStatus(status: string, lastError: string | null): { status: string; status_text: string } {
  switch (status) {
    case DispatchStatus.Sent:
    case COMPLETED:
      return { status: 'Sent', status_text: 'Email added to outgoing mail queue for delivery' };
    case DispatchStatus.Failed:
      return { status: 'Failed', status_text: lastError ?? 'Email could not be delivered' };
    case DispatchStatus.Cancelled:
      return { status: 'Cancelled', status_text: 'Email cancelled' };
    default:
      return { status: 'WaitApproval', status_text: 'Accepted for delivery' };
  }
}

/** q=status: the stored statuses a shown status stands for (case-insensitive; unknown names match nothing). */
export function storedStatuses(shown: string): string[] {
  switch (shown.trim().toLowerCase()) {
    case 'waitapproval':
      return [DispatchStatus.Scheduled, DispatchStatus.Queued, DispatchStatus.Processing];
    case 'sent':
      return [DispatchStatus.Sent, COMPLETED];
    case 'failed':
      return [DispatchStatus.Failed];
    case 'cancelled':
      return [DispatchStatus.Cancelled];
    default:
      return [];
  }
}
