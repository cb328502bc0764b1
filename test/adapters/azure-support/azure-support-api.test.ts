import { describe, expect, it } from 'vitest';
import { AzureSupportApi } from '../../../shared/adapters/azure-support/azure-support-api.js';
import { buildAzureSupportTicket, wireBody } from '../../../shared/domain/routing/azure-support-body.js';
import type { SupportTicketRequest } from '../../../shared/ports/support-api.js';
import { armError, fakeArm, fakeCredential, type Answer, type SeenRequest } from './fake-arm.js';

const CUSTOMER = 'aaaaaaaa-0000-4000-8000-000000000001';
const PARTNER = '11111111-1111-4111-8111-111111111111';
const SUBSCRIPTION = 'bbbbbbbb-0000-4000-8000-000000000001';

const routed = buildAzureSupportTicket({
  ticketId: 'tkt_01JTEST',
  subscriptionId: SUBSCRIPTION,
  partner: { contact: { name: 'Dana Support', email: 'support@contoso-cloud.example' } },
  request: {
    customerTenantId: CUSTOMER,
    workload: 'azure',
    title: 'VM will not start',
    description: 'Stuck in "starting".',
    severity: 'high',
    agent: { userPrincipalName: 'dana@contoso-cloud.example' },
    subscriptionId: SUBSCRIPTION,
    escalateDespiteIncident: false,
    azure: {
      serviceId: '/providers/Microsoft.Support/services/vm',
      problemClassificationId: '/providers/Microsoft.Support/services/vm/problemClassifications/boot',
    },
  },
});

const request: SupportTicketRequest = {
  subscriptionId: SUBSCRIPTION,
  ticketName: routed.ticketName,
  customerTenantId: CUSTOMER,
  partnerTenantId: PARTNER,
  body: wireBody(routed),
};

const ticketPath = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Support/supportTickets/${routed.ticketName}`;
const filed = (id: string): Answer => ({
  status: 200,
  body: { id: ticketPath, name: routed.ticketName, properties: { supportTicketId: id, title: 'VM will not start' } },
});
const notFound = armError(404, 'ResourceNotFound', 'The support ticket was not found.');

function api(answer: (seen: SeenRequest, index: number) => Answer, options: { armEndpoint?: string; refuse?: string[] } = {}) {
  const arm = fakeArm(answer);
  const scopes: string[] = [];
  const support = new AzureSupportApi({
    credential: fakeCredential(new Set(options.refuse), scopes),
    armEndpoint: options.armEndpoint ?? 'https://management.azure.com',
    httpClient: arm.httpClient,
    pollIntervalMs: 0,
  });
  return { support, seen: arm.seen, scopes };
}

/** GET answers "not found" until something was PUT; the PUT answers `put`. */
const fresh = (put: Answer) => (seen: SeenRequest) => (seen.method === 'GET' ? notFound : put);

describe('Azure Support API adapter (@azure/arm-support)', () => {
  it('when no ticket has the name yet, then it is filed with the exact routed body, the customer token and the partner as auxiliary', async () => {
    const { support, seen } = api(fresh(filed('2405010010000001')));
    expect(await support.createTicket(request)).toEqual({ kind: 'created', supportTicketId: '2405010010000001' });
    const put = seen.find((s) => s.method === 'PUT')!;
    expect(put.url.origin + put.url.pathname).toBe(`https://management.azure.com${ticketPath}`);
    expect(put.url.searchParams.get('api-version')).toBe('2024-04-01');
    expect(put.authorization).toBe(`Bearer tok-${CUSTOMER}`);
    expect(put.auxiliary).toBe(`Bearer tok-${PARTNER}`);
    expect(put.body).toEqual(request.body);
    const properties = (put.body as { properties: Record<string, unknown> }).properties;
    expect(properties.advancedDiagnosticConsent).toBe('No');
    expect(properties).not.toHaveProperty('supportPlanType');
  });

  it('when a ticket with the name exists already (an earlier attempt lost its answer), then nothing is filed and its id is returned', async () => {
    const { support, seen } = api(() => filed('2405010010000002'));
    expect(await support.createTicket(request)).toEqual({ kind: 'exists', supportTicketId: '2405010010000002' });
    expect(seen.map((s) => s.method)).toEqual(['GET']);
  });

  it('when the create answers 409 and the ticket is then found, then it counts as filed', async () => {
    const { support } = api((seen, i) =>
      seen.method === 'PUT' ? armError(409, 'Conflict', 'exists') : i === 0 ? notFound : filed('2405010010000003'),
    );
    expect(await support.createTicket(request)).toEqual({ kind: 'exists', supportTicketId: '2405010010000003' });
  });

  it('when the create answers 409 but the ticket is not visible yet, then it throws so the redelivery looks again', async () => {
    const { support } = api((seen) => (seen.method === 'PUT' ? armError(409, 'Conflict', 'busy') : notFound));
    await expect(support.createTicket(request)).rejects.toMatchObject({ statusCode: 409 });
  });

  it('when Azure accepts the create for later (202), then it polls the operation and returns the filed id', async () => {
    const operation = 'https://management.azure.com/providers/Microsoft.Support/operationStatuses/op1?api-version=2024-04-01';
    const { support, seen } = api((s, i) => {
      if (s.method === 'PUT') return { status: 202, headers: { 'azure-asyncoperation': operation, 'retry-after': '0' } };
      if (s.url.pathname.includes('operationStatuses')) return { status: 200, body: { status: 'Succeeded' } };
      return i === 0 ? notFound : filed('2405010010000004');
    });
    expect(await support.createTicket(request)).toEqual({ kind: 'created', supportTicketId: '2405010010000004' });
    expect(seen.some((s) => s.url.pathname.includes('operationStatuses'))).toBe(true);
  });

  it.each([
    [400, 'InvalidParameter', 'problemClassificationId is invalid'],
    [403, 'AuthorizationFailed', 'The client does not have authorization to perform action Microsoft.Support/supportTickets/write'],
    [404, 'SubscriptionNotFound', 'The subscription could not be found.'],
  ])('when Azure refuses the create with %i, then it is a permanent failure naming the code', async (status, code, message) => {
    const { support } = api(fresh(armError(status, code, message)));
    const result = await support.createTicket(request);
    expect(result).toMatchObject({ kind: 'permanent-failure' });
    expect(result.kind === 'permanent-failure' && result.message).toContain(`${status} ${code}`);
  });

  it.each<[string, Answer]>([
    ['429', armError(429, 'TooManyRequests', 'slow down')],
    ['503', armError(503, 'ServiceUnavailable', 'try later')],
    ['a network error', { networkError: 'socket hang up' }],
  ])('when the create meets %s, then it throws for the broker to retry', async (_what, answer) => {
    const { support } = api(fresh(answer));
    await expect(support.createTicket(request)).rejects.toThrow();
  });

  it("when no token can be had for the customer's tenant, then it is a permanent failure naming the tenant, never a token", async () => {
    const { support, seen } = api(fresh(filed('x')), { refuse: [CUSTOMER] });
    const result = await support.createTicket(request);
    expect(result.kind).toBe('permanent-failure');
    const message = result.kind === 'permanent-failure' ? result.message : '';
    expect(message).toContain(CUSTOMER);
    expect(message).toContain('PARTNER_APP_CLIENT_ID');
    expect(message).not.toMatch(/tok-|AADSTS/);
    expect(seen).toEqual([]);
  });

  it('when the relay serves US Government, then the calls go to the US Government ARM with its token scope', async () => {
    const { support, seen, scopes } = api(fresh(filed('2405010010000005')), { armEndpoint: 'https://management.usgovcloudapi.net' });
    await support.createTicket(request);
    expect(new Set(seen.map((s) => s.url.origin))).toEqual(new Set(['https://management.usgovcloudapi.net']));
    expect(new Set(scopes)).toEqual(new Set(['https://management.usgovcloudapi.net/.default']));
  });
});
