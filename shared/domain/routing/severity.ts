import { warn, type Reason } from '../reasons.js';
import type { Severity, Workload } from '../submission.js';

/**
 * Partner tools speak four levels (critical | high | moderate | low); Microsoft speaks three (A/B/C),
 * named critical / moderate / minimal on Azure (docs/rules.md "Severity"). `highestcriticalimpact` is never
 * produced: it is reserved for premium plans, which the CSP entitlement is not.
 *
 * The mapping itself (critical → A, high → B, moderate/low → C) is the normal translation, not a
 * downgrade, so it carries no warning. SEVERITY_DOWNGRADED is said only when the request is filed
 * *below* its mapped level: Sev A asks for a contact Microsoft can reach around the clock, and without
 * a phone number to call nobody is reachable that way, so a critical request is filed as B.
 */
export type AzureSeverity = 'critical' | 'moderate' | 'minimal';
export type M365Severity = 'A' | 'B' | 'C';

export interface AzureSeverityMapping {
  kind: 'azure';
  azure: AzureSeverity;
  /** Critical problems ask for round-the-clock response (Azure `require24X7Response`). */
  require24x7: boolean;
  warning: Reason | null;
}

export interface M365SeverityMapping {
  kind: 'm365';
  m365: M365Severity;
  /** Sev A needs a contact who is reachable 24x7. */
  require24x7: boolean;
  warning: Reason | null;
}

export type SeverityMapping = AzureSeverityMapping | M365SeverityMapping;

/** What the filing contact allows: Sev A needs someone Microsoft can phone at any hour. */
export interface ContactReach {
  reachable24x7: boolean;
}

const LEVEL: Record<Severity, M365Severity> = { critical: 'A', high: 'B', moderate: 'C', low: 'C' };
const AZURE_NAME: Record<M365Severity, AzureSeverity> = { A: 'critical', B: 'moderate', C: 'minimal' };

/** The level the request is filed at: its mapped level, or B for Sev A nobody can be reached for. */
function filedLevel(severity: Severity, reach: ContactReach): { level: M365Severity; warning: Reason | null } {
  const mapped = LEVEL[severity];
  if (mapped !== 'A' || reach.reachable24x7) return { level: mapped, warning: null };
  return {
    level: 'B',
    warning: warn(
      'SEVERITY_DOWNGRADED',
      'Severity "critical" is filed as Sev B (Azure "moderate"): Sev A needs a contact Microsoft can reach by phone 24x7, and the filing contact has no phone number.',
      "Resubmit with a contact that has a phone number and is available around the clock (contact.phone, or the partner profile's phone) to file it as Sev A.",
    ),
  };
}

export function mapAzureSeverity(severity: Severity, reach: ContactReach): AzureSeverityMapping {
  const { level, warning } = filedLevel(severity, reach);
  return { kind: 'azure', azure: AZURE_NAME[level], require24x7: level === 'A', warning };
}

export function mapM365Severity(severity: Severity, reach: ContactReach): M365SeverityMapping {
  const { level, warning } = filedLevel(severity, reach);
  return { kind: 'm365', m365: level, require24x7: level === 'A', warning };
}

export function mapSeverity(workload: 'azure', severity: Severity, reach: ContactReach): AzureSeverityMapping;
export function mapSeverity(workload: Exclude<Workload, 'azure'>, severity: Severity, reach: ContactReach): M365SeverityMapping;
export function mapSeverity(workload: Workload, severity: Severity, reach: ContactReach): SeverityMapping;
export function mapSeverity(workload: Workload, severity: Severity, reach: ContactReach): SeverityMapping {
  return workload === 'azure' ? mapAzureSeverity(severity, reach) : mapM365Severity(severity, reach);
}

/** Microsoft's label, as a service desk reads it. */
export function severityLabel(mapping: SeverityMapping): string {
  return mapping.kind === 'azure' ? mapping.azure : `Sev ${mapping.m365}`;
}
