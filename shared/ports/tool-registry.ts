import type { EventType } from '../domain/ticket.js';

/** Partner tools (PSA, RMM, scripts) registered per partner (README "HTTP API"). */
export interface ToolSecret {
  value: string;
  /** Set on a rotated-out secret: it still verifies/signs until then, so receivers can switch without downtime. */
  notAfter?: string;
}

export interface Tool {
  toolId: string;
  partnerTenantId: string;
  name: string;
  callbackUrl: string | null;
  disabled: boolean;
  /** Inbound Standard Webhooks secrets the tool signs submissions with. */
  signingSecrets: ToolSecret[];
  /** Outbound secrets the relay signs callbacks with. */
  callbackSecrets: ToolSecret[];
  /** The event types this tool's callback gets; null = every type (the default). */
  events: EventType[] | null;
  createdAt: string;
}

export interface NewToolCredentials {
  tool: Tool;
  apiKey: string;
  signingSecret: string;
  callbackSecret: string;
}

export interface ToolRegistry {
  add(input: { partnerTenantId: string; name: string; callbackUrl?: string | null }): Promise<NewToolCredentials>;
  get(toolId: string): Promise<Tool | null>;
  findByApiKey(apiKey: string): Promise<Tool | null>;
  list(): Promise<Tool[]>;
  rotateKey(toolId: string): Promise<string>;
  rotateSecret(toolId: string, which: 'signing' | 'callback', overlapHours: number): Promise<string>;
  setCallback(toolId: string, url: string | null): Promise<void>;
  disable(toolId: string): Promise<void>;
  /** null subscribes the tool to every event type again. */
  setEvents(toolId: string, events: EventType[] | null): Promise<void>;
}

/** Whether a tool's callback should get an event of this type. */
export function wantsEvent(tool: Pick<Tool, 'events'>, type: EventType): boolean {
  return !tool.events || tool.events.includes(type);
}

/** Secrets still valid at `now`: the current one plus any rotated-out ones inside their overlap. */
export function liveSecrets(secrets: ToolSecret[], now: Date): string[] {
  return secrets.filter((s) => !s.notAfter || Date.parse(s.notAfter) > now.getTime()).map((s) => s.value);
}
