/** Service Bus queue names (README "Layout" (pipeline messages)). Infra (infra/app/servicebus.bicep) must declare each one. */
export const QUEUES = {
  serviceRequests: 'service-requests',
  eligibility: 'eligibility',
  routing: 'routing',
  recording: 'recording',
  notifications: 'notifications',
  /** Release work after an incident resolves (shared/pipeline/release-held.ts): not a ticket stage. */
  incidentReleases: 'incident-releases',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const ALL_QUEUES: QueueName[] = Object.values(QUEUES);

/** Service Bus default; the embedded broker and Bicep use the same value. */
export const MAX_DELIVERY_COUNT = 10;
/** The name of the connection setting the Functions host reads (`ServiceBusConnection` or `ServiceBusConnection__fullyQualifiedNamespace`). */
export const SERVICE_BUS_CONNECTION = 'ServiceBusConnection';
