import type { Customer, Partner } from '../directory.js';
import { checkEligibility } from '../eligibility/check-eligibility.js';
import { isRelated } from '../eligibility/rules/known-parties.js';
import type { ChannelHint, EligibilityResult } from '../eligibility/types.js';
import type { Reason } from '../reasons.js';
import { WORKLOADS, type ServiceRequest, type Workload } from '../submission.js';
import { bestForAnyAgent } from './any-agent.js';

/**
 * Readiness (rules 1–8 and 10 without a ticket): can this partner file for this customer right now, per workload
 * and per Azure subscription, and if not, what to fix. Pure, like the rules it runs.
 */
export interface SubscriptionReadiness {
  id: string;
  canFile: boolean;
  reasons: Reason[];
}

export interface WorkloadReadiness {
  workload: Workload;
  canFile: boolean;
  channel: ChannelHint;
  customerCanSelfFile: boolean | null;
  reasons: Reason[];
  subscriptions?: SubscriptionReadiness[];
}

export interface ReadinessInput {
  partner: Partner;
  customer: Customer | null;
  now: Date;
  workloads?: readonly Workload[];
  /** The agent to check; without one, the partner's best-placed agent (any agent who can file makes it ready). */
  agent?: ServiceRequest['agent'];
}

/** null: unknown or unrelated customer, which callers answer identically (404). */
export function checkReadiness(input: ReadinessInput): WorkloadReadiness[] | null {
  const { partner, customer } = input;
  if (!customer || !isRelated(partner, customer)) return null;
  return (input.workloads ?? WORKLOADS).map((workload) =>
    workload === 'azure' ? azureReadiness(input, customer) : workloadReadiness(input, customer, workload),
  );
}

function evaluate(input: ReadinessInput, customer: Customer, workload: Workload, subscriptionId?: string): EligibilityResult {
  const request = (agent: ServiceRequest['agent']): ServiceRequest => ({
    customerTenantId: customer.tenantId,
    workload,
    title: 'Readiness check',
    description: 'Readiness check: no ticket is filed.',
    severity: 'moderate',
    agent,
    escalateDespiteIncident: false,
    ...(subscriptionId !== undefined ? { subscriptionId } : {}),
  });
  const run = (agent: ServiceRequest['agent']) =>
    checkEligibility({
      partnerTenantId: input.partner.tenantId,
      partner: input.partner,
      customer,
      request: request(agent),
      now: input.now,
    });
  return input.agent ? run(input.agent) : bestForAnyAgent(input.partner, run);
}

function workloadReadiness(input: ReadinessInput, customer: Customer, workload: Workload): WorkloadReadiness {
  const result = evaluate(input, customer, workload);
  return {
    workload,
    canFile: result.decision === 'eligible',
    channel: result.channel,
    customerCanSelfFile: result.customerCanSelfFile,
    reasons: result.reasons,
  };
}

/** Azure is decided per subscription (provider, RBAC); the workload can be filed for when any subscription can. */
function azureReadiness(input: ReadinessInput, customer: Customer): WorkloadReadiness {
  const ids = [...new Set(customer.subscriptions.filter((s) => s.workload === 'azure').map((s) => s.id))].sort();
  if (ids.length === 0) {
    const result = evaluate(input, customer, 'azure');
    return {
      workload: 'azure',
      canFile: false,
      channel: result.channel,
      customerCanSelfFile: null,
      reasons: result.reasons,
      subscriptions: [],
    };
  }
  const results = ids.map((id) => ({ id, result: evaluate(input, customer, 'azure', id) }));
  const subscriptions = results.map(({ id, result }) => ({ id, canFile: result.decision === 'eligible', reasons: result.reasons }));
  const first = results.find((r) => r.result.decision === 'eligible') ?? results[0]!;
  return {
    workload: 'azure',
    canFile: subscriptions.some((s) => s.canFile),
    channel: first.result.channel,
    customerCanSelfFile: null,
    reasons: first.result.reasons,
    subscriptions,
  };
}
