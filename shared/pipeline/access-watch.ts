import type { Customer, Directory, Partner } from '../domain/directory.js';
import { accessFindings, fingerprintOf, watchedCustomers, type AccessFinding } from '../domain/readiness/access-findings.js';
import type { WatchRecord } from '../ports/watch-store.js';
import type { Deps } from './deps.js';
import { sendPartnerEvents } from './partner-events.js';
import { saveOutcomes, type OwedEvent } from './watch-outcomes.js';

export interface AccessScanResult {
  partners: number;
  customers: number;
  atRisk: number;
  /** Events newly found by this scan (a change of finding set). */
  changed: number;
  sent: number;
}

/**
 * The access watch (README "Know before you file"): for every partner and related customer, the findings of `accessFindings`; a
 * changed finding set sends `access.at_risk` (or `access.restored` when it became empty) once. The directory is read
 * once, each partner's last findings once (one partition), and only changes are written.
 */
export async function scanAccess(deps: Deps, options: { partnerTenantId?: string } = {}): Promise<AccessScanResult> {
  const directory = await deps.directorySnapshot();
  const partners = directory.partners.filter(
    (p) => !options.partnerTenantId || p.tenantId.toLowerCase() === options.partnerTenantId.toLowerCase(),
  );
  const result: AccessScanResult = { partners: partners.length, customers: 0, atRisk: 0, changed: 0, sent: 0 };
  const tools = await deps.tools.list();
  for (const partner of partners) {
    const outcome = await scanPartner(deps, partner, directory);
    result.customers += outcome.customers;
    result.atRisk += outcome.atRisk;
    result.changed += outcome.changed;
    const sent = await sendPartnerEvents(
      deps,
      outcome.owed.map(({ event }) => event),
      tools,
    );
    result.sent += sent.delivered;
    await saveOutcomes(deps, 'access', partner.tenantId, outcome.owed, sent.unsettled);
  }
  return result;
}

interface PartnerScan {
  customers: number;
  atRisk: number;
  changed: number;
  owed: OwedEvent[];
}

async function scanPartner(deps: Deps, partner: Partner, directory: Directory): Promise<PartnerScan> {
  const now = deps.clock.now();
  const previous = new Map((await deps.watch.list('access', partner.tenantId)).map((r) => [r.subject.toLowerCase(), r]));
  const scan: PartnerScan = { customers: 0, atRisk: 0, changed: 0, owed: [] };
  for (const customer of watchedCustomers(partner, directory.customers)) {
    scan.customers++;
    const findings = accessFindings(partner, customer, now);
    if (findings.length > 0) scan.atRisk++;
    const fingerprint = fingerprintOf(findings);
    const last = previous.get(customer.tenantId.toLowerCase());
    if (last && last.fingerprint === fingerprint) {
      if (last.event && !last.state.settled)
        scan.owed.push({ record: last, event: { ...last.event, partnerTenantId: partner.tenantId }, changed: false });
      continue;
    }
    if (!last && fingerprint === '') continue; // never at risk: nothing to remember
    const record = nextRecord(partner, customer, findings, fingerprint, last, now);
    scan.changed++;
    scan.owed.push({ record, event: { ...record.event!, partnerTenantId: partner.tenantId }, changed: true });
  }
  return scan;
}

function nextRecord(
  partner: Partner,
  customer: Customer,
  findings: AccessFinding[],
  fingerprint: string,
  last: WatchRecord | undefined,
  now: Date,
): WatchRecord {
  const generation = Number(last?.state.generation ?? 0) + 1;
  // The generation makes "at risk again later" a new event, not the one delivered the first time.
  const key = `access\n${customer.tenantId.toLowerCase()}\n${generation}`;
  const about = { partnerTenantId: partner.tenantId, customerTenantId: customer.tenantId, customerName: customer.name };
  const event: WatchRecord['event'] =
    fingerprint !== ''
      ? { type: 'access.at_risk', key, data: { ...about, findings } }
      : { type: 'access.restored', key, data: { ...about, previousFindings: last?.fingerprint.split(',') ?? [] } };
  return {
    subject: customer.tenantId.toLowerCase(),
    fingerprint,
    event,
    state: { generation, settled: false },
    updatedAt: now.toISOString(),
  };
}
