/**
 * Structured log lines. Values are flattened to one line (CR/LF neutralised, so a caller cannot forge log entries)
 * and fields that could carry secrets or customer contact data are never accepted: callers pass ids, not payloads.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const SECRET_LIKE = /(rk_[A-Za-z0-9_-]{8,}|whsec_[A-Za-z0-9+/=]{8,}|Bearer\s+\S+|AccountKey=[^;]+|SharedAccessKey=[^;]+)/g;

export function sanitize(value: unknown): string {
  return String(value)
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(SECRET_LIKE, '[redacted]')
    .slice(0, 2000);
}

export function formatLine(level: string, message: string, fields: LogFields = {}): string {
  const entry: Record<string, string | number | boolean | null> = { level, msg: sanitize(message) };
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    entry[k] = typeof v === 'string' ? sanitize(v) : v;
  }
  return JSON.stringify(entry);
}

/** Writes through a sink such as InvocationContext.log so Application Insights sees the lines in Azure. */
export function createLogger(sink: (line: string) => void, base: LogFields = {}): Logger {
  const write = (level: string) => (message: string, fields?: LogFields) => sink(formatLine(level, message, { ...base, ...fields }));
  return { info: write('info'), warn: write('warn'), error: write('error') };
}
