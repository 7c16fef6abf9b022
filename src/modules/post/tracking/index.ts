export { trackingSweep, type TrackingSweep, type TrackingSweepOptions } from './sweep.js';
export { historyStatus, trackingFields, TrackingRecordFields, TEST_STATUS } from './present.js';
