import { describe, expect, it } from 'vitest';
import { canonical, sameId, sortedIds } from '../../../shared/domain/eligibility/same-id.js';

/**
 * Graph lower-cases GUIDs and Partner Center exports often upper-case them: a partner must be recognised whichever
 * source wrote the directory, and a decision or message must not depend on the order a sync listed things in.
 * Test ids hold hex letters on purpose; all-digit GUIDs cannot tell the letter cases apart.
 */
const LOWER = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const UPPER = LOWER.toUpperCase();

describe('sameId', () => {
  it.each([
    [LOWER, UPPER],
    [UPPER, LOWER],
    ['AaAaAaAa-bBbB-4cCc-8dDd-eEeEeEeEeEeE', LOWER],
  ])('when %s is compared with %s, then they are the same tenant', (a, b) => expect(sameId(a, b)).toBe(true));

  it('when the ids differ or one is missing, then they are not the same', () => {
    expect(sameId(LOWER, 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeef')).toBe(false);
    expect(sameId(LOWER, undefined)).toBe(false);
    expect(sameId(undefined, undefined)).toBe(false);
  });
});

describe('sortedIds', () => {
  it('when ids repeat in other letter cases and orders, then the list is the same: distinct, lower case, sorted', () => {
    expect(sortedIds([UPPER, 'BBBBBBBB-0000-4000-8000-000000000000', LOWER])).toEqual([
      'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      'bbbbbbbb-0000-4000-8000-000000000000',
    ]);
  });
});

describe('canonical', () => {
  it('when two values differ only in array order, key order or absent fields, then they read the same', () => {
    expect(canonical({ roles: ['b', 'a'], id: 'x', note: undefined })).toBe(canonical({ id: 'x', roles: ['a', 'b'] }));
  });

  it.each([
    [{ id: 'x' }, { id: 'y' }],
    [{ id: 'x' }, { key: 'x' }],
    [[{ id: 'x' }], [{ id: 'y' }]],
    [{ roles: ['a'] }, { roles: ['a', 'b'] }],
    [{ n: 1 }, { n: '1' }],
    [{ n: [1, 23] }, { n: [12, 3] }],
  ])('when %j and %j differ in content, then they read differently', (a, b) => {
    expect(canonical(a)).not.toBe(canonical(b));
  });
});
