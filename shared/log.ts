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

export type LogLevel = 'info' | 'warn' | 'error';

/** Writes each line through a sink, with its level (tests and the CLI print lines; functions use contextLogger). */
export function createLogger(sink: (line: string, level: LogLevel) => void, base: LogFields = {}): Logger {
  const write = (level: LogLevel) => (message: string, fields?: LogFields) =>
    sink(formatLine(level, message, { ...base, ...fields }), level);
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

/** The part of the Functions InvocationContext a logger writes through. */
export interface LogContext {
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/**
 * A function's logger: each line goes out at its own level through the invocation context, so in Azure Application
 * Insights records warnings as Warning and errors as Error (context.log alone would record everything as Information).
 */
export function contextLogger(context: LogContext, base: LogFields = {}): Logger {
  return createLogger(
    (line, level) => (level === 'error' ? context.error(line) : level === 'warn' ? context.warn(line) : context.log(line)),
    base,
  );
}
