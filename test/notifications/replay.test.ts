import { describe, expect, it } from 'vitest';
import { deliveryCommands } from '../../shared/cli/commands/deliveries.js';
import { parseArgs, UsageError } from '../../shared/cli/context.js';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { CONTRACT_ATTEMPTS, CONTRACT_RETRY_WAITS_MS } from '../support/contract-schedule.js';
import { notifyRelayForFile } from './support/notify-relay.js';
import { inOrder, type Script } from './support/scripted-receiver.js';

/**
 * A receiver that handles each event once, keyed by webhook-id. While `down`, it processes but then fails to answer
 * 2xx (the case where a sender's retry or replay reaches a receiver that already has the event).
 */
function dedupingReceiver() {
  const processed = new Map<string, number>();
  const state = { down: true, duplicatesDropped: 0 };
  const script: Script = (call) => {
    const id = call.headers['webhook-id'] as string;
    if (processed.has(id)) state.duplicatesDropped++;
    else processed.set(id, 1);
    return { status: state.down ? 500 : 204 };
  };
  return { processed, state, script };
}

describe('relay deliveries list | show | replay', () => {
  const { n, receiver } = notifyRelayForFile();
  const printed: string[] = [];
  const cli = deliveryCommands({ runtime: async () => n.relay.host.runtime, print: (line) => printed.push(line) });
  const run = async (command: string, ...argv: string[]) => {
    printed.length = 0;
    await cli[command]!(parseArgs(argv));
    return printed.join('\n');
  };
  const exhaust = async (ticketId: string) => {
    let delivery = await n.delivery(ticketId);
    while (delivery.nextAttemptAt) delivery = await n.runNextAttempt(ticketId);
    expect(delivery.status).toBe('failed');
    return delivery;
  };

  it('when a failed delivery is replayed, then the receiver gets the same webhook-id again and can drop it as a duplicate', async () => {
    const dedup = dedupingReceiver();
    const tool = await n.addTool(receiver.on('/dedup', dedup.script));
    const ticketId = await n.submitRecorded(tool.apiKey);
    const failed = await exhaust(ticketId);

    expect(await run('list', '--failed')).toContain(
      `${failed.eventId}  failed  partner=${DEMO.direct}  attempts=${CONTRACT_ATTEMPTS}  last=HTTP 500`,
    );
    const shown = JSON.parse(await run('show', failed.eventId, '--partner', DEMO.direct)) as { attempts: unknown[] };
    expect(shown.attempts).toHaveLength(CONTRACT_ATTEMPTS);

    dedup.state.down = false;
    expect(await run('replay', failed.eventId)).toMatch(
      new RegExp(`^replayed ${failed.eventId}  delivered .* attempts=${CONTRACT_ATTEMPTS + 1}  last=HTTP 204`),
    );

    const calls = receiver.callsTo('/dedup');
    expect(calls).toHaveLength(CONTRACT_ATTEMPTS + 1);
    expect(new Set(calls.map((c) => c.headers['webhook-id']))).toEqual(new Set([failed.eventId]));
    expect([...dedup.processed.keys()]).toEqual([failed.eventId]);
    expect(dedup.state.duplicatesDropped).toBe(CONTRACT_ATTEMPTS);
    expect(await run('list', '--failed')).not.toContain(failed.eventId);

    const view = (await (await n.relay.get(tool.apiKey, `/api/v1/service-requests/${ticketId}`)).json()) as {
      status: string;
      deliveries: { status: string }[];
    };
    expect(view.status).toBe('notified');
    expect(view.deliveries).toEqual([expect.objectContaining({ eventId: failed.eventId, status: 'delivered' })]);
  });

  it('when a replayed delivery fails again, then its retry schedule starts over and retries keep the event id', async () => {
    const tool = await n.addTool(receiver.on('/gone-then-flaky', inOrder({ status: 410 }, { status: 500 }, { status: 200 })));
    const ticketId = await n.submitRecorded(tool.apiKey);
    const failed = await n.delivery(ticketId);
    expect(failed.status).toBe('failed');

    // 410 removed the callback: replay says what to do instead of sending nowhere.
    await expect(run('replay', failed.eventId)).rejects.toThrow(/relay tools set-callback/);
    await n.relay.deps.tools.setCallback(tool.tool.toolId, receiver.url('/gone-then-flaky'));

    await run('replay', failed.eventId);
    const retrying = await n.delivery(ticketId);
    expect(retrying).toMatchObject({ status: 'retrying', runStart: 1 });
    expect(Date.parse(retrying.nextAttemptAt!) - Date.parse(retrying.attempts[1]!.at)).toBe(CONTRACT_RETRY_WAITS_MS[0]);

    const done = await n.runNextAttempt(ticketId);
    expect(done.status).toBe('delivered');
    expect(done.attempts.map((a) => a.statusCode)).toEqual([410, 500, 200]);
    expect(new Set(receiver.callsTo('/gone-then-flaky').map((c) => c.headers['webhook-id']))).toEqual(new Set([failed.eventId]));
  });

  it('when replaying --since a time, then every failed delivery changed since then is replayed and others are left alone', async () => {
    const since = n.time.clock.now().toISOString();
    const tool = await n.addTool(receiver.on('/batch', inOrder({ status: 410 }, { status: 410 }, { status: 204 })));
    const first = await n.submitRecorded(tool.apiKey);
    await n.relay.deps.tools.setCallback(tool.tool.toolId, receiver.url('/batch'));
    const second = await n.submitRecorded(tool.apiKey);
    await n.relay.deps.tools.setCallback(tool.tool.toolId, receiver.url('/batch'));
    const ok = await n.addTool(receiver.on('/fine', inOrder({ status: 204 })));
    const delivered = await n.submitRecorded(ok.apiKey);

    const out = await run('replay', '--since', since);
    expect(out).toContain('2 of 2 failed deliveries');
    expect((await n.delivery(first)).status).toBe('delivered');
    expect((await n.delivery(second)).status).toBe('delivered');
    expect(receiver.callsTo('/fine')).toHaveLength(1);
    expect((await n.delivery(delivered)).attempts).toHaveLength(1);
  });

  it('when the delivery is not failed or does not exist, then replay refuses with a usage error', async () => {
    const ok = await n.addTool(receiver.on('/fine-again', inOrder({ status: 204 })));
    const ticketId = await n.submitRecorded(ok.apiKey);
    const { eventId } = await n.delivery(ticketId);
    await expect(run('replay', eventId)).rejects.toThrow(/is delivered; only failed deliveries are replayed/);
    await expect(run('replay', 'evt_nope')).rejects.toThrow(UsageError);
    await expect(run('replay', '--since', 'yesterday')).rejects.toThrow(/ISO-8601/);
  });
});
