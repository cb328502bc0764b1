import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../shared/domain/directory.js';
import { affectedCustomers } from '../../../shared/domain/routing/incident-impact.js';
import { aCustomer, anIssue } from './builders.js';

// Incident fan-out (README "Know before you file"): which of a partner's customers an issue touches, scoped as the
// known-incident gate scopes it. Ids use hex letters so that other letter cases can be told apart.
const sub = (id: string, workload: 'azure' | 'office365') =>
  ({ id, workload, offerName: 'o', channel: 'csp', isTrial: false }) as Customer['subscriptions'][number];

const withAzure = aCustomer({
  tenantId: 'aaaaaaaa-0000-4000-8000-00000000000a',
  subscriptions: [sub('bbbbbbbb-0000-4000-8000-00000000000b', 'azure')],
});
const withM365 = aCustomer({ tenantId: 'aaaaaaaa-0000-4000-8000-00000000000c', subscriptions: [sub('m365-1', 'office365')] });
const withNothing = aCustomer({ tenantId: 'aaaaaaaa-0000-4000-8000-00000000000d', subscriptions: [] });
const customers = [withAzure, withM365, withNothing];
const tenants = (list: Customer[]) => list.map((c) => c.tenantId);

describe('affectedCustomers', () => {
  it('when an issue names no tenant, then every customer with a subscription of its workload is affected', () => {
    expect(tenants(affectedCustomers(anIssue({ workload: 'azure' }), customers))).toEqual([withAzure.tenantId]);
    expect(tenants(affectedCustomers(anIssue({ workload: 'office365', tenantIds: [] }), customers))).toEqual([withM365.tenantId]);
  });

  it('when an issue names tenants, then exactly those customers are affected, whatever they hold and in any letter case', () => {
    const issue = anIssue({ workload: 'azure', tenantIds: [withNothing.tenantId.toUpperCase(), withM365.tenantId] });
    expect(tenants(affectedCustomers(issue, customers))).toEqual([withM365.tenantId, withNothing.tenantId]);
  });

  it('when an Azure issue names subscriptions, then only customers holding one of them are affected (any letter case)', () => {
    const other = aCustomer({
      tenantId: 'aaaaaaaa-0000-4000-8000-00000000000e',
      subscriptions: [sub('bbbbbbbb-0000-4000-8000-0000000000ff', 'azure')],
    });
    const issue = anIssue({ workload: 'azure', subscriptionIds: ['BBBBBBBB-0000-4000-8000-00000000000B'] });
    expect(tenants(affectedCustomers(issue, [...customers, other]))).toEqual([withAzure.tenantId]);
  });

  it('when an Azure issue names tenants and subscriptions, then a named tenant without one of the subscriptions is not affected', () => {
    const issue = anIssue({
      workload: 'azure',
      tenantIds: [withAzure.tenantId, withNothing.tenantId],
      subscriptionIds: ['bbbbbbbb-0000-4000-8000-00000000000b'],
    });
    expect(tenants(affectedCustomers(issue, customers))).toEqual([withAzure.tenantId]);
  });

  it('when a Microsoft 365 issue carries subscription ids, then they do not narrow it (only Azure issues name subscriptions)', () => {
    const issue = anIssue({ workload: 'office365', subscriptionIds: ['bbbbbbbb-0000-4000-8000-00000000000b'] });
    expect(tenants(affectedCustomers(issue, customers))).toEqual([withM365.tenantId]);
  });

  it('when the subscription named belongs to another workload of the customer, then it does not count', () => {
    const mixed = aCustomer({
      tenantId: 'aaaaaaaa-0000-4000-8000-0000000000f1',
      subscriptions: [sub('bbbbbbbb-0000-4000-8000-00000000000b', 'office365')],
    });
    const issue = anIssue({ workload: 'azure', subscriptionIds: ['bbbbbbbb-0000-4000-8000-00000000000b'] });
    expect(affectedCustomers(issue, [mixed])).toEqual([]);
  });
});
