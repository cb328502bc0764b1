import { randomBytes, randomUUID } from 'node:crypto';
import functions from '@azure/functions';
import { TableClient } from '@azure/data-tables';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO, demoDirectory } from '../../shared/local-host/demo-directory.js';
import type { Bus } from '../../shared/ports/bus.js';
import type { NewToolCredentials, Tool, ToolRegistry } from '../../shared/ports/tool-registry.js';
import { SecretBox } from '../../shared/adapters/tables/secret-box.js';
import { createTableClient } from '../../shared/adapters/tables/table-clients.js';
import { TableToolRegistry } from '../../shared/adapters/tables/tool-registry.js';
import { QUEUES } from '../../shared/queues.js';
import { definitions } from '../../shared/registry.js';
import { TABLES } from '../../shared/tables.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';
import { mailIssue } from './support.js';

// @azure/functions is CommonJS; Node's ESM loader cannot see its class exports by name.
const { HttpRequest, HttpResponse, InvocationContext } = functions;

/**
 * Issue 7 fuzzing: whatever a caller sends, the answer is 2xx or 4xx with problem details, never 5xx, and invalid
 * input leaves no ticket and no message behind. Most cases call the registered handlers in process with real
 * HttpRequest objects (the local host builds the same ones), so ≥ 10,000 fit the budget; a sample goes over HTTP.
 */
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
const scale = process.env.SOAK ? 5 : 1;
const runs = (n: number) => ({ seed, numRuns: n * scale });

const valid = mailIssue('PSA-fuzz');

// Key material table keys may not hold, unicode (lone surrogates included), 4 KB ids.
const nasty = fc.constantFrom(
  '/',
  '\\',
  '#',
  '?',
  '%',
  "'",
  '"',
  '|',
  '~',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  'é',
  '😀',
  '\ud800',
);
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: nasty, maxLength: 40 }),
  fc.tuple(fc.oneof(nasty, fc.constant('x')), fc.constantFrom(300, 1024, 4096)).map(([c, n]) => c.repeat(n)),
);
// What a host can hand a handler: header values are byte strings (no NUL, CR, LF); route and query values are
// decoded text, never a lone surrogate. JSON bodies can carry lone surrogates (`"\ud800"`), so bodies keep them.
const headerSafe = (s: string) => s.replace(/[^\u0001-\u00ff]|[\r\n]/g, '?');
const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
const hostileText = hostile.map(wellFormed);

function memoizeKey(registry: ToolRegistry, key: () => string): ToolRegistry {
  let found: Promise<Tool | null> | null = null;
  const findByApiKey = (apiKey: string) => (apiKey === key() ? (found ??= registry.findByApiKey(apiKey)) : registry.findByApiKey(apiKey));
  return new Proxy(registry, {
    get: (target, name) =>
      name === 'findByApiKey' ? findByApiKey : (Reflect.get(target, name) as (...a: unknown[]) => unknown).bind(target),
  });
}

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | null;
}

// The soak runs five times the cases, so it gets five times the time (a budget for a loaded machine, not a speed claim).
describe('fuzzing the HTTP surface', { timeout: 90_000 * scale }, () => {
  let relay: TestRelay;
  let tool: NewToolCredentials;
  const messaged: string[] = [];
  const accepted = new Set<string>();
  let requests = 0;

  beforeAll(async () => {
    console.log(`fuzz seed ${seed} (rerun with FUZZ_SEED=${seed})`);
    // Intake is under test, not the stages: messages are counted and kept, so the pipeline does not eat the budget.
    const counting: Bus = {
      send: async (queue, messages) => {
        if (queue === QUEUES.eligibility) for (const m of messages) messaged.push(m.messageId.split(':')[0]!);
      },
      ping: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    // The fuzz tool's own key is looked up once: two table reads per case would halve the cases the budget allows.
    // Every other key (the hostile-credentials cases, the HTTP sample) still goes to the real registry.
    const prefix = `fz${randomBytes(4).toString('hex')}`;
    const encryptionKey = randomBytes(32).toString('base64');
    const client = createTableClient({ kind: 'connection-string', value: inject('tablesConnection') }, `${prefix}${TABLES.tools}`);
    const tools = memoizeKey(new TableToolRegistry(client, new SecretBox(encryptionKey)), () => tool.apiKey);
    relay = await startTestRelay({
      env: {
        RATE_LIMIT_PER_MINUTE: '100000000',
        RATE_LIMIT_READS_PER_MINUTE: '100000000',
        RELAY_TABLE_PREFIX: prefix,
        RELAY_ENCRYPTION_KEY: encryptionKey,
      },
      overrides: { bus: counting, tools },
    });
    await relay.importDirectory(demoDirectory());
    tool = await relay.addTool(DEMO.direct);
  });
  afterAll(async () => {
    await relay.drain();
    await relay.stop();
  });

  async function call(
    name: string,
    init: {
      method?: string;
      headers?: Record<string, string>;
      query?: Record<string, string>;
      params?: Record<string, string>;
      body?: Uint8Array | string;
    },
  ): Promise<Answer> {
    const def = definitions.find((d) => d.kind === 'http' && d.name === name);
    if (!def || def.kind !== 'http') throw new Error(`no http function ${name}`);
    const body = typeof init.body === 'string' ? new TextEncoder().encode(init.body) : init.body;
    const request = new HttpRequest({
      method: init.method ?? 'POST',
      url: `http://127.0.0.1/api/${def.route}`,
      headers: init.headers ?? {},
      query: init.query ?? {},
      params: init.params ?? {},
      ...(body?.length ? { body: { bytes: body } } : {}),
    });
    const context = new InvocationContext({ invocationId: randomUUID(), functionName: name, logHandler: () => undefined });
    const result = await def.handler(request, context);
    const response = result instanceof HttpResponse ? result : new HttpResponse(result);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  }

  const submit = (body: Uint8Array | string, headers: Record<string, string> = {}) =>
    call('intake-http', {
      headers: { authorization: `Bearer ${tool.apiKey}`, 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...headers },
      body,
    });

  /**
   * One fast-check run sends a batch of requests at once, so storage round trips overlap and ≥ 10,000 requests fit
   * the budget. Every answer is in `allowed` (never a 5xx), every 4xx is problem details, and the batch wrote exactly
   * one message per fresh 202: nothing for invalid input.
   */
  async function fuzz<T>(
    inputs: fc.Arbitrary<T>,
    numRuns: number,
    allowed: number[],
    send: (input: T) => Promise<Answer[]>,
    writes = false,
  ): Promise<void> {
    await fc.assert(
      fc.asyncProperty(fc.array(inputs, { minLength: 1, maxLength: 10 }), async (batch) => {
        const before = messaged.length;
        // Azurite runs concurrent entity-group transactions one by one, slowly: batches that write go in sequence.
        const answers: Answer[] = [];
        if (writes) for (const input of batch) answers.push(...(await send(input)));
        else answers.push(...(await Promise.all(batch.map(send))).flat());
        requests += answers.length;
        for (const answer of answers) expectAnswer(answer, allowed);
        const fresh = answers.filter((a) => a.status === 202 && a.headers.get('idempotent-replayed') !== 'true');
        expect(messaged.length - before).toBe(fresh.length);
        for (const a of fresh) accepted.add(String(a.body?.ticketId));
      }),
      runs(numRuns),
    );
  }

  function expectAnswer(answer: Answer, allowed: number[]): void {
    expect(allowed, JSON.stringify(answer.body)).toContain(answer.status);
    if (answer.status < 400) return;
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.body).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      status: answer.status,
      detail: expect.any(String),
    });
  }

  it('when the body is arbitrary JSON, then 400 with field errors and nothing is written', async () => {
    const json = fc.jsonValue({ maxDepth: 6, depthSize: 'small' });
    const body = fc.oneof(json, fc.dictionary(fc.oneof(hostile, fc.constantFrom(...Object.keys(valid))), json, { maxKeys: 8 }));
    await fuzz(body, 800, [202, 400, 413], async (value) => {
      const text = JSON.stringify(value);
      const answer = await submit(text);
      // A generated value can outgrow the 64 KiB body limit: then, and only then, 413.
      expect(answer.status === 413).toBe(Buffer.byteLength(text) > 64 * 1024);
      if (answer.status === 400 && answer.body?.errors)
        expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.any(String) })]));
      return [answer];
    });
  });

  it('when a near-valid request carries hostile values or an extra key, then 202, 400 or 413, and an extra key is never accepted', async () => {
    const field = (good: unknown) => fc.oneof({ weight: 3, arbitrary: fc.constant(good) }, { weight: 1, arbitrary: hostile });
    const request = fc.record({
      customerTenantId: field(valid.customerTenantId),
      workload: field(valid.workload),
      title: field(valid.title),
      description: field(valid.description),
      agent: fc.oneof(fc.constant(valid.agent), fc.record({ userPrincipalName: hostile }), fc.record({ objectId: hostile })),
      externalRef: fc.option(hostile, { nil: undefined }),
      service: fc.option(hostile, { nil: undefined }),
      customerContact: fc.option(fc.record({ email: hostile, phone: hostile }, { requiredKeys: [] }), { nil: undefined }),
    });
    // Spliced into the JSON text: `__proto__` must arrive as a real key, and any extra key must make it a 400.
    const extra = fc.option(
      fc.tuple(fc.oneof(hostile, fc.constantFrom('partnerTenantId', '__proto__', 'constructor', 'toolId')), fc.jsonValue({ maxDepth: 2 })),
    );
    await fuzz(
      fc.tuple(request, extra),
      350,
      [202, 400, 413],
      async ([value, more]) => {
        const text = JSON.stringify(value);
        const answer = await submit(more ? `${text.slice(0, -1)},${JSON.stringify(more[0])}:${JSON.stringify(more[1])}}` : text);
        if (more) expect(answer.status).not.toBe(202);
        return [answer];
      },
      true,
    );
  });

  it('when the Idempotency-Key is hostile, then the request is accepted once and replayed, or refused with 400', async () => {
    await fuzz(
      hostile.map(headerSafe),
      60,
      [202, 400],
      async (key) => {
        const first = await submit(JSON.stringify(valid), { 'idempotency-key': key });
        const again = await submit(JSON.stringify(valid), { 'idempotency-key': key });
        expect(again.status).toBe(first.status);
        if (first.status === 202) expect([again.body, again.headers.get('idempotent-replayed')]).toEqual([first.body, 'true']);
        return [first, again];
      },
      true,
    );
  });

  it('when the body is deeply nested, huge, not UTF-8 or of another type, then 400, 413 or 415', async () => {
    const deep = fc
      .tuple(fc.integer({ min: 1, max: 30_000 }), fc.boolean())
      .map(([n, array]) => (array ? '['.repeat(n) + ']'.repeat(n) : `${'{"agent":'.repeat(n)}1${'}'.repeat(n)}`));
    const huge = fc.integer({ min: 65_537, max: 200_000 }).map((n) => JSON.stringify({ ...valid, description: 'é'.repeat(n / 2) }));
    const bytes = fc.uint8Array({ maxLength: 2048 });
    const contentType = fc.constantFrom(
      'application/json',
      'application/problem+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      '',
      'APPLICATION/JSON; charset=utf-16',
      'application/json;;;',
    );
    await fuzz(fc.tuple(fc.oneof(deep, huge, bytes), contentType), 300, [400, 413, 415], async ([body, type]) => [
      await submit(body, { 'content-type': type }),
    ]);
  });

  it('when credentials are hostile or forged, then 401', async () => {
    const headers = fc.oneof(
      hostile.map((h) => ({ authorization: headerSafe(h) })),
      hostile.map((h) => ({ authorization: `Bearer ${headerSafe(h)}` })),
      fc.record(
        {
          'webhook-id': hostile.map(headerSafe),
          'webhook-timestamp': hostile.map(headerSafe),
          'webhook-signature': hostile.map(headerSafe),
        },
        { requiredKeys: [] },
      ),
    );
    await fuzz(fc.tuple(headers, fc.option(hostileText, { nil: undefined })), 220, [401], async ([auth, toolId]) => [
      await call('intake-http', {
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...auth },
        query: toolId === undefined ? {} : { toolId },
        body: JSON.stringify(valid),
      }),
    ]);
  });

  it('when a ticket id in the path is hostile, then 404', async () => {
    await fuzz(hostileText, 220, [404], async (ticketId) => [
      await call('status-http', { method: 'GET', headers: { authorization: `Bearer ${tool.apiKey}` }, params: { ticketId } }),
    ]);
  });

  it('when list query parameters are hostile, then 200 or 400', async () => {
    // Cursors are opaque, but a caller can forge one in the SDK's own token shape.
    const forged = fc
      .record({ nextPartitionKey: hostileText, nextRowKey: hostileText }, { requiredKeys: ['nextPartitionKey'] })
      .map((t) => Buffer.from(Buffer.from(JSON.stringify(t), 'latin1').toString('base64')).toString('base64url'));
    const realCursors = await cursorsFromRealToken();
    const query = fc.record(
      {
        externalRef: hostileText,
        status: hostileText,
        since: hostileText,
        limit: hostileText,
        cursor: fc.oneof(hostileText, forged, realCursors),
      },
      { requiredKeys: [] },
    );
    await fuzz(query, 220, [200, 400], async (q) => [
      await call('list-http', { method: 'GET', headers: { authorization: `Bearer ${tool.apiKey}` }, query: q }),
    ]);
  });

  it('when cursors are built from a real continuation token with keys of every length up to the storage limits, then 200 or 400', async () => {
    const realCursors = await cursorsFromRealToken();
    await fuzz(realCursors, 120, [200, 400], async (cursor) => [
      await call('list-http', { method: 'GET', headers: { authorization: `Bearer ${tool.apiKey}` }, query: { cursor, limit: '2' } }),
    ]);
  });

  /**
   * A real cursor of the fuzz tool's own (issued by the API for two tickets), its continuation keys replaced by keys of
   * 1 to 4,200 characters: Table keys hold up to 1 KiB, and Azure's opaque token for such a key is up to ~4 K. Key
   * characters are ones storage accepts plus the ones it must receive percent-encoded ('/', '%', ' ', quotes).
   */
  async function cursorsFromRealToken(): Promise<fc.Arbitrary<string>> {
    for (const ref of ['cursor-a', 'cursor-b']) expect((await submit(JSON.stringify({ ...valid, externalRef: ref }))).status).toBe(202);
    const page = await call('list-http', { method: 'GET', headers: { authorization: `Bearer ${tool.apiKey}` }, query: { limit: '1' } });
    const outer = JSON.parse(Buffer.from(String(page.body?.nextCursor), 'base64url').toString('utf8')) as { p: string; t: string };
    const token = JSON.parse(Buffer.from(outer.t, 'base64').toString('latin1')) as { nextPartitionKey: string; nextRowKey: string };
    const keyChar = fc.constantFrom('a', 'Z', '0', '|', '~', '-', '_', '.', '/', '%', ' ', "'", '"', '!');
    const key = (real: string) => fc.tuple(fc.integer({ min: 1, max: 4_200 }), keyChar).map(([n, c]) => (real + c.repeat(n)).slice(0, n));
    return fc
      .record({
        nextPartitionKey: fc.oneof(fc.constant(token.nextPartitionKey), key(token.nextPartitionKey)),
        nextRowKey: fc.oneof(fc.constant(token.nextRowKey), key(token.nextRowKey)),
      })
      .map((t) =>
        Buffer.from(JSON.stringify({ p: outer.p, t: Buffer.from(JSON.stringify(t), 'latin1').toString('base64') })).toString('base64url'),
      );
  }

  it('when a sample of hostile requests goes over real HTTP, then no answer is a 5xx', async () => {
    // Raw bytes, percent-encoded: malformed UTF-8 reaches the host's own URL decoding.
    const raw = fc.uint8Array({ maxLength: 64 }).map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join(''));
    const path = fc.oneof(
      raw,
      hostileText.map((id) => encodeURIComponent(id.slice(0, 300))),
    );
    await fc.assert(
      fc.asyncProperty(path, fc.jsonValue({ maxDepth: 4 }), async (id, value) => {
        const get = await fetch(`${relay.url}/api/v1/service-requests/${id}?externalRef=${id}`, {
          headers: { authorization: `Bearer ${tool.apiKey}` },
        });
        const post = await relay.submit(tool.apiKey, value);
        for (const res of [get, post]) {
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expect(res.headers.get('content-type')).toBe('application/problem+json');
          await res.arrayBuffer();
        }
      }),
      runs(150),
    );
  });

  it('when fuzzing is over, then the only tickets are the accepted ones and each got exactly one message', async () => {
    await relay.drain();
    const prefix = relay.host.runtime.config.RELAY_TABLE_PREFIX ?? '';
    const table = TableClient.fromConnectionString(inject('tablesConnection'), `${prefix}${TABLES.tickets}`, {
      allowInsecureConnection: true,
    });
    let tickets = 0;
    for await (const _ of table.listEntities({ queryOptions: { filter: "RowKey ge 't|' and RowKey lt 't|~'" } })) tickets++;
    expect(new Set(messaged).size).toBe(messaged.length);
    expect(tickets).toBe(messaged.length);
    for (const ticketId of accepted) expect(messaged).toContain(ticketId);
    console.log(`fuzz: ${requests} in-process cases, ${accepted.size} accepted, ${tickets} tickets, seed ${seed}`);
    expect(requests).toBeGreaterThanOrEqual(10_000 * scale);
  });
});
