/**
 * Tool lookups for the registry: found tools for CACHE_MS (changes elsewhere show within that), and misses in a
 * separate, bounded negative cache. Misses are what a caller trying random keys or tool ids produces; kept apart,
 * they cannot push real tools out, and a repeated unknown credential costs no storage read for MISS_MS.
 */
export const CACHE_MS = 2_000;
export const MISS_MS = 60_000;
const MAX_MISSES = 10_000;

export class LookupCache<T> {
  private readonly found = new Map<string, { value: T; at: number }>();
  private readonly misses = new Map<string, number>();

  /** `undefined`: not known, ask storage. `null`: known not to exist. */
  get(key: string): T | null | undefined {
    // Wall time on purpose: a test's fake clock must not keep an entry alive forever.
    const now = Date.now();
    const hit = this.found.get(key);
    if (hit && now - hit.at < CACHE_MS) return hit.value;
    const missedAt = this.misses.get(key);
    if (missedAt !== undefined && now - missedAt < MISS_MS) return null;
    return undefined;
  }

  set(key: string, value: T | null): void {
    if (value === null) {
      this.misses.delete(key);
      // Oldest first: a Map iterates in insertion order.
      if (this.misses.size >= MAX_MISSES) this.misses.delete(this.misses.keys().next().value!);
      this.misses.set(key, Date.now());
      return;
    }
    this.misses.delete(key);
    if (this.found.size > 10_000) this.found.clear();
    this.found.set(key, { value, at: Date.now() });
  }

  /** After a change made through this process: found tools may be stale (misses stay misses: ids are random). */
  clearFound(): void {
    this.found.clear();
  }
}
