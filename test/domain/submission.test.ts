import { describe, expect, it } from 'vitest';
import { serviceRequestSchema, toFieldErrors } from '../../shared/domain/submission.js';

// The submission body of docs/openapi.json (POST /v1/service-requests): the problems a partner tool reads come from
// these checks, one `{ path, message }` per problem.
const M365 = {
  customerTenantId: 'aaaaaaaa-0000-4000-8000-000000000001',
  workload: 'office365',
  title: 'Mail flow delayed',
  description: 'Outbound mail queued for 40 minutes.',
  agent: { userPrincipalName: 'dana@contoso-cloud.example' },
};
const errorsOf = (body: unknown) => {
  const parsed = serviceRequestSchema.safeParse(body);
  return parsed.success ? [] : toFieldErrors(parsed.error);
};

describe('submission body', () => {
  it('when only the required fields are sent, then severity is moderate and the request does not insist past incidents', () => {
    expect(serviceRequestSchema.parse(M365)).toMatchObject({ severity: 'moderate', escalateDespiteIncident: false });
  });

  it('when an Azure request names no subscription, then the problem points at subscriptionId', () => {
    expect(errorsOf({ ...M365, workload: 'azure' })).toEqual([
      { path: 'subscriptionId', message: 'subscriptionId is required when workload is azure' },
    ]);
    expect(errorsOf({ ...M365, workload: 'azure', subscriptionId: 'bbbbbbbb-0000-4000-8000-000000000001' })).toEqual([]);
  });

  it('when the agent is named neither way, then the problem says to give one; either way alone is enough', () => {
    expect(errorsOf({ ...M365, agent: {} })).toEqual([{ path: 'agent', message: 'give userPrincipalName or objectId' }]);
    expect(errorsOf({ ...M365, agent: { objectId: 'cccccccc-0000-4000-8000-000000000001' } })).toEqual([]);
  });

  it('when the body has fields the API does not know, then they are named together at the body level', () => {
    expect(errorsOf({ ...M365, priority: 1, tenant: 'x' })).toEqual([{ path: '(body)', message: 'unknown field(s): priority, tenant' }]);
  });

  it('when a nested field is wrong, then its path is dotted', () => {
    expect(errorsOf({ ...M365, agent: { objectId: 'not-a-guid' } })).toEqual([{ path: 'agent.objectId', message: 'must be a GUID' }]);
  });

  it('when a text is only spaces, then it counts as empty', () => {
    expect(errorsOf({ ...M365, title: '   ' }).map((e) => e.path)).toEqual(['title']);
  });
});
