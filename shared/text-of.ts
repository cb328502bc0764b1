/** A field of a foreign JSON body as text: strings and numbers as they are, anything else (objects too) as `fallback`. */
export function textOf(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return fallback;
}
