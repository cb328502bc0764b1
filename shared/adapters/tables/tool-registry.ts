import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { EventType } from '../../domain/ticket.js';
import type { NewToolCredentials, Tool, ToolRegistry, ToolSecret } from '../../ports/tool-registry.js';
import { encodeKey, sha256Hex } from './keys.js';
import type { SecretBox } from './secret-box.js';
import { isNotFound } from './table-clients.js';

/**
 * Tools live in PartitionKey `tool`; API keys are indexed by their sha-256 in PartitionKey `apikey`, so auth is a
 * point read and the key itself is never stored. Signing secrets are sealed with the SecretBox.
 */
interface ToolEntity {
  partitionKey: string;
  rowKey: string;
  partnerTenantId: string;
  name: string;
  callbackUrl: string;
  disabled: boolean;
  apiKeyHash: string;
  signingSecrets: string;
  callbackSecrets: string;
  /** JSON array of event types; absent or empty string = every type. */
  events?: string;
  createdAt: string;
}

/** As read back: the service's ETag and timestamp come with it. */
type StoredToolEntity = ToolEntity & { etag: string; timestamp?: string };

/** How long a tool lookup is reused. */
export const CACHE_MS = 2_000;

const random = (prefix: string, bytes: number) => `${prefix}${randomBytes(bytes).toString('base64url')}`;
export const newApiKey = () => random('rk_', 32);
export const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export class TableToolRegistry implements ToolRegistry {
  /**
   * Every submission reads its tool (two point reads by API key) and every notification reads it again. Lookups are
   * kept for a moment; changes made through this instance clear them at once, changes made elsewhere (the CLI, another
   * instance) are seen within CACHE_MS.
   */
  private readonly cache = new Map<string, { tool: Tool | null; at: number }>();

  constructor(private readonly client: TableClient, private readonly box: SecretBox, private readonly now: () => Date = () => new Date()) {}

  async add(input: { partnerTenantId: string; name: string; callbackUrl?: string | null }): Promise<NewToolCredentials> {
    const toolId = random('tool_', 9);
    const apiKey = newApiKey();
    const signingSecret = newSigningSecret();
    const callbackSecret = newSigningSecret();
    const entity: ToolEntity = {
      partitionKey: 'tool',
      rowKey: toolId,
      partnerTenantId: input.partnerTenantId,
      name: input.name,
      callbackUrl: input.callbackUrl ?? '',
      disabled: false,
      apiKeyHash: sha256Hex(apiKey),
      signingSecrets: this.seal([{ value: signingSecret }]),
      callbackSecrets: this.seal([{ value: callbackSecret }]),
      createdAt: this.now().toISOString(),
    };
    await this.client.createEntity(entity);
    await this.client.upsertEntity({ partitionKey: 'apikey', rowKey: entity.apiKeyHash, toolId }, 'Replace');
    return { tool: this.toTool(entity), apiKey, signingSecret, callbackSecret };
  }

  async get(toolId: string): Promise<Tool | null> {
    return this.cached(`id:${toolId}`, async () => {
      const entity = await this.readEntity(toolId);
      return entity ? this.toTool(entity) : null;
    });
  }

  async findByApiKey(apiKey: string): Promise<Tool | null> {
    const hash = sha256Hex(apiKey);
    return this.cached(`key:${hash}`, async () => {
      const index = await this.read<{ toolId: string }>('apikey', hash);
      if (!index) return null;
      const entity = await this.readEntity(index.toolId);
      // The index row of a rotated-out key may linger; only the tool's current hash counts.
      return entity && entity.apiKeyHash === hash ? this.toTool(entity) : null;
    });
  }

  private async cached(key: string, load: () => Promise<Tool | null>): Promise<Tool | null> {
    // Wall time on purpose: a test's fake clock must not keep an entry alive forever.
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.tool;
    const tool = await load();
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { tool, at: Date.now() });
    return tool;
  }

  async list(): Promise<Tool[]> {
    const tools: Tool[] = [];
    for await (const e of this.client.listEntities<ToolEntity>({ queryOptions: { filter: "PartitionKey eq 'tool'" } })) {
      tools.push(this.toTool(e));
    }
    return tools;
  }

  async rotateKey(toolId: string): Promise<string> {
    const entity = await this.mustRead(toolId);
    const apiKey = newApiKey();
    const oldHash = entity.apiKeyHash;
    entity.apiKeyHash = sha256Hex(apiKey);
    await this.client.upsertEntity({ partitionKey: 'apikey', rowKey: entity.apiKeyHash, toolId }, 'Replace');
    await this.replace(entity);
    await this.client.deleteEntity('apikey', oldHash).catch(() => undefined);
    this.cache.clear();
    return apiKey;
  }

  async rotateSecret(toolId: string, which: 'signing' | 'callback', overlapHours: number): Promise<string> {
    const entity = await this.mustRead(toolId);
    const field = which === 'signing' ? 'signingSecrets' : 'callbackSecrets';
    const now = this.now();
    const notAfter = new Date(now.getTime() + overlapHours * 3_600_000).toISOString();
    const kept = this.open(entity[field])
      .filter((s) => !s.notAfter || Date.parse(s.notAfter) > now.getTime())
      .map((s) => ({ value: s.value, notAfter: s.notAfter ?? notAfter }));
    const secret = newSigningSecret();
    entity[field] = this.seal([{ value: secret }, ...kept]);
    await this.replace(entity);
    return secret;
  }

  async setCallback(toolId: string, url: string | null): Promise<void> {
    await this.patch(toolId, { callbackUrl: url ?? '' });
  }

  async disable(toolId: string): Promise<void> {
    await this.patch(toolId, { disabled: true });
  }

  async setEvents(toolId: string, events: EventType[] | null): Promise<void> {
    await this.patch(toolId, { events: events === null ? '' : JSON.stringify([...new Set(events)].sort()) });
  }

  private async patch(toolId: string, fields: Partial<ToolEntity>): Promise<void> {
    this.cache.clear();
    const { etag } = await this.mustRead(toolId);
    await this.client.updateEntity({ partitionKey: 'tool', rowKey: encodeKey(toolId), ...fields }, 'Merge', { etag });
    this.cache.clear();
  }

  /** Conditional on the ETag read, so a concurrent rotation fails (412) instead of silently dropping a secret. */
  private async replace({ etag, timestamp: _timestamp, ...entity }: StoredToolEntity): Promise<void> {
    this.cache.clear();
    await this.client.updateEntity(entity, 'Replace', { etag });
    this.cache.clear();
  }

  private seal(secrets: ToolSecret[]): string {
    return this.box.seal(JSON.stringify(secrets));
  }

  private open(sealed: string): ToolSecret[] {
    return JSON.parse(this.box.open(sealed)) as ToolSecret[];
  }

  private toTool(e: ToolEntity): Tool {
    return {
      toolId: e.rowKey,
      partnerTenantId: e.partnerTenantId,
      name: e.name,
      callbackUrl: e.callbackUrl || null,
      disabled: Boolean(e.disabled),
      signingSecrets: this.open(e.signingSecrets),
      callbackSecrets: this.open(e.callbackSecrets),
      events: e.events ? (JSON.parse(e.events) as EventType[]) : null,
      createdAt: e.createdAt,
    };
  }

  private async mustRead(toolId: string): Promise<StoredToolEntity> {
    const entity = await this.readEntity(toolId);
    if (!entity) throw new Error(`no tool with id ${toolId}; list them with: relay tools list`);
    return entity;
  }

  private readEntity(toolId: string): Promise<StoredToolEntity | null> {
    return this.read<StoredToolEntity>('tool', encodeKey(toolId));
  }

  private async read<T extends object>(pk: string, rk: string): Promise<T | null> {
    try {
      return (await this.client.getEntity<T>(pk, rk)) as T;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}
