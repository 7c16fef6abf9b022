/** Injected time source, so tests can move time without touching product code. */
export interface Clock {
  nowMs(): number;
}
export const systemClock: Clock = { nowMs: () => Date.now() };
export const unixSeconds = (clock: Clock) => Math.floor(clock.nowMs() / 1000);
