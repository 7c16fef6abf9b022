export { Dispatcher, backoffMs, defaultDispatcherId, type DispatcherOptions } from './dispatcher.js';
export { PeriodicRunner, type PeriodicTask } from './periodic.js';
export { withDispatchColumns, createDispatchIndex, newDispatchValues } from './schema.js';
export { claimDue, recordOutcome, renewLeases, cancel, type ClaimRequest } from './store.js';
export {
  DispatchStatus,
  WAITING_STATUSES,
  FINAL_STATUSES,
  DEFAULT_RETRY,
  TemporaryFailure,
  PermanentFailure,
  type DispatchColumns,
  type DispatchRow,
  type Outcome,
  type AlsoInsert,
  type RetryPolicy,
  type HandlerContext,
  type DispatchQueue,
  type DispatchLog,
} from './types.js';
