import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import {
  CONNECTOR_ID,
  type Connector,
  type ConnectorSecrets,
  type ConnectorStore,
  type NewConnector,
  type ParkedEvent,
} from '../../connectors/connector.js';
import { encodeKey } from './keys.js';
import type { SecretBox } from './secret-box.js';
import { isNotFound } from './table-clients.js';

/**
 * Connectors share the tools table (they are a kind of tool): PartitionKey `connector` holds one row per connector
 * with its credentials sealed by the SecretBox; `cmap_<id>` its company map; `parked_<id>` events waiting for one.
 */
interface ConnectorEntity {
  partitionKey: 'connector';
  rowKey: string;
  /** The Connector minus its id, as JSON (maps are small). */
  body: string;
  sealedSecrets: string;
}

const MAP = (id: string) => `cmap_${id}`;
const PARKED = (id: string) => `parked_${id}`;

export class TableConnectorStore implements ConnectorStore {
  constructor(
    private readonly client: TableClient,
    private readonly box: SecretBox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async add(input: NewConnector, secrets: ConnectorSecrets, toolId: (connectorId: string) => Promise<string>): Promise<Connector> {
    const connectorId = `conn_${randomBytes(9).toString('base64url')}`;
    const connector: Connector = {
      ...input,
      connectorId,
      toolId: await toolId(connectorId),
      disabled: false,
      createdAt: this.now().toISOString(),
    };
    const entity: ConnectorEntity = {
      partitionKey: 'connector',
      rowKey: connectorId,
      body: JSON.stringify(connector),
      sealedSecrets: this.box.seal(JSON.stringify(secrets)),
    };
    await this.client.createEntity(entity);
    return connector;
  }

  async get(connectorId: string): Promise<Connector | null> {
    const entity = await this.read(connectorId);
    return entity ? (JSON.parse(entity.body) as Connector) : null;
  }

  async withSecrets(connectorId: string): Promise<{ connector: Connector; secrets: ConnectorSecrets } | null> {
    const entity = await this.read(connectorId);
    if (!entity) return null;
    return {
      connector: JSON.parse(entity.body) as Connector,
      secrets: JSON.parse(this.box.open(entity.sealedSecrets)) as ConnectorSecrets,
    };
  }

  async list(): Promise<Connector[]> {
    const out: Connector[] = [];
    const rows = this.client.listEntities<ConnectorEntity>({ queryOptions: { filter: "PartitionKey eq 'connector'", select: ['body'] } });
    for await (const row of rows) out.push(JSON.parse(row.body) as Connector);
    return out;
  }

  async disable(connectorId: string): Promise<void> {
    const connector = await this.get(connectorId);
    if (!connector) throw new Error(`no connector ${connectorId}; list them with: relay connectors list`);
    await this.client.updateEntity(
      { partitionKey: 'connector', rowKey: connectorId, body: JSON.stringify({ ...connector, disabled: true }) },
      'Merge',
    );
  }

  async mapCompany(connectorId: string, companyId: string, tenantId: string): Promise<void> {
    await this.client.upsertEntity({ partitionKey: MAP(connectorId), rowKey: encodeKey(companyId), companyId, tenantId }, 'Replace');
  }

  async tenantOf(connectorId: string, companyId: string): Promise<string | null> {
    try {
      const row = await this.client.getEntity<{ tenantId: string }>(MAP(connectorId), encodeKey(companyId));
      return row.tenantId;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async mappings(connectorId: string): Promise<{ companyId: string; tenantId: string }[]> {
    const out: { companyId: string; tenantId: string }[] = [];
    const rows = this.client.listEntities<{ companyId: string; tenantId: string }>({
      queryOptions: { filter: `PartitionKey eq '${MAP(connectorId)}'` },
    });
    for await (const row of rows) out.push({ companyId: row.companyId, tenantId: row.tenantId });
    return out;
  }

  async park(event: ParkedEvent): Promise<void> {
    // Keyed by PSA ticket: a PSA re-sending while unmapped keeps one parked entry, the latest.
    await this.client.upsertEntity(
      { partitionKey: PARKED(event.connectorId), rowKey: encodeKey(event.psaTicketId), body: JSON.stringify(event) },
      'Replace',
    );
  }

  async parked(connectorId: string): Promise<ParkedEvent[]> {
    const out: ParkedEvent[] = [];
    const rows = this.client.listEntities<{ body: string }>({ queryOptions: { filter: `PartitionKey eq '${PARKED(connectorId)}'` } });
    for await (const row of rows) out.push(JSON.parse(row.body) as ParkedEvent);
    return out;
  }

  async unpark(connectorId: string, psaTicketId: string): Promise<void> {
    await this.client.deleteEntity(PARKED(connectorId), encodeKey(psaTicketId)).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  }

  private async read(connectorId: string): Promise<ConnectorEntity | null> {
    if (!CONNECTOR_ID.test(connectorId)) return null;
    try {
      return await this.client.getEntity<ConnectorEntity>('connector', connectorId);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}
