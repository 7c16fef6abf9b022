export { segmentSms, maxCharsForParts, truncateToParts, PART_CAPACITY, type SmsEncoding, type SmsSegmentation } from './segment.js';
