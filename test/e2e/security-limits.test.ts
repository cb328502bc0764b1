import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostIsBuilt, startLocalHost, type LocalHost } from './support/local-host.js';

/**
 * Issue 17, black box against `npm start`: a body is read with a hard limit whatever `Content-Length` says (chunked
 * included), and a request with bad credentials is answered from its headers before its body is read.
 */
const MiB = 1024 * 1024;

/** Resident memory of a process, from the kernel (Linux). */
const rss = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

interface Outcome {
  status: number | null;
  body: string;
  /** Bytes the client had handed to the socket when the answer (or the close) came. */
  sent: number;
}

/**
 * Streams `total` bytes chunked (no Content-Length), as fast as the server takes them, and stops at the answer or when
 * the server closes the connection. With `stallAfter`, it sends that much and then waits (never ends the body).
 */
function streamBody(url: string, headers: Record<string, string>, total: number, stallAfter?: number): Promise<Outcome> {
  return new Promise((resolve) => {
    let sent = 0;
    let settled = false;
    const done = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve(outcome);
    };
    const req = httpRequest(
      `${url}/api/v1/service-requests`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => done({ status: res.statusCode ?? null, body, sent }));
      },
    );
    req.on('error', () => done({ status: null, body: '', sent }));
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const pump = () => {
      while (sent < total && sent < (stallAfter ?? total)) {
        sent += chunk.length;
        if (!req.write(chunk)) return req.once('drain', pump);
      }
      if (stallAfter === undefined) req.end();
    };
    pump();
    // A bounded wait for an answer, not a speed assertion: the server must answer without the rest of the body.
    setTimeout(() => done({ status: null, body: 'no answer within 20 s', sent }), 20_000).unref();
  });
}

describe.skipIf(!hostIsBuilt)('body limits (compiled local host)', () => {
  let host: LocalHost;
  beforeAll(async () => {
    host = await startLocalHost();
  });
  afterAll(() => host.stop());

  it('when a valid key sends 70 KiB chunked and then stalls, then 413 comes without the rest of the body', async () => {
    const { apiKey } = host.credentials();
    const outcome = await streamBody(host.url, { authorization: `Bearer ${apiKey}`, 'idempotency-key': 'big' }, 8 * MiB, 70 * 1024);
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body)).toMatchObject({ status: 413, detail: expect.stringContaining('65536') });
  });

  it('when a request without valid credentials sends an endless body, then 401 comes from the headers alone', async () => {
    const outcome = await streamBody(host.url, { authorization: 'Bearer rk_not-a-key', 'idempotency-key': 'x' }, 8 * MiB, 16 * 1024);
    expect(outcome.status).toBe(401);
    // Positive control: the same key scheme with the real key and a small body is accepted.
    const ok = await fetch(`${host.url}/api/v1/service-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.credentials().apiKey}`, 'content-type': 'application/json', 'idempotency-key': 'small' },
      body: JSON.stringify({
        customerTenantId: 'aaaaaaaa-0000-4000-8000-000000000001',
        workload: 'office365',
        title: 't',
        description: 'd',
        agent: { userPrincipalName: 'dana@contoso-cloud.example' },
      }),
    });
    expect(ok.status).toBe(202);
  });

  it('when 8 bodies of 8 MiB are streamed at once without Content-Length, then each gets 413 or a closed connection, and the host never holds them', async () => {
    const { apiKey } = host.credentials();
    const pid = host.child.pid!;
    const send = (bytes: number) => () =>
      streamBody(host.url, { authorization: `Bearer ${apiKey}`, 'idempotency-key': randomBytes(4).toString('hex') }, bytes);
    // A small round first: the host's first eight over-limit requests grow its heap and socket buffers once whatever
    // the limit is (measured 5–7 MiB on a loaded machine), which is not the buffering this test is about. Small, so
    // that a host that buffers does not grow its heap here to the size the measured round needs.
    await Promise.all(Array.from({ length: 8 }, send(512 * 1024)));
    const before = rss(pid);
    // The peak while all eight are in flight, sampled: a host that buffered the bodies would hold 64 MiB at once
    // (concurrent, so freeing one body cannot make room for the next), far above the few MiB that GC timing moves RSS
    // by on a busy machine. Sent one after another, the bodies made a buffering host grow by about one body only, close
    // to that noise, and the test flaky.
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rss(pid))), 10);
    const outcomes = await Promise.all(Array.from({ length: 8 }, send(8 * MiB)));
    clearInterval(sampler);
    const grown = Math.max(peak, rss(pid)) - before;
    console.log(
      `body limit: 8 × 8 MiB chunked at once → ${outcomes.map((o) => `${o.status ?? 'closed'} after ${(o.sent / 1024).toFixed(0)} KiB sent`).join(', ')}; host RSS peak grew ${(grown / MiB).toFixed(1)} MiB`,
    );
    for (const o of outcomes) expect([413, null]).toContain(o.status);
    // Measured with Stryker busy on the same 2 cores: 4.6–11.1 MiB; with the host made to read each body whole before
    // its 413 (the stream limit set to Infinity and the reader keeping every chunk): 54–78 MiB. The bound sits between.
    expect(grown).toBeLessThan(24 * MiB);
  });
});
