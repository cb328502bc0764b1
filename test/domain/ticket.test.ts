import { describe, expect, it } from 'vitest';
import {
  canTransition,
  checkTransition,
  eventIdFor,
  IllegalTransitionError,
  pendingEventIdOf,
  TICKET_STATUSES,
  toView,
  type Ticket,
  type TicketStatus,
} from '../../shared/domain/ticket.js';
import { anM365Request } from './routing/builders.js';

// The lifecycle of docs/openapi.json (Ticket): received → checked → routed → recorded → notified; a known incident
// holds a checked ticket until it is closed or routed after all; any stage may fail it; the last states are final.
const ALLOWED: [TicketStatus, TicketStatus[]][] = [
  ['received', ['checked', 'failed']],
  ['checked', ['routed', 'held', 'failed']],
  ['routed', ['recorded', 'failed']],
  ['recorded', ['notified', 'failed']],
  ['held', ['closed', 'routed', 'failed']],
  ['notified', []],
  ['closed', []],
  ['failed', []],
];

describe('ticket lifecycle', () => {
  it.each(ALLOWED)('when a ticket is %s, then it may move on to exactly %j (or stay)', (from, to) => {
    const reachable = TICKET_STATUSES.filter((next) => next !== from && canTransition(from, next));
    expect(reachable.sort()).toEqual([...to].sort());
    expect(canTransition(from, from)).toBe(true);
  });

  it('when a write would skip a stage, then it is refused before storage with the ticket and both states named', () => {
    const attempt = () => checkTransition({ ticketId: 'tkt_1', status: 'received' }, { status: 'recorded' });
    expect(attempt).toThrow(IllegalTransitionError);
    expect(attempt).toThrow('ticket tkt_1 cannot go from received to recorded');
    expect(() => checkTransition({ ticketId: 'tkt_1', status: 'held' }, { status: 'routed' })).not.toThrow();
  });

  it('when a refused transition is logged, then its error says what it is', () => {
    expect(new IllegalTransitionError('tkt_1', 'notified', 'failed').name).toBe('IllegalTransitionError');
  });
});

describe('event ids', () => {
  it('when an event id is made, then it holds no "." (Standard Webhooks signs id.timestamp.body) and is the same every time', () => {
    expect(eventIdFor('tkt_1', 'ticket.recorded')).toBe('evt_tkt_1_ticket_recorded');
    expect(eventIdFor('tkt_1', 'ticket.microsoft_updated', 3)).toBe('evt_tkt_1_ticket_microsoft_updated_3');
    expect(eventIdFor('tkt_1', 'ticket.filed', 'a')).toBe('evt_tkt_1_ticket_filed_a');
  });

  it('when a ticket owes an event, then its id is the occurrence id it was given, else the one derived from the type', () => {
    expect(pendingEventIdOf({ ticketId: 'tkt_1', pendingEvent: null })).toBeNull();
    expect(pendingEventIdOf({ ticketId: 'tkt_1', pendingEvent: null, pendingEventId: 'evt_x' })).toBeNull();
    expect(pendingEventIdOf({ ticketId: 'tkt_1', pendingEvent: 'ticket.held' })).toBe('evt_tkt_1_ticket_held');
    expect(pendingEventIdOf({ ticketId: 'tkt_1', pendingEvent: 'ticket.microsoft_updated', pendingEventId: 'evt_x_2' })).toBe('evt_x_2');
  });
});

describe('ticket view', () => {
  const { externalRef: _ref, service: _service, ...request } = anM365Request();
  const ticket = (over: Partial<Ticket> = {}): Ticket => ({
    ticketId: 'tkt_1',
    partnerTenantId: 'p',
    toolId: 'tool_1',
    correlationId: 'c',
    request,
    status: 'routed',
    nextStage: 'recording',
    decision: 'eligible',
    reasons: [],
    route: null,
    incident: null,
    customerCanSelfFile: null,
    eligibility: null,
    pendingEvent: 'ticket.recorded',
    pendingEventId: 'evt_internal',
    claim: { stage: 'recording', until: '2025-06-01T12:01:00Z', by: 'h' },
    createdAt: '2025-06-01T12:00:00.000Z',
    routedAt: '2025-06-01T12:00:02.500Z',
    updatedAt: '2025-06-01T12:00:03.000Z',
    ...over,
  });

  it('when a ticket has no external ref, service or case, then the view says null for each and keeps no bookkeeping', () => {
    expect(toView(ticket())).toEqual({
      ticketId: 'tkt_1',
      externalRef: null,
      partnerTenantId: 'p',
      customerTenantId: request.customerTenantId,
      workload: 'office365',
      service: null,
      severity: 'moderate',
      status: 'routed',
      decision: 'eligible',
      reasons: [],
      route: null,
      incident: null,
      customerCanSelfFile: null,
      case: { state: null },
      timings: { receivedToRoutedMs: 2500 },
      createdAt: '2025-06-01T12:00:00.000Z',
      updatedAt: '2025-06-01T12:00:03.000Z',
    });
  });

  it('when the history is asked for, then the view carries it; otherwise the view has no history field', () => {
    const history = [{ at: '2025-06-01T12:00:00.000Z', status: 'received' as const, note: 'accepted' }];
    expect(toView(ticket({ request: { ...request, externalRef: 'PSA-1', service: 'Exchange Online' } }), history)).toMatchObject({
      externalRef: 'PSA-1',
      service: 'Exchange Online',
      history,
    });
    expect(toView(ticket())).not.toHaveProperty('history');
  });
});
