/**
 * Counts failed logins per client address in a fixed window; once over the limit the address gets
 * 429 until the window ends. In memory: each process limits on its own, which is enough to make
 * guessing keys pointless.
 */
export class FailureLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until the address may try again, or 0 when it may try now. */
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
