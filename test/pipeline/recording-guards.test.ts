import { describe, expect, it } from 'vitest';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { fakeSupportApi } from './fake-support-api.js';
import { pipelineHarness } from './harness.js';
import { vmIssue } from './azure-vm-issue.js';

/**
 * A ticket routed to Azure support by an older version may lack parts of the Azure request (stored tickets are JSON):
 * the recording stage must refuse to file it rather than send Azure half a request.
 */
describe('recording stage: an Azure request missing its parts', () => {
  it.each([
    ['the ticket name', (payload: Record<string, unknown>) => ({ ...payload, ticketName: undefined })],
    ['the request body', (payload: Record<string, unknown>) => ({ ...payload, body: {} })],
    ['the subscription', (payload: Record<string, unknown>) => ({ ...payload, subscriptionId: undefined })],
  ])('when %s is missing, then nothing is filed and the stage fails for the broker to redeliver', async (_part, strip) => {
    const azure = fakeSupportApi();
    const h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct, overrides: { supportApi: azure.api } });
    const ticketId = await h.submit(vmIssue);
    await h.runStage(ticketId, 'eligibility');
    await h.runStage(ticketId, 'routing');
    const stored = (await h.deps.tickets.get(DEMO.direct, ticketId))!;
    const route = stored.ticket.route!;
    expect(route.channel).toBe('azure-support');
    const payload = (route as { payload: Record<string, unknown> }).payload;
    const older = { ...stored.ticket, route: { ...route, payload: strip(payload) } as typeof route };
    await h.deps.tickets.save(stored, older);
    // The recording message carries the ticket as routing wrote it; make it carry the older one too.
    const envelope = h.messageFor(ticketId, 'recording') as { snapshot?: { ticket: unknown } };
    if (envelope.snapshot) envelope.snapshot.ticket = older;

    await expect(h.runStage(ticketId, 'recording')).rejects.toThrow(`ticket ${ticketId} has no Azure request to file`);
    expect(azure.calls).toEqual([]);
    expect((await h.deps.tickets.get(DEMO.direct, ticketId))!.ticket.status).toBe('routed');
  });
});
