/**
 * Per-tool fixed-window limit at intake. Kept in process memory: each Functions instance enforces the limit on its
 * own share of traffic, which bounds a runaway tool without a storage round trip on the hot path.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** null when allowed; otherwise seconds until the window resets (for Retry-After). */
  take(key: string): number | null {
    const now = this.now();
    const window = this.windows.get(key);
    if (!window || now - window.start >= 60_000) {
      this.windows.set(key, { start: now, count: 1 });
      return null;
    }
    if (window.count >= this.perMinute) return Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
    window.count++;
    return null;
  }
}
