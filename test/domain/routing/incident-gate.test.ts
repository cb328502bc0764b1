import { describe, expect, it } from 'vitest';
import { findKnownIncident, type IncidentGateInput } from '../../../shared/domain/routing/incident-gate.js';
import { anAzureRequest, anIssue, anM365Request, aServiceStatus, CUSTOMER_TENANT, NOW, OTHER_TENANT } from './builders.js';

const gate = (over: Partial<IncidentGateInput>) =>
  findKnownIncident({ request: anAzureRequest(), customerTenantId: CUSTOMER_TENANT, issues: [], services: [], now: NOW, ...over });

describe('known-incident gate', () => {
  it('when a tenant-specific incident names the customer, then that customer is held', () => {
    const issue = anIssue({ tenantIds: [CUSTOMER_TENANT.toUpperCase()] });
    expect(gate({ issues: [issue] })).toEqual({ kind: 'incident', issue });
  });

  it('when a tenant-specific incident names another tenant, then this customer is not held', () => {
    expect(gate({ issues: [anIssue({ tenantIds: [OTHER_TENANT] })] })).toEqual({ kind: 'none' });
  });

  it('when an incident lists no tenants, then it holds every customer', () => {
    expect(gate({ issues: [anIssue()], customerTenantId: OTHER_TENANT }).kind).toBe('incident');
  });

  it('when the incident is resolved, ended, settled or not started yet, then nothing is held', () => {
    for (const issue of [
      anIssue({ isResolved: true }),
      anIssue({ endDateTime: '2025-06-01T11:59:59Z' }),
      anIssue({ status: 'ServiceRestored' }),
      anIssue({ startDateTime: '2025-06-01T12:00:01Z' }),
    ]) {
      expect(gate({ issues: [issue] })).toEqual({ kind: 'none' });
    }
  });

  it('when the incident ends in the future, then it still holds', () => {
    expect(gate({ issues: [anIssue({ endDateTime: '2025-06-01T13:00:00Z' })] }).kind).toBe('incident');
  });

  it('when the incident is for a different service or workload, then nothing is held', () => {
    expect(gate({ issues: [anIssue({ service: 'Storage' })] })).toEqual({ kind: 'none' });
    expect(gate({ issues: [anIssue({ workload: 'office365' })] })).toEqual({ kind: 'none' });
  });

  it('when the service differs only in case and spacing at the ends, then it matches', () => {
    expect(gate({ issues: [anIssue({ service: ' virtual machines ' })] }).kind).toBe('incident');
  });

  it('when an Azure incident names subscription A, then a ticket about A is held and one about B of the same customer is not', () => {
    const subscriptionA = 'a0a0a0a0-0000-4000-8000-00000000000a';
    const subscriptionB = 'b0b0b0b0-0000-4000-8000-00000000000b';
    const issue = anIssue({ tenantIds: [CUSTOMER_TENANT], subscriptionIds: [subscriptionA.toUpperCase()] });
    expect(gate({ issues: [issue], request: anAzureRequest({ subscriptionId: subscriptionA }) })).toEqual({ kind: 'incident', issue });
    expect(gate({ issues: [issue], request: anAzureRequest({ subscriptionId: subscriptionB }) })).toEqual({ kind: 'none' });
  });

  it('when an incident names no subscriptions, then every subscription of an affected tenant is held', () => {
    const request = anAzureRequest({ subscriptionId: 'b0b0b0b0-0000-4000-8000-00000000000b' });
    expect(gate({ issues: [anIssue({ tenantIds: [CUSTOMER_TENANT] })], request }).kind).toBe('incident');
    expect(gate({ issues: [anIssue({ tenantIds: [CUSTOMER_TENANT], subscriptionIds: [] })], request }).kind).toBe('incident');
  });

  it('when both regions are known and differ, then an Azure request is not held', () => {
    expect(gate({ issues: [anIssue({ regions: ['East US'] })] })).toEqual({ kind: 'none' });
  });

  it('when the regions are written differently but name the same region, then it matches', () => {
    expect(gate({ issues: [anIssue({ regions: ['eastus', 'westeurope'] })] }).kind).toBe('incident');
  });

  it('when either side does not name a region, then region does not narrow the match', () => {
    expect(gate({ issues: [anIssue({ regions: ['East US'] })], request: anAzureRequest({ region: undefined }) }).kind).toBe('incident');
    expect(gate({ issues: [anIssue()] }).kind).toBe('incident');
  });

  it('when the incident is global (non-regional), then every region matches', () => {
    expect(gate({ issues: [anIssue({ regions: ['Global'] })] }).kind).toBe('incident');
  });

  it('when only an advisory matches, then nothing is held', () => {
    expect(gate({ issues: [anIssue({ classification: 'advisory' })] })).toEqual({ kind: 'none' });
  });

  it('when several incidents match, then the longest-running one is chosen', () => {
    const older = anIssue({ id: 'VM1', startDateTime: '2025-06-01T08:00:00Z' });
    expect(gate({ issues: [anIssue({ id: 'VM2' }), older] })).toMatchObject({ kind: 'incident', issue: { id: 'VM1' } });
  });

  it('when the request names no service and the workload has a degraded service, then it is a possible incident', () => {
    const degraded = aServiceStatus({ status: 'serviceDegradation' });
    const result = gate({
      request: anM365Request({ service: undefined }),
      services: [
        aServiceStatus({ service: 'SharePoint Online' }),
        degraded,
        aServiceStatus({ workload: 'dynamics', status: 'investigating' }),
      ],
    });
    expect(result).toEqual({ kind: 'possible', services: [degraded] });
  });

  it('when the request names no service and every service is healthy, then there is nothing to report', () => {
    const services = [aServiceStatus(), aServiceStatus({ service: 'Teams', status: 'PostIncidentReviewPublished' })];
    expect(gate({ request: anM365Request({ service: undefined }), services })).toEqual({ kind: 'none' });
  });

  it('when the request names no service and the workload has an active incident, then it is a possible incident, not a hold', () => {
    const result = gate({ request: anAzureRequest({ service: undefined }), issues: [anIssue()] });
    expect(result).toEqual({
      kind: 'possible',
      services: [{ workload: 'azure', service: 'Virtual Machines', status: 'serviceDegradation' }],
    });
  });

  it('when the named service is degraded but no incident is published, then it is only a possible incident', () => {
    const degraded = aServiceStatus({ status: 'serviceInterruption' });
    expect(gate({ request: anM365Request(), services: [degraded] })).toEqual({ kind: 'possible', services: [degraded] });
  });
});

describe('known-incident gate: edges', () => {
  const SUB_A = 'a0a0a0a0-0000-4000-8000-00000000000a';
  const SUB_B = 'b0b0b0b0-0000-4000-8000-00000000000b';

  it('when an incident starts at this very moment, then it holds; when it ends at this very moment, then it is over', () => {
    expect(gate({ issues: [anIssue({ startDateTime: NOW.toISOString() })] }).kind).toBe('incident');
    expect(gate({ issues: [anIssue({ endDateTime: NOW.toISOString() })] })).toEqual({ kind: 'none' });
  });

  it('when an incident names several tenants, then each of them is held', () => {
    expect(gate({ issues: [anIssue({ tenantIds: [OTHER_TENANT, CUSTOMER_TENANT] })] }).kind).toBe('incident');
  });

  it('when an Azure incident names several subscriptions, then a ticket about any one of them is held', () => {
    const issue = anIssue({ subscriptionIds: [SUB_B, SUB_A] });
    expect(gate({ issues: [issue], request: anAzureRequest({ subscriptionId: SUB_A }) }).kind).toBe('incident');
  });

  it('when a Microsoft 365 incident carries regions or subscriptions, then they do not narrow it (Azure only)', () => {
    const issue = anIssue({ workload: 'office365', service: 'Exchange Online', regions: ['West Europe'], subscriptionIds: [SUB_A] });
    const request = anM365Request({ region: 'East US' });
    expect(gate({ issues: [issue], request }).kind).toBe('incident');
  });

  it('when two incidents match, then the longest-running one is named, and on the same start the first by id', () => {
    const older = anIssue({ id: 'VM9', startDateTime: '2025-06-01T09:00:00Z' });
    const newer = anIssue({ id: 'VM1', startDateTime: '2025-06-01T10:00:00Z' });
    expect(gate({ issues: [newer, older] })).toEqual({ kind: 'incident', issue: older });
    const twin = anIssue({ id: 'VM0', startDateTime: older.startDateTime });
    expect(gate({ issues: [older, twin] })).toEqual({ kind: 'incident', issue: twin });
  });

  it('when the request names a service, then only that service being unhealthy is worth a warning', () => {
    const request = anM365Request({ service: 'Exchange Online' });
    const other = aServiceStatus({ service: 'Teams', status: 'serviceDegradation' });
    const healthy = aServiceStatus({ status: 'serviceOperational' });
    const elsewhere = aServiceStatus({ workload: 'dynamics', status: 'serviceDegradation' });
    expect(gate({ request, services: [other, healthy, elsewhere] })).toEqual({ kind: 'none' });
  });

  it('when a degraded service also has an incident and the request names no service, then it is listed once', () => {
    const { service: _none, ...request } = anM365Request();
    const degraded = aServiceStatus({ service: 'exchange online', status: 'serviceDegradation' });
    const issue = anIssue({ workload: 'office365', service: 'Exchange Online', status: 'investigating' });
    expect(gate({ request, services: [degraded], issues: [issue] })).toEqual({ kind: 'possible', services: [degraded] });
  });
});
