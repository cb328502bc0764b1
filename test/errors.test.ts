import { describe, expect, it } from 'vitest';
import { errorCodeOf, errorMessage, errorName, statusCodeOf } from '../shared/errors.js';

describe('reading a caught value', () => {
  it.each<[string, unknown, string]>([
    ['an Error', new Error('socket hang up'), 'socket hang up'],
    ['an Error without a message', new TypeError(''), 'TypeError'],
    ['a thrown string', 'boom', 'boom'],
    ['a thrown object', { reason: 'x' }, '{"reason":"x"}'],
    ['undefined', undefined, 'undefined'],
  ])('when %s is thrown, then errorMessage gives readable text', (_label, thrown, text) => {
    expect(errorMessage(thrown)).toBe(text);
  });

  it('when an SDK error carries a status and a code, then both are read; anything else has neither', () => {
    const restError = Object.assign(new Error('conflict'), { name: 'RestError', statusCode: 409, code: 'EntityAlreadyExists' });
    expect([statusCodeOf(restError), errorCodeOf(restError), errorName(restError)]).toEqual([409, 'EntityAlreadyExists', 'RestError']);
    expect([statusCodeOf('409'), errorCodeOf(null), errorName(42)]).toEqual([undefined, undefined, 'number']);
    expect(statusCodeOf({ statusCode: '500' })).toBeUndefined();
  });
});
