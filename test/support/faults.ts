import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bus } from '../../shared/ports/bus.js';
import { StorageUnavailableError } from '../../shared/ports/ticket-store.js';

/**
 * Test-only fault injection (issue 7). Wrappers implement a port by delegating to the real adapter, except where a
 * rule says otherwise. Rules are looked up on every call, so a test can break a dependency and later "fix" it by
 * changing the rules object it passed in.
 */
export type Fault =
  | { kind: 'pass' }
  /** An unexpected error (a bug, a crash): `error`, or a plain Error. */
  | { kind: 'throw'; error?: Error }
  /** Storage refused before doing anything: nothing was written. */
  | { kind: 'unavailable' }
  /** The call went through but its answer was lost: written, yet the caller sees storage unavailable. */
  | { kind: 'unavailable-after' }
  | { kind: 'delay'; ms: number }
  /** Resolves without calling the adapter (a publish that vanished); only for methods returning void. */
  | { kind: 'drop' }
  /** Resolves with this value without calling the adapter (e.g. a webhook attempt that got no answer). */
  | { kind: 'answer'; value: unknown };

export type FaultRule = (args: readonly unknown[]) => Fault;

type AsyncMethod<T> = { [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof T];
export type FaultRules<T> = Partial<Record<AsyncMethod<T>, FaultRule>>;

export const PASS: Fault = { kind: 'pass' };
export const UNAVAILABLE: Fault = { kind: 'unavailable' };
export const DROP: Fault = { kind: 'drop' };

/** Every call gets the fault. */
export const always =
  (fault: Fault): FaultRule =>
  () =>
    fault;

/** The first `n` calls get the fault, later ones pass ("fail N times"). */
export function failTimes(n: number, fault: Fault = UNAVAILABLE): FaultRule {
  let calls = 0;
  return () => (calls++ < n ? fault : PASS);
}

/** Each call independently gets one of the weighted faults, or passes; weights are probabilities summing to ≤ 1. */
export function sometimes(random: () => number, choices: readonly (readonly [number, Fault])[]): FaultRule {
  return () => {
    let roll = random();
    for (const [weight, fault] of choices) {
      if (roll < weight) return fault;
      roll -= weight;
    }
    return PASS;
  };
}

/** Applies `rule` only to calls matching `match` (e.g. one queue, one ticket). */
export const when =
  (match: (args: readonly unknown[]) => boolean, rule: FaultRule): FaultRule =>
  (args) =>
    match(args) ? rule(args) : PASS;

/** Wraps any port object: methods with a rule go through it, everything else is the adapter's own. */
export function withFaults<T extends object>(inner: T, rules: FaultRules<T>): T {
  const table = rules as Partial<Record<PropertyKey, FaultRule>>;
  return new Proxy(inner, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) => {
        const rule = table[prop];
        return rule ? apply(rule(args), () => method.apply(target, args)) : method.apply(target, args);
      };
    },
  });
}

async function apply(fault: Fault, call: () => Promise<unknown>): Promise<unknown> {
  switch (fault.kind) {
    case 'pass':
      return call();
    case 'throw':
      throw fault.error ?? new Error('injected fault');
    case 'unavailable':
      throw new StorageUnavailableError(new Error('injected: storage unavailable'));
    case 'unavailable-after':
      await call();
      throw new StorageUnavailableError(new Error('injected: answer lost after the write'));
    case 'delay':
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      return call();
    case 'drop':
      return undefined;
    case 'answer':
      return fault.value;
  }
}

/**
 * Scheduled messages come due `factor` times sooner, so webhook retries (5 s, 5 min, 30 min, …) happen within a test.
 * The outbox keeps the real schedule; only what reaches the broker is compressed.
 */
export function compressSchedule(inner: Bus, factor: number, now: () => number = Date.now): Bus {
  return {
    send: (queue, messages) =>
      inner.send(
        queue,
        messages.map((m) => {
          const at = m.scheduledEnqueueTimeUtc;
          if (!at) return m;
          const wait = Math.max(0, new Date(at).getTime() - now());
          return { ...m, scheduledEnqueueTimeUtc: new Date(now() + wait / factor) };
        }),
      ),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}

/** mulberry32: a small seeded generator, so a failing fault run can be repeated with its printed seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface ReceivedCallback {
  webhookId: string;
  ticketId: string;
  type: string;
  /** The body's `timestamp`: when the event was first sent, the same on every attempt of one event. */
  eventAt: string;
  /** What the receiver answered: 2xx means the event counts as delivered. */
  answered: number;
}

export interface CallbackReceiver {
  url: string;
  calls: ReceivedCallback[];
  /** Distinct event ids answered with 2xx, per ticket. */
  delivered(): Map<string, Set<string>>;
  /** Event ids that were POSTed and answered 2xx more than once, with the accepted POSTs of each. */
  duplicatePosts(): Map<string, ReceivedCallback[]>;
  close(): Promise<void>;
}

/**
 * A partner's callback endpoint on 127.0.0.1 that records every webhook and fails some: each call is answered 500
 * with probability `failRate`, but never more than `maxFailuresPerId` times for one event, so every event lands.
 */
export async function startCallbackReceiver(
  options: { failRate?: number; maxFailuresPerId?: number; random?: () => number } = {},
): Promise<CallbackReceiver> {
  const { failRate = 0, maxFailuresPerId = 2, random = Math.random } = options;
  const calls: ReceivedCallback[] = [];
  const failures = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const webhookId = String(req.headers['webhook-id'] ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
        type?: string;
        timestamp?: string;
        data?: { ticketId?: string };
      };
      const failed = failures.get(webhookId) ?? 0;
      const fail = failed < maxFailuresPerId && random() < failRate;
      if (fail) failures.set(webhookId, failed + 1);
      const answered = fail ? 500 : 204;
      calls.push({ webhookId, ticketId: body.data?.ticketId ?? '', type: body.type ?? '', eventAt: body.timestamp ?? '', answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    calls,
    delivered: () => {
      const byTicket = new Map<string, Set<string>>();
      for (const c of calls) {
        if (c.answered < 200 || c.answered > 299) continue;
        byTicket.set(c.ticketId, (byTicket.get(c.ticketId) ?? new Set()).add(c.webhookId));
      }
      return byTicket;
    },
    duplicatePosts: () => {
      const accepted = new Map<string, ReceivedCallback[]>();
      for (const c of calls)
        if (c.answered >= 200 && c.answered <= 299) accepted.set(c.webhookId, [...(accepted.get(c.webhookId) ?? []), c]);
      return new Map([...accepted].filter(([, posts]) => posts.length > 1));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
