/**
 * The per-message statuses of …/send and …/price (conventions §4); SUCCESS = queued. Bulk sends answer
 * HTTP 200 and carry one of these per message. Channel-specific ones are listed too so every channel
 * speaks one type: INVALID_SENDER_ID and THROTTLED (SMS), INVALID_LANG and INVALID_VOICE (voice),
 * SUBJECT_REQUIRED and INVALID_MEDIA_FILE (MMS).
 */
export type MessageStatus =
  | 'SUCCESS'
  | 'INVALID_RECIPIENT'
  | 'INVALID_SENDER_ID'
  | 'EMPTY_MESSAGE'
  | 'INSUFFICIENT_CREDIT'
  | 'INVALID_SCHEDULE'
  | 'THROTTLED'
  | 'NOT_ENOUGH_PERMISSION_TO_LIST_ID'
  | 'INVALID_LANG'
  | 'INVALID_VOICE'
  | 'SUBJECT_REQUIRED'
  | 'INVALID_MEDIA_FILE';

/** ClickSend's per-call limit on /sms, /mms and /voice send and price (conventions §8). */
export const MAX_MESSAGES_PER_CALL = 1000;

/** A message sent to a documented test number: accepted, never charged, never dispatched (a status the dispatcher never claims). */
export const COMPLETED = 'Completed';
