import { forEachLimited } from '../concurrency.js';
import type { TicketCase } from '../domain/case.js';
import { plainExcerpt } from '../domain/plain-excerpt.js';
import { eventIdFor, type QueuedEvent, type Ticket } from '../domain/ticket.js';
import type { SupportApi, SupportCommunication, SupportTicketRef, Throttled } from '../ports/support-api.js';
import type { StoredTicket } from '../ports/ticket-store.js';
import { changeCase, closing, type Change } from './case-actions.js';
import type { Deps } from './deps.js';
import { partnersWithTools } from './partners-with-tools.js';

/**
 * Polling cost, with the defaults (AZURE_FOLLOW_UP_MINUTES 30, CASE_TIMERS_SCHEDULE every 5 minutes): each open case
 * is read once per interval at its own phase (`nextPollAt`), so 10,000 open cases make 10,000 / 30 ≈ 333 polls a
 * minute, ≈ 1,667 per run. A poll is 2 ARM reads (status + one page of communications; one more per further 10
 * messages) and 2 table round trips: ≈ 3,300 ARM reads per run, ≈ 670 a minute, ≈ 11 a second spread over the
 * customers' subscriptions (ARM's read bucket is 250, refilled 25/s, per subscription and principal). At most
 * MAX_POLLS_PER_RUN polls per run keep a run inside the function timeout (10 min): 2,000 polls, 8 at a time, at
 * ≈ 1 s each ≈ 4 min; that covers 12,000 open cases per 30 minutes, and beyond that polls come later, never in a burst.
 */
const MAX_POLLS_PER_RUN = 2_000;
const POLLS_IN_FLIGHT = 8;
/**
 * At most 10 pages of 10 messages per poll. The list's order is not documented, so a poll that stops at the limit
 * does not close the case; whatever it did not reach is read again later (`seen` makes re-reading harmless).
 */
const MAX_PAGES = 10;
const EXCERPT_CHARS = 500;
/** Names of Microsoft's messages already told; older ones fall outside the createdDate window anyway. */
const SEEN_KEPT = 200;
/**
 * The communications list is narrowed to `createdDate ge lastMicrosoftUpdateAt − 1 day`: one page per poll however
 * long the case runs. The day of overlap covers messages that show up late; `seen` keeps them from being told twice.
 */
const WINDOW_OVERLAP_MS = 86_400_000;
/** Azure refused to show the case (access removed, ticket gone after 18 months): look again a day later, not every poll. */
const AFTER_REFUSAL_MS = 86_400_000;

export interface FollowUpRun {
  polled: number;
  updates: number;
  closed: number;
  /** Partners whose polling stopped for this run because Azure throttled (or failed transiently). */
  deferredPartners: number;
  /** Polls that failed transiently (Azure or storage unreachable); those cases stay due. */
  errors: number;
}

/**
 * The Azure follow-up timer (README "After routing: the case"): for every API-filed Azure case due a poll, read its status and
 * communications; each new message from Microsoft → one `ticket.microsoft_updated`, closed by Microsoft →
 * `ticket.closed`. What was told is recorded (`followUp.seen`) in the same write that owes the events, and the
 * ticket's ETag keeps two overlapping runs from both telling it.
 */
export async function followAzureCases(deps: Deps): Promise<FollowUpRun> {
  const run: FollowUpRun = { polled: 0, updates: 0, closed: 0, deferredPartners: 0, errors: 0 };
  const api = deps.supportApi;
  if (!api) return run;
  const partners = await partnersWithTools(deps);
  const now = deps.clock.now();
  let budget = MAX_POLLS_PER_RUN;
  for (const [index, partnerTenantId] of partners.entries()) {
    // A fair share of what is left, so one partner's backlog cannot starve the others; unused shares pass on.
    const share = Math.floor(budget / (partners.length - index));
    if (share <= 0) break;
    const due = await deps.tickets.dueCases(partnerTenantId, 'follow-up', now, share);
    budget -= due.length;
    let stop = false;
    await forEachLimited(due, POLLS_IN_FLIGHT, async (stored) => {
      if (stop) return;
      try {
        const outcome = await pollCase(deps, api, stored, now);
        run.polled++;
        run.updates += outcome.updates;
        if (outcome.closed) run.closed++;
        if (outcome.throttled) stop = true;
      } catch {
        // Azure or storage down: the case stays due and the next run asks again; no point asking for the rest now.
        run.errors++;
        stop = true;
      }
    });
    if (stop) run.deferredPartners++;
  }
  return run;
}

type Outcome = { updates: number; closed: boolean; throttled: boolean };
const NOTHING: Outcome = { updates: 0, closed: false, throttled: false };

async function pollCase(deps: Deps, api: SupportApi, stored: StoredTicket, now: Date): Promise<Outcome> {
  const ticket = stored.ticket;
  const ref = refOf(ticket);
  if (!ref) {
    await write(deps, ticket, (c) => ({
      kind: 'change',
      case: stopFollowing(c),
      note: 'no Azure ticket to follow: follow-up stopped',
      keepNote: true,
    }));
    return NOTHING;
  }
  const status = await api.ticketStatus(ref);
  if (status.kind !== 'status') return postpone(deps, ticket, now, status);
  const listed = await api.communications(ref, listWindow(ticket.case));
  if (listed.kind !== 'communications') return postpone(deps, ticket, now, listed);
  // Closing with pages still unread would lose them: the next poll finishes reading first.
  const closes = status.status.toLowerCase() === 'closed' && listed.complete;
  let told = NOTHING;
  const answer = await write(deps, ticket, (c, current) => {
    const change = news(deps, current, c, { status: status.status, items: listed.items, closes, now });
    told = { updates: change.events.filter((e) => e.type === 'ticket.microsoft_updated').length, closed: closes, throttled: false };
    return change;
  });
  return answer.kind === 'ok' && answer.changed ? told : NOTHING;
}

/** Throttled: ask again exactly when Azure said. Refused: a day later (the note says why). */
async function postpone(
  deps: Deps,
  ticket: Ticket,
  now: Date,
  failure: Throttled | { kind: 'permanent-failure'; message: string },
): Promise<Outcome> {
  const wait = failure.kind === 'throttled' ? failure.retryAfterSeconds * 1000 : AFTER_REFUSAL_MS;
  const at = new Date(now.getTime() + wait).toISOString();
  const note =
    failure.kind === 'throttled'
      ? `Azure asked to wait ${failure.retryAfterSeconds} s: next look ${at}`
      : `Azure would not show the case: ${failure.message}`.slice(0, 300);
  await write(deps, ticket, (c) => ({
    kind: 'change',
    case: { ...c, followUp: { seen: c.followUp?.seen ?? [], nextPollAt: at } },
    note,
    keepNote: true,
  }));
  return { ...NOTHING, throttled: failure.kind === 'throttled' };
}

/** One write: each new message from Microsoft owed as its own event (its name in the id), then closed if it is. */
function news(
  deps: Deps,
  current: Ticket,
  c: TicketCase,
  read: { status: string; items: SupportCommunication[]; closes: boolean; now: Date },
) {
  const fresh = fromMicrosoft(read.items, c.followUp?.seen ?? []);
  const events: QueuedEvent[] = fresh.map((m) => ({
    type: 'ticket.microsoft_updated',
    id: eventIdFor(current.ticketId, 'ticket.microsoft_updated', m.name),
    data: {
      status: read.status,
      communications: [
        { name: m.name, sender: m.sender, createdDate: m.createdDate, subject: m.subject, excerpt: plainExcerpt(m.body, EXCERPT_CHARS) },
      ],
    },
  }));
  const seen = [...(c.followUp?.seen ?? []), ...fresh.map((m) => m.name)].slice(-SEEN_KEPT);
  let next: TicketCase = {
    ...withTimings(c, fresh, read.now),
    followUp: { nextPollAt: nextPollAt(current.ticketId, read.now, deps.settings.azureFollowUpMinutes).toISOString(), seen },
  };
  let note = `${fresh.length ? `${fresh.length} new message(s)` : 'no new message'} from Microsoft (Azure status ${read.status})`;
  const closed = read.closes ? closing(deps, { ...current, case: next }, 'Closed by Microsoft') : null;
  if (closed?.kind === 'change') {
    next = closed.case;
    events.push({ type: 'ticket.closed', id: eventIdFor(current.ticketId, 'ticket.closed') });
    note += '; closed by Microsoft';
  }
  return { kind: 'change' as const, case: next, events, note };
}

/** The case with what Microsoft's new messages tell about its timing (their own times, not the poll's). */
function withTimings(c: TicketCase, fresh: SupportCommunication[], now: Date): TicketCase {
  if (fresh.length === 0) return c;
  const times = fresh.map((m) => m.createdDate ?? now.toISOString()).sort();
  return {
    ...c,
    lastMicrosoftUpdateAt: maxIso(c.lastMicrosoftUpdateAt, times.at(-1)!),
    firstMicrosoftResponseAt: c.firstMicrosoftResponseAt ?? times[0]!,
  };
}

const maxIso = (a: string | undefined, b: string) => (a && a > b ? a : b);

/**
 * Messages from Microsoft not told yet, oldest first. Azure marks a message the customer (or the partner) added as
 * `inbound` (New-AzSupportCommunication's documented answer), so Microsoft's own are `outbound`.
 */
export function fromMicrosoft(items: SupportCommunication[], seen: readonly string[]): SupportCommunication[] {
  const told = new Set(seen);
  return items
    .filter((m) => m.direction === 'outbound' && m.name !== '' && !told.has(m.name))
    .sort((a, b) => (a.createdDate ?? '\uffff').localeCompare(b.createdDate ?? '\uffff'));
}

function listWindow(c: TicketCase | undefined): { createdSince?: string; maxPages: number } {
  if (!c?.lastMicrosoftUpdateAt) return { maxPages: MAX_PAGES };
  return { createdSince: new Date(Date.parse(c.lastMicrosoftUpdateAt) - WINDOW_OVERLAP_MS).toISOString(), maxPages: MAX_PAGES };
}

/**
 * Each case keeps its own phase within the interval (a hash of its id): the next poll is the first moment of that
 * phase at least half an interval away. However many cases were filed (or polled) together, they come due spread
 * evenly over the interval, and in the steady state each case is read exactly once per interval.
 */
export function nextPollAt(ticketId: string, now: Date, minutes: number): Date {
  const interval = minutes * 60_000;
  const phase = fnv1a(ticketId) % interval;
  const earliest = now.getTime() + Math.floor(interval / 2);
  return new Date(earliest + ((((phase - (earliest % interval)) % interval) + interval) % interval));
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

function refOf(ticket: Ticket): SupportTicketRef | null {
  if (ticket.route?.channel !== 'azure-support') return null;
  const azure = ticket.route.payload;
  if (!azure?.ticketName || !azure.subscriptionId) return null;
  return {
    ticketName: azure.ticketName,
    subscriptionId: azure.subscriptionId,
    customerTenantId: ticket.request.customerTenantId,
    partnerTenantId: ticket.partnerTenantId,
  };
}

function stopFollowing(c: TicketCase): TicketCase {
  const { followUp: _followUp, ...rest } = c;
  return rest;
}

/** Only a case still filed and followed is touched: one closed meanwhile (by the partner, or another run) is left alone. */
function write(deps: Deps, ticket: Ticket, decide: (c: TicketCase, current: Ticket) => Change) {
  return changeCase(deps, ticket.partnerTenantId, ticket.ticketId, (current) => {
    const c = current.case;
    if (c?.state !== 'filed' || !c.followUp) return { kind: 'same' };
    return decide(c, current);
  });
}
