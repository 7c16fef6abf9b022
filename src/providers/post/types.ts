/** One post item, print-ready, as it leaves the server. */
export interface PrintJob {
  /** GUID; also the idempotency key: handing the same id over twice must print it once. */
  messageId: string;
  /** The post product's name: 'postcard', 'letter', … */
  product: string;
  /** The print-ready PDF: the composed proof (address in place), without sandbox marks. */
  pdf: Buffer;
  /** The recipient as one line, for the manifest. */
  recipient: string;
  returnAddress: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  pages: number;
  /** Decimal string in `currency`, e.g. "3.5000". */
  price: string;
  currency: string;
  /** Production notes: "colour duplex priority template"-style for letters, "colour duplex" for postcards. */
  options: string;
  /** The finished format by name: "A5" (postcards), "A4" (letters). */
  size: string;
  /** The finished (trimmed) size in mm, long side first for postcards (either orientation), width × height for letters. */
  trimMm: readonly [number, number];
  /** Bleed on every side in mm: the PDF's MediaBox = BleedBox is the trim plus twice this (3 for postcards, 0 for letters). */
  bleedMm: number;
}

export interface HandOffContext {
  /** 1 on the first claim; above 1 the item may already have been handed over before a crash. */
  attempt: number;
  nowMs: number;
}

/**
 * Where post leaves the server. The default is the print hand-off folder (print-house.ts); another provider
 * can send the same job to a print house's API.
 */
export interface PostProvider {
  readonly name: string;
  /** Must be idempotent per messageId. Resolves to a reference shown as message_id_supplier. */
  handOff(job: PrintJob, ctx: HandOffContext): Promise<{ reference: string }>;
}

/** Where a post item is after the hand-off, as the postal network reports it (shown as `_tracking_stage`). */
export const TrackingStage = {
  Printed: 'Printed',
  InTransit: 'In transit',
  Delivered: 'Delivered',
  ReturnedToSender: 'Returned to sender',
} as const;
export type TrackingStage = (typeof TrackingStage)[keyof typeof TrackingStage];

/** One step of an item's journey; `date` in unix seconds, when it happened (not when we learned of it). */
export interface TrackingEvent {
  stage: TrackingStage;
  date: number;
}

/** What a tracker is asked about: one item handed off, with the events already recorded. */
export interface TrackedItem {
  messageId: string;
  product: string;
  /** The hand-off's reference (message_id_supplier); a real network's tracking number would live here. */
  reference: string | null;
  country: string;
  postalCode: string;
  /** Unix ms of the hand-off. */
  handedOffAtMs: number;
  /** Events recorded so far, oldest first. */
  known: readonly TrackingEvent[];
}

export interface TrackingUpdate {
  /** What happened since `known`, oldest first (none when nothing new). */
  events: TrackingEvent[];
  /** Unix ms to ask again; null once the journey is over (delivered or returned). */
  nextCheckAtMs: number | null;
}

/**
 * The postal network after the hand-off: the simulated one by default (simulated-tracking.ts); a real print
 * house's tracking API can stand here later. Asked again and again about the same item (restarts, racing
 * dispatchers), so it must answer from `known` and the clock, never from state of its own.
 */
export interface PostTracking {
  readonly name: string;
  track(item: TrackedItem, ctx: { nowMs: number }): Promise<TrackingUpdate>;
}
