import { z } from 'zod';

/** The body a partner tool POSTs to /api/v1/service-requests (docs/openapi.json). Unknown fields are rejected. */
export const WORKLOADS = ['azure', 'office365', 'ems', 'dynamics'] as const;
export const SEVERITIES = ['critical', 'high', 'moderate', 'low'] as const;

export const workloadSchema = z.enum(WORKLOADS);
export const severitySchema = z.enum(SEVERITIES);

const uuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID');
const text = (max: number) => z.string().trim().min(1).max(max);

export const agentRefSchema = z
  .strictObject({ userPrincipalName: text(256).optional(), objectId: uuid.optional() })
  .refine((a) => a.userPrincipalName !== undefined || a.objectId !== undefined, {
    message: 'give userPrincipalName or objectId',
  });

export const partnerContactSchema = z.strictObject({
  name: text(200),
  email: z.email().max(254),
  phone: text(50).optional(),
  preferredContactMethod: z.enum(['email', 'phone']),
  timeZone: text(100).optional(),
  country: text(3).optional(),
  language: text(10).optional(),
});

export const customerContactSchema = z.strictObject({
  name: text(200).optional(),
  email: z.email().max(254).optional(),
  phone: text(50).optional(),
});

export const azureDetailsSchema = z.strictObject({
  serviceId: text(300).optional(),
  problemClassificationId: text(400).optional(),
  resourceId: text(1000).optional(),
  problemStartTime: z.iso.datetime({ offset: true }).optional(),
});

export const serviceRequestSchema = z
  .strictObject({
    customerTenantId: uuid,
    workload: workloadSchema,
    title: text(200),
    description: text(32000),
    severity: severitySchema.default('moderate'),
    agent: agentRefSchema,
    service: text(200).optional(),
    subscriptionId: uuid.optional(),
    productId: text(200).optional(),
    region: text(100).optional(),
    contact: partnerContactSchema.optional(),
    customerContact: customerContactSchema.optional(),
    azure: azureDetailsSchema.optional(),
    externalRef: text(100).optional(),
    escalateDespiteIncident: z.boolean().default(false),
  })
  .refine((r) => r.workload !== 'azure' || r.subscriptionId !== undefined, {
    message: 'subscriptionId is required when workload is azure',
    path: ['subscriptionId'],
  });

export type ServiceRequest = z.infer<typeof serviceRequestSchema>;
export type Workload = z.infer<typeof workloadSchema>;
export type Severity = z.infer<typeof severitySchema>;
export type PartnerContact = z.infer<typeof partnerContactSchema>;
export type CustomerContact = z.infer<typeof customerContactSchema>;

/** Maps zod issues to the problem+json `errors` list: one `{ path, message }` per issue. */
export function toFieldErrors(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(body)',
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
}
