import { TableClient } from '@azure/data-tables';
import { defaultCredential } from '../lazy.js';
import type { Config } from '../../config.js';
import { tablesConnectionString } from './dev-storage.js';
import { statusCodeOf } from '../../errors.js';

export type TablesConfig = Config['tables'];

/** Tables that already exist in this process; creating a table is a round trip we pay once. */
const created = new Set<string>();

/** One client per table and process (STYLE.md); connection string locally, managed identity in Azure. */
export function createTableClient(config: TablesConfig, table: string): TableClient {
  if (config.kind === 'account-url') {
    return new TableClient(config.value, table, defaultCredential());
  }
  const value = config.value === 'UseDevelopmentStorage=true' ? tablesConnectionString() : config.value;
  return escapeLineSeparators(TableClient.fromConnectionString(value, table, { allowInsecureConnection: value.includes('http://') }));
}

/**
 * Azurite reads each operation of a transaction with a regex whose `.` stops at U+2028 / U+2029, so one such
 * character in any field (text pasted from documents carries them) fails the write and stalls the emulator for
 * every later request. Outside JSON strings they cannot occur, and `\u2028` is the same JSON string to any parser.
 */
function escapeLineSeparators(client: TableClient): TableClient {
  client.pipeline.addPolicy({
    name: 'escapeJsonLineSeparators',
    sendRequest: (request, next) => {
      const body = request.body;
      if (typeof body === 'string' && /[\u2028\u2029]/.test(body)) {
        request.body = body.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
        // Transactions set Content-Length before the pipeline runs.
        if (request.headers.has('content-length')) request.headers.set('content-length', Buffer.byteLength(request.body));
      }
      return next(request);
    },
  });
  return client;
}

export async function ensureTable(client: TableClient): Promise<void> {
  const key = `${client.url}/${client.tableName}`;
  if (created.has(key)) return;
  await client.createTable();
  created.add(key);
}

/** 412 from a conditional write: someone else changed the row first. */
export function isPreconditionFailed(error: unknown): boolean {
  return statusCodeOf(error) === 412;
}

export function isConflict(error: unknown): boolean {
  return statusCodeOf(error) === 409;
}

export function isNotFound(error: unknown): boolean {
  return statusCodeOf(error) === 404;
}

/** Storage refused the request itself (400, 413, 414 …): the input was wrong, retrying the same cannot help. */
export function isClientError(error: unknown): boolean {
  const status = statusCodeOf(error);
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** Network failures, throttling and server errors: not the caller's fault, worth a retry later. */
export function isTransient(error: unknown): boolean {
  const status = statusCodeOf(error);
  if (status === undefined) return true;
  return status === 408 || status === 429 || status >= 500;
}
