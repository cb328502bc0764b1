import type { Agent } from '../directory.js';
import type { Reason } from '../reasons.js';
import type { ChannelHint, EligibilityResult } from './types.js';

const agentRef = (agent: Agent | undefined) =>
  agent ? { agent: { userPrincipalName: agent.userPrincipalName, objectId: agent.objectId } } : {};

export function eligible(
  channel: ChannelHint,
  warnings: Reason[],
  agent: Agent | undefined,
  extra: Pick<EligibilityResult, 'isv' | 'plan'> = {},
): EligibilityResult {
  return { decision: 'eligible', reasons: warnings, channel, customerCanSelfFile: null, ...extra, ...agentRef(agent) };
}

export interface Refusal {
  agent?: Agent | undefined;
  /** Warnings gathered by the rules before the blocking one, in rule order. */
  warnings?: Reason[];
  channel?: ChannelHint;
  customerCanSelfFile?: boolean | null;
  providerTenantId?: string | undefined;
}

/** The blocking reason goes first, then every warning (EligibilityResult.reasons). */
export function ineligible(blocking: Reason, refusal: Refusal = {}): EligibilityResult {
  const { agent, warnings = [], channel = 'none', customerCanSelfFile = null, providerTenantId } = refusal;
  return {
    decision: 'ineligible',
    reasons: [blocking, ...warnings],
    channel,
    customerCanSelfFile,
    ...(providerTenantId ? { providerTenantId } : {}),
    ...agentRef(agent),
  };
}
