import { z } from 'zod';
import { workloadSchema } from './submission.js';

/** A service-health snapshot (docs/openapi.json (HealthSnapshot)); one per source, replaced whole on each push or sync. */
const uuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID');

export const HEALTH_SOURCES = ['graph', 'azure', 'manual'] as const;

export const serviceStatusSchema = z.strictObject({
  workload: workloadSchema,
  service: z.string().trim().min(1).max(200),
  /** Graph vocabulary: serviceOperational, investigating, serviceDegradation, serviceInterruption, restoringService, … */
  status: z.string().trim().min(1).max(100),
});

export const healthIssueSchema = z.strictObject({
  id: z.string().trim().min(1).max(200),
  workload: workloadSchema,
  service: z.string().trim().min(1).max(200),
  classification: z.enum(['incident', 'advisory']),
  status: z.string().trim().min(1).max(100),
  title: z.string().trim().min(1).max(1000),
  startDateTime: z.iso.datetime({ offset: true }),
  endDateTime: z.iso.datetime({ offset: true }).optional(),
  isResolved: z.boolean(),
  tenantIds: z.array(uuid).optional(),
  regions: z.array(z.string().trim().min(1).max(100)).optional(),
  /** Azure only: the issue touches these subscriptions and no others (DOMAIN "Incidents scoped to subscriptions"). */
  subscriptionIds: z.array(uuid).optional(),
  url: z.url().optional(),
});

export const healthSnapshotSchema = z.strictObject({
  source: z.enum(HEALTH_SOURCES),
  capturedAt: z.iso.datetime({ offset: true }),
  services: z.array(serviceStatusSchema),
  issues: z.array(healthIssueSchema),
});

export type ServiceStatus = z.infer<typeof serviceStatusSchema>;
export type HealthIssue = z.infer<typeof healthIssueSchema>;
export type HealthSnapshot = z.infer<typeof healthSnapshotSchema>;
export type HealthSourceName = (typeof HEALTH_SOURCES)[number];
