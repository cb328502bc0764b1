import type { TableClient } from '@azure/data-tables';
import type { Delivery, DeliveryLog, DeliveryStatus } from '../../ports/delivery-log.js';
import { encodeKey, packJson, unpackJson } from './keys.js';
import { isNotFound } from './table-clients.js';

/** Deliveries sit beside their ticket (same partition, RowKey `d|<eventId>`), so a partner's data stays in its partition. */
const rowKey = (eventId: string) => `d|${encodeKey(eventId)}`;

/** The row of a delivery; the ticket store writes it inside a step's transaction (same table and partition). */
export function deliveryEntity(delivery: Delivery): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  return {
    partitionKey: encodeKey(delivery.partnerTenantId),
    rowKey: rowKey(delivery.eventId),
    deliveryStatus: delivery.status,
    updatedAt: delivery.updatedAt,
    ...packJson(delivery),
  };
}

export class TableDeliveryLog implements DeliveryLog {
  constructor(private readonly client: TableClient) {}

  async get(partnerTenantId: string, eventId: string): Promise<Delivery | null> {
    try {
      return unpackJson<Delivery>(await this.client.getEntity(encodeKey(partnerTenantId), rowKey(eventId)));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async forTicket(partnerTenantId: string, ticketId: string): Promise<Delivery[]> {
    const prefix = `d|${encodeKey(`evt_${ticketId}_`)}`;
    return this.query(`PartitionKey eq '${q(encodeKey(partnerTenantId))}' and RowKey ge '${q(prefix)}' and RowKey lt '${q(prefix)}~'`);
  }

  async save(delivery: Delivery): Promise<void> {
    await this.client.upsertEntity(deliveryEntity(delivery), 'Replace');
  }

  async list(filter: { partnerTenantId?: string; status?: DeliveryStatus; since?: Date }): Promise<Delivery[]> {
    const clauses = [`RowKey gt 'd|'`, `RowKey lt 'd|~'`];
    if (filter.partnerTenantId) clauses.push(`PartitionKey eq '${q(encodeKey(filter.partnerTenantId))}'`);
    if (filter.status) clauses.push(`deliveryStatus eq '${q(filter.status)}'`);
    if (filter.since) clauses.push(`updatedAt ge '${filter.since.toISOString()}'`);
    return this.query(clauses.join(' and '));
  }

  private async query(filter: string): Promise<Delivery[]> {
    const out: Delivery[] = [];
    for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } }))
      out.push(unpackJson<Delivery>(e));
    return out;
  }
}

const q = (value: string) => value.replace(/'/g, "''");
