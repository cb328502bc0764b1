import { beforeAll, describe, expect, it } from 'vitest';
import { routeTicket } from '../../shared/domain/routing/route-ticket.js';
import { azureTicketName } from '../../shared/domain/routing/ticket-name.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import type { Deps } from '../../shared/pipeline/deps.js';
import type { TicketStore } from '../../shared/ports/ticket-store.js';
import { fakeSupportApi } from './fake-support-api.js';
import { pipelineHarness, type PipelineHarness } from './harness.js';
import { PROBLEM_ID, SERVICE_ID, vmIssue } from './azure-vm-issue.js';

describe('recording stage with AZURE_SUPPORT_SUBMIT=on', () => {
  const azure = fakeSupportApi();
  let h: PipelineHarness;

  beforeAll(async () => {
    // The tool listens for outcomes, so each recorded or failed ticket owes it an event.
    h = await pipelineHarness({
      directory: demoDirectory(),
      partnerTenantId: DEMO.direct,
      overrides: { supportApi: azure.api },
      callbackUrl: 'https://tool.example/outcomes',
    });
  });

  async function routed(body: unknown = vmIssue): Promise<string> {
    const ticketId = await h.submit(body);
    await h.runStage(ticketId, 'eligibility');
    await h.runStage(ticketId, 'routing');
    return ticketId;
  }
  const stored = async (ticketId: string) => (await h.deps.tickets.get(DEMO.direct, ticketId))!.ticket;

  it('when the same ticket is routed twice, then both routes name the same Azure ticket, derived from the ticket id', async () => {
    const ticketId = await routed();
    const ticket = await stored(ticketId);
    const again = routeTicket({
      ticketId,
      request: ticket.request,
      partner: await h.deps.directory.getPartner(DEMO.direct),
      customer: await h.deps.directory.getCustomer(DEMO.adatum),
      eligibility: ticket.eligibility!,
      gate: { kind: 'none' },
      cloud: 'public',
    });
    const first = ticket.route!.payload as { ticketName: string; path: string };
    const second = again.route.payload as { ticketName: string; path: string };
    expect(first.ticketName).toBe(azureTicketName(ticketId));
    expect(second.ticketName).toBe(first.ticketName);
    expect(second.path).toBe(first.path);
  });

  it('when the recorder runs twice because its first outcome was lost, then Azure holds one ticket and the record names it', async () => {
    const ticketId = await routed();
    let failOnce = true;
    // The filing succeeds, then the write of the outcome is lost (crash, storage blip): the message comes back.
    const tickets: TicketStore = Object.assign(Object.create(h.deps.tickets) as TicketStore, {
      advance: async (...args: Parameters<TicketStore['advance']>) => {
        if (failOnce) {
          failOnce = false;
          throw new Error('storage went away');
        }
        return h.deps.tickets.advance(...args);
      },
    });
    const lostWrite: Deps = { ...h.deps, tickets };
    await expect(h.runStage(ticketId, 'recording', lostWrite)).rejects.toThrow('storage went away');
    expect(await h.runStage(ticketId, 'recording')).toBe('advanced');
    expect(await h.runStage(ticketId, 'recording')).toBe('skipped');

    const mine = azure.calls.filter((c) => c.ticketName === azureTicketName(ticketId));
    expect(mine).toHaveLength(2);
    expect(azure.filed.has(azureTicketName(ticketId))).toBe(true);
    const ticket = await stored(ticketId);
    expect(ticket.status).toBe('recorded');
    expect(ticket.pendingEvent).toBe('ticket.recorded');
    expect(ticket.route?.microsoftTicketId).toBe(azure.filed.get(azureTicketName(ticketId)));
  });

  it('when the ticket is filed, then Azure gets the wire body: partner contact, no read-only support plan, the ids given', async () => {
    const ticketId = await routed();
    await h.runStage(ticketId, 'recording');
    const call = azure.calls.find((c) => c.ticketName === azureTicketName(ticketId))!;
    expect(call).toMatchObject({ subscriptionId: DEMO.adatumAzureSub, customerTenantId: DEMO.adatum, partnerTenantId: DEMO.direct });
    const properties = (call.body as { properties: Record<string, unknown> }).properties;
    expect(properties).not.toHaveProperty('supportPlanType');
    expect(properties).toMatchObject({ serviceId: SERVICE_ID, problemClassificationId: PROBLEM_ID, advancedDiagnosticConsent: 'No' });
    expect(properties.contactDetails).toMatchObject({ primaryEmailAddress: 'support@contoso-cloud.example' });
    expect((await h.deps.tickets.history(DEMO.direct, ticketId)).at(-1)?.note).toBe('filed with Azure support (created)');
  });

  it('when the request lacks serviceId and problemClassificationId, then nothing is filed and the ticket fails saying which ids and where to get them', async () => {
    const before = azure.calls.length;
    const ticketId = await routed({
      ...vmIssue,
      azure: { resourceId: `/subscriptions/${DEMO.adatumAzureSub}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1` },
    });
    expect(await h.runStage(ticketId, 'recording')).toBe('advanced');
    expect(azure.calls.length).toBe(before);
    const ticket = await stored(ticketId);
    expect(ticket.status).toBe('failed');
    expect(ticket.pendingEvent).toBe('ticket.failed');
    const reason = ticket.reasons.find((r) => r.code === 'AZURE_SUBMISSION_FAILED')!;
    expect(reason.severity).toBe('block');
    expect(reason.message).toContain('azure.serviceId and azure.problemClassificationId');
    // Where to get each id, the API version, and both ways on: submit again, or file through the portal.
    expect(reason.fix).toContain('serviceId from GET /providers/Microsoft.Support/services and');
    expect(reason.fix).toContain('GET /providers/Microsoft.Support/services/{serviceId}/problemClassifications (api-version 2024-04-01)');
    expect(reason.fix).toContain('a new Idempotency-Key; or file it yourself through the route deep link in the Azure portal.');
    expect((await h.deps.tickets.history(DEMO.direct, ticketId)).at(-1)?.note).toBe(
      `not filed with Azure: ${reason.message}`.slice(0, 300),
    );
    expect(h.messageFor(ticketId, 'notifications')).toMatchObject({ ticketId });
  });

  it('when Azure refuses the request, then the ticket fails with its answer and the tool is owed ticket.failed', async () => {
    const ticketId = await routed();
    azure.answerNext(() => ({ kind: 'permanent-failure', message: 'Azure answered 403 AuthorizationFailed: no access' }));
    await h.runStage(ticketId, 'recording');
    const ticket = await stored(ticketId);
    expect(ticket.status).toBe('failed');
    expect(ticket.pendingEvent).toBe('ticket.failed');
    expect(ticket.reasons.at(-1)?.message).toBe('Azure refused the support request: Azure answered 403 AuthorizationFailed: no access');
    expect(ticket.reasons.at(-1)?.fix).toContain('submit again with a new Idempotency-Key');
  });

  it('when Azure is unavailable, then the stage throws and the ticket waits for the redelivery, still routed', async () => {
    const ticketId = await routed();
    azure.answerNext(() => {
      throw new Error('503 ServiceUnavailable');
    });
    await expect(h.runStage(ticketId, 'recording')).rejects.toThrow('503');
    expect((await stored(ticketId)).status).toBe('routed');
    expect(await h.runStage(ticketId, 'recording')).toBe('advanced');
    expect((await stored(ticketId)).status).toBe('recorded');
  });
});

describe('AZURE_SUPPORT_SUBMIT wiring', () => {
  it('when it is on, then the runtime files through the Azure Support API adapter; when off, nothing is filed', async () => {
    const on = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct, env: { AZURE_SUPPORT_SUBMIT: 'on' } });
    // A lazy wrapper: @azure/arm-support is imported when the first ticket is filed, not at cold start.
    expect(on.deps.supportApi?.createTicket).toBeTypeOf('function');
    const off = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct });
    expect(off.deps.supportApi).toBeNull();
    const ticketId = await off.submit(vmIssue);
    await off.runStage(ticketId, 'eligibility');
    // Nothing to file: the routing step records the ticket in the same write, and no recording message is sent.
    await off.runStage(ticketId, 'routing');
    expect(off.sent.filter((s) => s.queue === 'recording')).toEqual([]);
    const ticket = (await off.deps.tickets.get(DEMO.direct, ticketId))!.ticket;
    expect(ticket.status).toBe('recorded');
    expect(ticket.route?.microsoftTicketId).toBeUndefined();
  });
});
