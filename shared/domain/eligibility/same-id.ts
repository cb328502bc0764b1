/** GUIDs arrive in either letter case (Graph lower-cases, Partner Center exports often upper-case). */
export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/**
 * The smallest item by `key`, so that a result never depends on the order of directory arrays
 * (a sync or an import may list the same facts in any order).
 */
export function pickFirst<T>(items: readonly T[], key: (item: T) => string): T | undefined {
  let best: T | undefined;
  let bestKey = '';
  for (const item of items) {
    const k = key(item);
    if (best === undefined || k < bestKey) [best, bestKey] = [item, k];
  }
  return best;
}

/**
 * A text form of a directory value in which array order does not matter: the tie-break for
 * duplicate entries, so that shuffling their inner arrays cannot change which one is picked.
 */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Distinct ids, lower-cased and sorted, for messages that must read the same whatever the input order. */
export function sortedIds(ids: Iterable<string>): string[] {
  return uniqueSorted([...ids].map((id) => id.toLowerCase()));
}

export function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
