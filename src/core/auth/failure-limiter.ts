/**
 * Counts attempts per key (a client address, a user) in a fixed window; once over the limit the key
 * gets 429 until the window ends. In memory: each process limits on its own, which is enough to make
 * guessing keys pointless.
 */
export class FailureLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until the key may try again, or 0 when it may try now. */
  blockedFor(key: string): number {
    const w = this.windows.get(key);
    if (!w) return 0;
    const t = this.now();
    if (t >= w.resetAt) {
      this.windows.delete(key);
      return 0;
    }
    return w.count >= this.max ? w.resetAt - t : 0;
  }

  /**
   * Checks and counts in one synchronous step, before the caller awaits anything: concurrent attempts
   * cannot all pass a check that none of them has counted yet. Returns the wait in ms (nothing counted)
   * or 0 (counted; call release() if the attempt turns out to be good).
   */
  reserve(key: string): number {
    const blocked = this.blockedFor(key);
    if (blocked > 0) return blocked;
    this.recordFailure(key);
    return 0;
  }

  /** Gives back a reserved attempt that succeeded. */
  release(key: string): void {
    const w = this.windows.get(key);
    if (w && w.count > 0) w.count -= 1;
  }

  recordFailure(key: string): void {
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || t >= w.resetAt) this.windows.set(key, { count: 1, resetAt: t + this.windowMs });
    else w.count += 1;
    if (this.windows.size > 100_000) this.prune(t);
  }

  private prune(t: number) {
    for (const [k, w] of this.windows) if (t >= w.resetAt) this.windows.delete(k);
  }
}
