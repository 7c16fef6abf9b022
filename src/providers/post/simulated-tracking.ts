import { TrackingStage, type PostTracking, type TrackedItem, type TrackingEvent, type TrackingUpdate } from './types.js';

/**
 * Sandbox postcodes with their own journey (any country). Chosen because no postal system we know of assigns
 * them, so a real address never takes a sandbox path. ClickSend's test postcodes (11111, 22222, 33333) are not
 * here: those items are never printed, so they have no journey at all.
 */
export const SANDBOX_TRACKING_POSTCODES: Readonly<Record<string, readonly TrackingStage[]>> = {
  '00000': [TrackingStage.Printed, TrackingStage.InTransit, TrackingStage.ReturnedToSender],
};

/** Every other item. */
export const DEFAULT_JOURNEY: readonly TrackingStage[] = [TrackingStage.Printed, TrackingStage.InTransit, TrackingStage.Delivered];

/**
 * The simulated postal network: stage i (from 0) of an item's journey happens (i + 1) × stepMs after its hand-off.
 * The answer is a function of the item and the clock only, so asking twice, late (after a restart) or from two
 * dispatchers at once gives the same events with the same dates: missed stages arrive together, each dated when
 * it happened.
 */
export class SimulatedPostTracking implements PostTracking {
  readonly name = 'simulated';

  constructor(private readonly stepMs: number) {}

  journeyOf(postalCode: string): readonly TrackingStage[] {
    return SANDBOX_TRACKING_POSTCODES[postalCode.trim()] ?? DEFAULT_JOURNEY;
  }

  async track(item: TrackedItem, ctx: { nowMs: number }): Promise<TrackingUpdate> {
    const journey = this.journeyOf(item.postalCode);
    const dueAt = (i: number) => item.handedOffAtMs + (i + 1) * this.stepMs;
    const events: TrackingEvent[] = [];
    let next = item.known.length;
    while (next < journey.length && dueAt(next) <= ctx.nowMs) {
      events.push({ stage: journey[next]!, date: Math.floor(dueAt(next) / 1000) });
      next++;
    }
    return { events, nextCheckAtMs: next < journey.length ? dueAt(next) : null };
  }
}
