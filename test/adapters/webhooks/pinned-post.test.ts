import type { LookupAddress, LookupOptions } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { pinnedLookup } from '../../../shared/adapters/webhooks/pinned-post.js';

// The socket's DNS lookup during a pinned POST (and PSA API calls): it answers from the addresses the SSRF guard
// checked, in Node's lookup contract (`callback(error, address, family)`, or `callback(error, addresses)` with `all`),
// and honours the address family the socket asks for, as a name with only A (or only AAAA) records would.
const V4 = '203.0.113.7';
const V6 = '2001:db8::7';

type Answer = { error: NodeJS.ErrnoException | null; address?: string | LookupAddress[]; family?: number };

function lookup(addresses: readonly string[], options: LookupOptions & { family?: number | 'IPv4' | 'IPv6' }): Answer {
  let answer: Answer | undefined;
  const fn = pinnedLookup(addresses) as (host: string, options: object, callback: (...args: unknown[]) => void) => void;
  fn('partner.example', options, (error, address, family) => {
    answer = { error: error as NodeJS.ErrnoException | null, address: address as string | LookupAddress[], family: family as number };
  });
  if (answer === undefined) throw new Error('the lookup never called back');
  return answer;
}

describe('pinnedLookup', () => {
  it.each([
    [4, [V6, V4], V4],
    ['IPv4', [V6, V4], V4],
    [6, [V4, V6], V6],
    ['IPv6', [V4, V6], V6],
  ] as const)(
    'when the socket asks for family %s, then it gets the checked address of that family, not the first one',
    (family, addresses, expected) => {
      const answer = lookup(addresses, { family });
      expect(answer).toEqual({ error: null, address: expected, family: expected === V4 ? 4 : 6 });
    },
  );

  it.each([0, undefined])('when the socket asks for any family (%s), then it gets the first checked address', (family) => {
    expect(lookup([V6, V4], { family })).toEqual({ error: null, address: V6, family: 6 });
    expect(lookup([V4, V6], { family })).toEqual({ error: null, address: V4, family: 4 });
  });

  it('when the socket asks for every address (happy eyeballs), then it gets each checked address with its family, in order', () => {
    expect(lookup([V4, V6, '198.51.100.9'], { all: true })).toEqual({
      error: null,
      address: [
        { address: V4, family: 4 },
        { address: V6, family: 6 },
        { address: '198.51.100.9', family: 4 },
      ],
    });
  });

  it.each([
    [4, V4],
    ['IPv6', V6],
  ] as const)('when the socket asks for every address of family %s, then it gets only those', (family, expected) => {
    expect(lookup([V4, V6], { all: true, family })).toEqual({
      error: null,
      address: [{ address: expected, family: expected === V4 ? 4 : 6 }],
    });
  });

  it.each([
    [6, [V4]],
    ['IPv4', [V6]],
  ] as const)(
    'when no checked address has family %s, then the lookup fails ENOTFOUND rather than answer another family',
    (family, addresses) => {
      const answer = lookup(addresses, { family });
      expect(answer.error).toBeInstanceOf(Error);
      expect(answer.error?.code).toBe('ENOTFOUND');
    },
  );
});
