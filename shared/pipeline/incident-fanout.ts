import type { Customer, Directory, Partner } from '../domain/directory.js';
import type { HealthIssue, HealthSnapshot } from '../domain/health.js';
import { watchedCustomers } from '../domain/readiness/access-findings.js';
import { affectedCustomers } from '../domain/routing/incident-impact.js';
import { isActive } from '../domain/routing/incident-gate.js';
import type { EventType } from '../domain/ticket.js';
import type { WatchRecord } from '../ports/watch-store.js';
import type { Deps } from './deps.js';
import { sendPartnerEvents } from './partner-events.js';
import { saveOutcomes, type OwedEvent } from './watch-outcomes.js';

export interface FanOutResult {
  /** Events this snapshot newly produced (detected, updated, resolved), over all partners. */
  changed: number;
  delivered: number;
}

interface Affected {
  tenantId: string;
  name: string;
}

/**
 * Incident fan-out (README "Know before you file"): each partner hears once per change about an incident touching its customers —
 * `incident.detected` with the affected customers, `incident.updated` when status, title or the affected set changes,
 * `incident.resolved` when it resolves or its source stops listing it. Identical snapshots send nothing new.
 */
export async function fanOutIncidents(deps: Deps, snapshot: HealthSnapshot, resolvedIssueIds: readonly string[]): Promise<FanOutResult> {
  const incidents = snapshot.issues.filter((i) => i.classification === 'incident');
  // Nothing to tell and nothing that was open before: skip reading the directory.
  if (incidents.length === 0 && resolvedIssueIds.length === 0) return { changed: 0, delivered: 0 };
  const directory: Directory = await deps.directorySnapshot();
  const now = deps.clock.now();
  const result: FanOutResult = { changed: 0, delivered: 0 };
  const tools = await deps.tools.list();
  for (const partner of directory.partners) {
    const owed = await partnerChanges(deps, partner, watchedCustomers(partner, directory.customers), snapshot, incidents, now, result);
    const sent = await sendPartnerEvents(
      deps,
      owed.map((o) => o.event),
      tools,
    );
    result.delivered += sent.delivered;
    await saveOutcomes(deps, 'incident', partner.tenantId, owed, sent.unsettled);
  }
  return result;
}

async function partnerChanges(
  deps: Deps,
  partner: Partner,
  customers: Customer[],
  snapshot: HealthSnapshot,
  incidents: HealthIssue[],
  now: Date,
  result: FanOutResult,
): Promise<OwedEvent[]> {
  const records = new Map((await deps.watch.list('incident', partner.tenantId)).map((r) => [r.subject, r]));
  const owed: OwedEvent[] = [];
  const seen = new Set<string>();
  const consider = async (subject: string, issue: HealthIssue | null, affected: Affected[]) => {
    const last = records.get(subject);
    const open = issue !== null && isActive(issue, now) && affected.length > 0;
    const type = changeType(last, open, issue, affected);
    if (!type) {
      if (last?.event && !last.state.settled)
        owed.push({ record: last, event: { ...last.event, partnerTenantId: partner.tenantId }, changed: false });
      return;
    }
    const generation = Number(last?.state.generation ?? 0) + 1;
    const shown = open ? affected : ((last?.state.affected as Affected[] | undefined) ?? affected);
    const incident = issue ?? (last!.state.incident as HealthIssue);
    const record: WatchRecord = {
      subject,
      fingerprint: open ? fingerprint(issue, affected) : 'closed',
      event: {
        type,
        key: `incident\n${subject}\n${generation}`,
        data: {
          partnerTenantId: partner.tenantId,
          incident: { ...incident, source: snapshot.source, ...(open ? {} : { isResolved: true }) },
          affectedCustomers: shown,
        },
      },
      state: { generation, settled: false, open, affected: shown, incident },
      updatedAt: now.toISOString(),
    };
    result.changed++;
    owed.push({ record, event: { ...record.event!, partnerTenantId: partner.tenantId }, changed: true });
  };
  for (const issue of incidents) {
    const subject = `${snapshot.source}|${issue.id}`;
    seen.add(subject);
    await consider(
      subject,
      issue,
      affectedCustomers(issue, customers).map((c) => ({ tenantId: c.tenantId, name: c.name })),
    );
  }
  // Open incidents this source no longer lists are over (Graph drops resolved issues after a while).
  for (const [subject, record] of records) {
    if (!seen.has(subject) && subject.startsWith(`${snapshot.source}|`) && record.state.open) await consider(subject, null, []);
  }
  return owed;
}

function changeType(last: WatchRecord | undefined, open: boolean, issue: HealthIssue | null, affected: Affected[]): EventType | null {
  const wasOpen = last?.state.open === true;
  if (open && !wasOpen) return 'incident.detected';
  if (!open && wasOpen) return 'incident.resolved';
  if (open && wasOpen && last.fingerprint !== fingerprint(issue!, affected)) return 'incident.updated';
  return null;
}

const fingerprint = (issue: HealthIssue, affected: Affected[]) =>
  JSON.stringify([issue.status.toLowerCase(), issue.title, affected.map((a) => a.tenantId.toLowerCase()).sort()]);
