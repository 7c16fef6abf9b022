import { Type } from '@sinclair/typebox';
import type { Selectable } from 'kysely';
import { DispatchStatus } from '../../../core/dispatch/index.js';
import { TrackingStage, type TrackingEvent } from '../../../providers/post/types.js';
import type { PostItemColumns } from '../pipeline/tables.js';

type Row = Pick<Selectable<PostItemColumns>, 'status' | 'is_test' | 'address_postal_code' | 'tracking_stage' | 'tracking_events_json'>;

/**
 * The status history shows. ClickSend's own value everywhere (Sent stays Sent after the hand-off, whatever the
 * postal network reports since: that goes in `_tracking_stage`), except a test postcode's item once it completes:
 * it is never printed, posted or charged, so "Sent" would tell an integration it went out. "Test" is a value no
 * real item takes, so a client can tell it apart, and it is final like Sent. Before it completes it shows
 * Scheduled/Queued like any item (and can be cancelled like one).
 */
export const TEST_STATUS = 'Test';

export function historyStatus(row: Row): string {
  return row.is_test === 1 && row.status === DispatchStatus.Sent ? TEST_STATUS : row.status;
}

/** Beyond ClickSend: the tracking fields of a history record (and of the cancel answer, which prints one). */
export function trackingFields(row: Row) {
  const events = JSON.parse(row.tracking_events_json) as TrackingEvent[];
  return {
    _tracking_stage: row.tracking_stage,
    _tracking_events: events,
    _status_note: historyStatus(row) === TEST_STATUS ? `Test postcode ${row.address_postal_code}: accepted and completed, but never printed, posted or charged.` : null,
  };
}

const Stage = Type.Union(
  Object.values(TrackingStage).map((s) => Type.Literal(s)),
  { description: 'Printed, In transit, Delivered or Returned to sender.' },
);

/** The schema of trackingFields, spread into the history record schemas. */
export const TrackingRecordFields = {
  _tracking_stage: Type.Union([Stage, Type.Null()], {
    description: 'Beyond ClickSend: where the item is after the print hand-off (the latest of _tracking_events); null before the first event, and always for test postcodes.',
  }),
  _tracking_events: Type.Array(Type.Object({ stage: Stage, date: Type.Integer({ description: 'Unix seconds.' }) }), {
    description: 'Beyond ClickSend: every tracking stage so far, oldest first.',
  }),
  _status_note: Type.Union([Type.String(), Type.Null()], { description: 'Beyond ClickSend: why the status is what it is, when it is not one of ClickSend\'s (status "Test").' }),
};
