import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { ConnectorStore } from '../connectors/connector.js';
import type { DeliveryLog } from '../ports/delivery-log.js';
import type { Directory } from '../domain/directory.js';
import type { DirectoryReader } from '../ports/directory.js';
import type { HealthReader, HealthStore } from '../ports/health-store.js';
import type { SupportApi } from '../ports/support-api.js';
import type { TicketStore } from '../ports/ticket-store.js';
import type { ToolRegistry } from '../ports/tool-registry.js';
import type { WatchStore } from '../ports/watch-store.js';
import type { WebhookSender } from '../ports/webhook-sender.js';

/** Signs an outbound webhook (Standard Webhooks v1) with every live secret; returns the `webhook-signature` value. */
export type WebhookSigner = (args: { id: string; timestamp: number; body: string; secrets: string[] }) => string;

/** What the use cases need from the outside world; built once per process (shared/runtime.ts) or by a test. */
export interface Deps {
  tickets: TicketStore;
  tools: ToolRegistry;
  /** PSA connectors (shared/connectors): their settings, company maps and parked events. */
  connectors: ConnectorStore;
  directory: DirectoryReader;
  health: HealthReader & HealthStore;
  deliveries: DeliveryLog;
  /** What the access and incident watches last told each partner. */
  watch: WatchStore;
  /** The whole directory in force, read once (scans over every customer; point reads stay on `directory`). */
  directorySnapshot(): Promise<Directory>;
  bus: Bus;
  clock: Clock;
  webhooks: WebhookSender;
  signWebhook: WebhookSigner;
  /** null unless AZURE_SUPPORT_SUBMIT=on. */
  supportApi: SupportApi | null;
  settings: {
    cloud: 'public' | 'usgov';
    rateLimitPerMinute: number;
    random: () => number;
    /** FILING_REMINDER_HOURS(_SEV_A). */
    filingReminderHours: { sevA: number; other: number };
    /** AZURE_FOLLOW_UP_MINUTES. */
    azureFollowUpMinutes: number;
  };
}
