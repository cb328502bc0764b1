import { describe, expect, it } from 'vitest';
import { summarizeError } from '../../../shared/adapters/bus/error-summary.js';

describe('summarizeError', () => {
  it('when an error has a multi-line message, then the summary is one line without the stack', () => {
    const error = new Error('storage unavailable\n  status 503');
    expect(summarizeError(error)).toBe('storage unavailable status 503');
  });

  it('when the message is long, then the summary stops at 200 characters', () => {
    const summary = summarizeError(new Error('x'.repeat(500)));
    expect(summary).toHaveLength(200);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('when something other than an Error is thrown, then the summary is its text', () => {
    expect(summarizeError('plain string')).toBe('plain string');
    expect(summarizeError(new TypeError(''))).toBe('TypeError');
  });
});
