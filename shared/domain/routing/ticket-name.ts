import { createHash } from 'node:crypto';

/**
 * The Azure support ticket's resource name, derived from our ticket id so that a retried or replayed
 * PUT addresses the same resource and can never file twice (the recording stage).
 *
 * The Support API gives no pattern for the name and domain-facts §3 suggests a GUID, so this is an
 * RFC 4122 name-based UUID (version 5) of the ticket id in a namespace of the relay's own.
 * node:crypto's SHA-1 is a pure computation here (no I/O, no state), which keeps the domain pure
 * while avoiding a hand-written hash.
 */
export const RELAY_TICKET_NAMESPACE = '3f6f4b1e-6d0a-4c52-9a57-2b1f0c8e7d41';

export function azureTicketName(ticketId: string): string {
  return uuidV5(ticketId, RELAY_TICKET_NAMESPACE);
}

export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`uuidV5: namespace "${namespace}" is not a UUID`);
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
