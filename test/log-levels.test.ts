import { InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { guarded } from '../shared/http/guard.js';
import { contextLogger } from '../shared/log.js';
import { StorageUnavailableError } from '../shared/ports/ticket-store.js';

/** What the Functions host records, by level: context.log is Information, context.warn Warning, context.error Error. */
function recordingContext() {
  const lines: { level: string; line: string }[] = [];
  const context = new InvocationContext({
    invocationId: 'inv-1',
    functionName: 'fn',
    logHandler: (level, ...args) => lines.push({ level, line: args.map(String).join(' ') }),
  });
  return { context, lines };
}

describe('log levels through the invocation context', () => {
  it('when a function logs info, a warning and an error, then the host records each at its own level', () => {
    const { context, lines } = recordingContext();
    const log = contextLogger(context, { function: 'fn' });
    log.info('swept');
    log.warn('row not republished');
    log.error('bug');
    expect(lines.map((l) => [l.level, (JSON.parse(l.line) as { msg: string }).msg])).toEqual([
      ['information', 'swept'],
      ['warning', 'row not republished'],
      ['error', 'bug'],
    ]);
  });

  it('when storage is down during a request, then it is a warning (the caller retries), and a bug is an error', async () => {
    const { context, lines } = recordingContext();
    expect((await guarded(context, () => Promise.reject(new StorageUnavailableError(new Error('ECONNREFUSED'))))).status).toBe(503);
    expect((await guarded(context, () => Promise.reject(new TypeError('undefined is not a function')))).status).toBe(500);
    expect(lines.map((l) => l.level)).toEqual(['warning', 'error']);
  });
});
