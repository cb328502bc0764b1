import type { EmbeddedBrokerOptions } from '../../shared/adapters/bus/embedded-options.js';
import type { Directory } from '../../shared/domain/directory.js';
import type { Ticket, TicketStatus } from '../../shared/domain/ticket.js';
import { DEMO, demoDirectory } from '../../shared/local-host/demo-directory.js';
import type { TicketStore } from '../../shared/ports/ticket-store.js';
import { startCallbackReceiver, type CallbackReceiver } from '../support/faults.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';

/** An eligible Microsoft 365 request from the demo's direct partner. */
export const mailIssue = (externalRef: string) => ({
  customerTenantId: DEMO.adatum,
  workload: 'office365',
  title: 'Mail flow delayed',
  description: 'Outbound mail queued for 40 minutes.',
  agent: { userPrincipalName: 'dana@contoso-cloud.example' },
  customerContact: { name: 'Pat Customer', email: 'pat.customer@adatum.example' },
  externalRef,
});

export interface DemoRelay {
  relay: TestRelay;
  receiver: CallbackReceiver;
  /** The direct partner's tool. */
  apiKey: string;
  /** The adapter itself, for reading behind any fault wrapper a test installs on `relay.deps.tickets`. */
  store: TicketStore;
  /** Submits `mailIssue(ref)` as the direct partner's tool; resolves to the ticket id of the 202. */
  submit(ref: string): Promise<string>;
  statuses(ticketId: string): Promise<TicketStatus[]>;
  stop(): Promise<void>;
}

/** A test relay with the demo directory and the direct partner's tool calling back to a recording receiver. */
export async function startDemoRelay(broker?: EmbeddedBrokerOptions): Promise<DemoRelay> {
  const receiver = await startCallbackReceiver();
  const relay = await startTestRelay(broker ? { broker } : {});
  await relay.importDirectory(demoDirectory());
  const { apiKey } = await relay.addTool(DEMO.direct, receiver.url);
  const store = relay.deps.tickets;
  return {
    relay,
    receiver,
    apiKey,
    store,
    submit: async (ref) => {
      const res = await relay.submit(apiKey, mailIssue(ref));
      if (res.status !== 202) throw new Error(`submission ${ref} answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { ticketId: string }).ticketId;
    },
    statuses: async (ticketId) => (await store.history(DEMO.direct, ticketId)).map((h) => h.status),
    stop: async () => {
      await relay.stop();
      await receiver.close();
    },
  };
}

/**
 * The demo's direct partner and its customers, cloned `count` times under new tenant ids. Many partners is what
 * production looks like, and it keeps each tenant-first partition small enough for Azurite's per-partition scans.
 */
export function fleetDirectory(count: number): { directory: Directory; partners: { tenantId: string; customers: string[] }[] } {
  if (count > 799) throw new RangeError('at most 799 clones: the clone number is three digits of a UUID group');
  const demo = demoDirectory();
  const ids: string[] = [DEMO.direct, DEMO.adatum, DEMO.litware, DEMO.tailspin];
  const group = JSON.stringify({
    partners: demo.partners.filter((p) => p.tenantId === DEMO.direct),
    customers: demo.customers.filter((c) => ids.includes(c.tenantId)),
  });
  // Only the fourth group changes ("8" keeps the RFC 4122 variant), so the ids stay valid UUIDs.
  const cloneId = (id: string, k: number) => `${id.slice(0, 19)}8${String(200 + k)}${id.slice(23)}`;
  const clones = Array.from(
    { length: count },
    (_, k) => JSON.parse(ids.reduce((json, id) => json.replaceAll(id, cloneId(id, k)), group)) as Directory,
  );
  return {
    directory: {
      partners: [...demo.partners.filter((p) => p.tenantId !== DEMO.direct), ...clones.flatMap((c) => c.partners)],
      customers: [...demo.customers.filter((c) => !ids.includes(c.tenantId)), ...clones.flatMap((c) => c.customers)],
    },
    partners: Array.from({ length: count }, (_, k) => ({
      tenantId: cloneId(DEMO.direct, k),
      customers: ids.slice(1).map((id) => cloneId(id, k)),
    })),
  };
}

export interface Acknowledged {
  ticketId: string;
  partnerTenantId: string;
}

export interface AuditResult {
  tickets: number;
  notified: number;
  lost: number;
  duplicated: number;
  /** The first few findings, for the failure message. */
  findings: string[];
}

/** The path every ticket must have taken once: each status exactly once, except `recorded` (one more per webhook retry). */
const ONCE = ['received', 'checked', 'routed', 'notified'] as const;

/**
 * What came out, checked against what went in: per acknowledged submission one ticket (by externalRef), finished
 * and `notified`, no status entered twice, and exactly one distinct event id the receiver accepted (2xx).
 * `sample` picks clean-looking tickets whose history is read anyway.
 */
export async function audit(
  store: TicketStore,
  acknowledged: Map<string, Acknowledged>,
  delivered: Map<string, Set<string>>,
  partners: string[],
  sample: () => boolean,
): Promise<AuditResult> {
  const byRef = new Map<string, Ticket[]>();
  for (const partner of partners) {
    let cursor: string | undefined;
    do {
      const page = await store.list(partner, { limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const t of page.items) byRef.set(t.request.externalRef ?? '', [...(byRef.get(t.request.externalRef ?? '') ?? []), t]);
      cursor = page.cursor ?? undefined;
    } while (cursor);
  }
  const result: AuditResult = { tickets: 0, notified: 0, lost: 0, duplicated: 0, findings: [] };
  for (const list of byRef.values()) result.tickets += list.length;
  const note = (finding: string) => result.findings.length < 10 && result.findings.push(finding);
  const entries = [...acknowledged];
  for (let at = 0; at < entries.length; at += 25) {
    await Promise.all(
      entries.slice(at, at + 25).map(async ([ref, ack]) => {
        const found = byRef.get(ref) ?? [];
        const ticket = found.find((t) => t.ticketId === ack.ticketId);
        const events = delivered.get(ack.ticketId)?.size ?? 0;
        if (events > 0) result.notified += 1;
        if (!ticket || ticket.status !== 'notified' || ticket.nextStage !== 'done' || events === 0) {
          result.lost += 1;
          note(`${ref}: ${ticket ? `${ticket.status}/${ticket.nextStage}` : 'no ticket'}, ${events} event(s) delivered`);
          return;
        }
        // A step is a version; five is the clean path. Longer ones (webhook retries, anything doubled) and a sample
        // of the rest have their history read: Azurite answers a history query by scanning the whole table.
        const stored = await store.get(ack.partnerTenantId, ack.ticketId);
        if (found.length === 1 && events === 1 && stored?.version === 5 && !sample()) return;
        const path = (await store.history(ack.partnerTenantId, ack.ticketId)).map((h) => h.status);
        const doubled = ONCE.filter((s) => path.filter((p) => p === s).length !== 1);
        if (found.length > 1 || events > 1 || doubled.length > 0) {
          result.duplicated += 1;
          note(`${ref}: ${found.length} ticket(s), ${events} event id(s), path ${path.join('>')}`);
        }
      }),
    );
  }
  return result;
}
