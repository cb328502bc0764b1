import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { EventType } from '../../domain/ticket.js';
import type { NewToolCredentials, Tool, ToolRegistry, ToolSecret } from '../../ports/tool-registry.js';
import { apiKeyShape, isToolIdShape, newTaggedApiKey } from './credential-shape.js';
import { encodeKey, sha256Hex } from './keys.js';
import { LookupCache, MISS_MS } from './lookup-cache.js';
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

export { CACHE_MS } from './lookup-cache.js';

const random = (prefix: string, bytes: number) => `${prefix}${randomBytes(bytes).toString('base64url')}`;
export const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export class TableToolRegistry implements ToolRegistry {
  /**
   * Every submission reads its tool (two point reads by API key) and every notification reads it again. Lookups are
   * kept for a moment; changes made through this instance clear them at once, changes made elsewhere (the CLI, another
   * instance) are seen within CACHE_MS. Credentials of the wrong shape never reach storage (credential-shape.ts).
   */
  private readonly cache = new LookupCache<Tool>();
  private readonly loading = new Map<string, Promise<Tool | null>>();
  /** Whether any key issued before tags existed is still registered; checked once per MISS_MS. */
  private legacy: { exists: Promise<boolean>; at: number } | null = null;

  constructor(
    private readonly client: TableClient,
    private readonly box: SecretBox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async add(input: { partnerTenantId: string; name: string; callbackUrl?: string | null }): Promise<NewToolCredentials> {
    const toolId = random('tool_', 9);
    const apiKey = newTaggedApiKey(this.box);
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
    await this.client.upsertEntity({ partitionKey: 'apikey', rowKey: entity.apiKeyHash, toolId, tagged: true }, 'Replace');
    return { tool: this.toTool(entity), apiKey, signingSecret, callbackSecret };
  }

  async get(toolId: string): Promise<Tool | null> {
    if (!isToolIdShape(toolId)) return null;
    return this.cached(`id:${toolId}`, async () => {
      const entity = await this.readEntity(toolId);
      return entity ? this.toTool(entity) : null;
    });
  }

  async findByApiKey(apiKey: string): Promise<Tool | null> {
    const shape = apiKeyShape(apiKey, this.box);
    if (shape === 'invalid' || (shape === 'legacy' && !(await this.legacyKeysExist()))) return null;
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
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    // Concurrent lookups of one key share a read: a burst of one unknown id costs one read, not one per request.
    const pending = this.loading.get(key);
    if (pending) return pending;
    const loading = load()
      .then((tool) => {
        this.cache.set(key, tool);
        return tool;
      })
      .finally(() => this.loading.delete(key));
    this.loading.set(key, loading);
    return loading;
  }

  /** One scan of the key index (tools are few) answers for every untagged key for a minute. */
  private legacyKeysExist(): Promise<boolean> {
    if (this.legacy && Date.now() - this.legacy.at < MISS_MS) return this.legacy.exists;
    const exists = (async () => {
      const rows = this.client.listEntities<{ tagged?: boolean }>({
        queryOptions: { filter: "PartitionKey eq 'apikey'", select: ['tagged'] },
      });
      for await (const row of rows) if (row.tagged !== true) return true;
      return false;
    })();
    this.legacy = { exists, at: Date.now() };
    exists.catch(() => (this.legacy = null));
    return exists;
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
    const apiKey = newTaggedApiKey(this.box);
    const oldHash = entity.apiKeyHash;
    entity.apiKeyHash = sha256Hex(apiKey);
    await this.client.upsertEntity({ partitionKey: 'apikey', rowKey: entity.apiKeyHash, toolId, tagged: true }, 'Replace');
    await this.replace(entity);
    await this.client.deleteEntity('apikey', oldHash).catch(() => undefined);
    this.cache.clearFound();
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
    this.cache.clearFound();
    const { etag } = await this.mustRead(toolId);
    await this.client.updateEntity({ partitionKey: 'tool', rowKey: encodeKey(toolId), ...fields }, 'Merge', { etag });
    this.cache.clearFound();
  }

  /** Conditional on the ETag read, so a concurrent rotation fails (412) instead of silently dropping a secret. */
  private async replace({ etag, timestamp: _timestamp, ...entity }: StoredToolEntity): Promise<void> {
    this.cache.clearFound();
    await this.client.updateEntity(entity, 'Replace', { etag });
    this.cache.clearFound();
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
      return await this.client.getEntity<T>(pk, rk);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}
