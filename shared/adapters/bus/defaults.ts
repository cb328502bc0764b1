/** Defaults shared by both adapters so the local host behaves like Azure. */
export const DEFAULT_MAX_CONCURRENT_CALLS = 16;
export const DEFAULT_PEEK_MAX = 100;

export function checkMaxConcurrentCalls(value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`maxConcurrentCalls must be a whole number of at least 1, got ${value}`);
  }
  return value;
}
