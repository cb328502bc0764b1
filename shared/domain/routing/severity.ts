import { warn, type Reason } from '../reasons.js';
import type { Severity, Workload } from '../submission.js';

/**
 * Partner tools speak four levels (critical | high | moderate | low); Microsoft speaks three (A/B/C),
 * named critical / moderate / minimal on Azure (DOMAIN.md "Severity"). `highestcriticalimpact` is never
 * produced: it is reserved for premium plans, which the CSP entitlement is not.
 *
 * What counts as a downgrade: Microsoft's level *means* less impact than the words the tool used.
 * B is "moderate" impact and C is "minimal" impact, so `high` → B and `moderate` → C are stated as
 * downgrades; `critical` → A and `low` → C are not. A partner's service desk reads the label
 * Microsoft shows, so the warning says plainly what was filed and why.
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

const LEVEL: Record<Severity, M365Severity> = { critical: 'A', high: 'B', moderate: 'C', low: 'C' };
const AZURE_NAME: Record<M365Severity, AzureSeverity> = { A: 'critical', B: 'moderate', C: 'minimal' };

/** Impact on one shared scale, so the tool's word and Microsoft's level can be compared. */
const TOOL_IMPACT: Record<Severity, number> = { critical: 4, high: 3, moderate: 2, low: 1 };
const MICROSOFT_IMPACT: Record<M365Severity, number> = { A: 4, B: 2, C: 1 };

export function mapAzureSeverity(severity: Severity): AzureSeverityMapping {
  const level = LEVEL[severity];
  const azure = AZURE_NAME[level];
  return { kind: 'azure', azure, require24x7: level === 'A', warning: downgrade(severity, level, `Azure "${azure}" (${level})`) };
}

export function mapM365Severity(severity: Severity): M365SeverityMapping {
  const level = LEVEL[severity];
  return { kind: 'm365', m365: level, require24x7: level === 'A', warning: downgrade(severity, level, `Microsoft 365 Sev ${level}`) };
}

export function mapSeverity(workload: 'azure', severity: Severity): AzureSeverityMapping;
export function mapSeverity(workload: Exclude<Workload, 'azure'>, severity: Severity): M365SeverityMapping;
export function mapSeverity(workload: Workload, severity: Severity): SeverityMapping;
export function mapSeverity(workload: Workload, severity: Severity): SeverityMapping {
  return workload === 'azure' ? mapAzureSeverity(severity) : mapM365Severity(severity);
}

function downgrade(asked: Severity, level: M365Severity, filedAs: string): Reason | null {
  if (MICROSOFT_IMPACT[level] >= TOOL_IMPACT[asked]) return null;
  return warn(
    'SEVERITY_DOWNGRADED',
    `Severity "${asked}" is filed as ${filedAs}: Microsoft has three levels (A critical, B moderate, C minimal) and this is the closest one not above what was asked.`,
    asked === 'high'
      ? 'If the business is stopped, resubmit with severity "critical" (Sev A, needs a contact reachable 24x7).'
      : 'If the impact is larger than minimal, resubmit with severity "high" (Sev B).',
  );
}
