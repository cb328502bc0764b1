import type { Severity } from '../domain/submission.js';
import type { DirectoryReader } from '../ports/directory.js';
import type { Connector } from './connector.js';
import type { PsaTicketEvent } from './inbound/psa-event.js';

/** PSA priority 1 is the most urgent in Halo and ConnectWise; Autotask's picklist differs (map it with --severity-map). */
export const DEFAULT_SEVERITIES: Record<string, Severity> = { '1': 'critical', '2': 'high', '3': 'moderate', '4': 'low' };

/**
 * The relay submission for a PSA ticket, without the customer (that comes from the company map). The agent is the
 * connector's default unless the PSA names one of the partner's agents (by UPN, or by the UPN's user name).
 */
export async function submissionFor(
  connector: Connector,
  event: PsaTicketEvent,
  directory: DirectoryReader,
): Promise<Record<string, unknown>> {
  const target = (event.category ? connector.workloadMap[event.category] : undefined) ?? {
    workload: 'office365' as const,
    ...(event.category ? { service: event.category } : {}),
  };
  const severity =
    (event.priority ? (connector.severityMap[event.priority] ?? DEFAULT_SEVERITIES[event.priority]) : undefined) ?? 'moderate';
  return {
    workload: target.workload,
    ...(target.service ? { service: target.service.slice(0, 200) } : {}),
    title: event.title.slice(0, 200),
    description: event.description.slice(0, 32000),
    severity,
    agent: { userPrincipalName: await agentFor(connector, event.agentHint, directory) },
    externalRef: event.psaTicketId,
  };
}

async function agentFor(connector: Connector, hint: string | null, directory: DirectoryReader): Promise<string> {
  if (!hint) return connector.defaultAgent;
  const partner = await directory.getPartner(connector.partnerTenantId);
  const wanted = hint.toLowerCase();
  const known = partner?.agents.find((a) => {
    const upn = a.userPrincipalName.toLowerCase();
    return upn === wanted || upn.split('@')[0] === wanted;
  });
  return known?.userPrincipalName ?? connector.defaultAgent;
}
