import { z } from 'zod';
import { workloadSchema } from './submission.js';

/** The partner directory (docs/rules.md (directory file)): who may file what for whom. */
const uuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID');
const name = z.string().trim().min(1).max(256);

export const PARTNER_TYPES = ['direct', 'indirect-provider', 'indirect-reseller', 'advisor'] as const;
export const CLOUDS = ['public', 'usgov'] as const;
/** 21Vianet (China) is not served; listed so that it can be named in an error (rule 10). */
export const cloudSchema = z.enum([...CLOUDS, 'china']);

export const RELATIONSHIP_STATUSES = [
  'created',
  'approvalPending',
  'approved',
  'activating',
  'active',
  'expiring',
  'expired',
  'terminationRequested',
  'terminating',
  'terminated',
  'unknownFutureValue',
] as const;
export const ASSIGNMENT_STATUSES = ['pending', 'active', 'deleting', 'deleted', 'error'] as const;

export const agentSchema = z.strictObject({
  userPrincipalName: name,
  objectId: uuid,
  adminAgent: z.boolean(),
  groups: z.array(uuid),
});

/**
 * A security group that is itself a member of other groups (nested membership). An agent in `groupId`
 * holds whatever those groups hold, transitively, as Graph's `transitiveMemberOf` reports it.
 */
export const groupMembershipSchema = z.strictObject({
  groupId: uuid,
  memberOf: z.array(uuid),
});

export const partnerSchema = z.strictObject({
  tenantId: uuid,
  name,
  type: z.enum(PARTNER_TYPES),
  indirectProviderTenantId: uuid.optional(),
  cloud: cloudSchema,
  contact: z.strictObject({ name, email: z.email(), phone: z.string().max(50).optional() }),
  ownSupportPlan: z
    .strictObject({
      kind: z.enum(['partner-program-agreement', 'premier', 'unified', 'azure-support-plan']),
      id: z.string().trim().min(1).max(200),
    })
    .optional(),
  agents: z.array(agentSchema),
  /** Groups inside other groups; agents' `groups` are expanded through them (docs/rules.md rule 6). */
  groupMemberships: z.array(groupMembershipSchema).optional(),
});

export const accessAssignmentSchema = z.strictObject({
  securityGroupId: uuid,
  roles: z.array(uuid),
  status: z.enum(ASSIGNMENT_STATUSES),
});

export const relationshipSchema = z.strictObject({
  partnerTenantId: uuid,
  id: z.string().trim().min(1).max(200),
  status: z.enum(RELATIONSHIP_STATUSES),
  /** Absent until the customer approves: Graph gives no end date to a relationship that is not active yet. */
  endDateTime: z.iso.datetime({ offset: true }).optional(),
  autoExtend: z.boolean().optional(),
  accessAssignments: z.array(accessAssignmentSchema),
});

export const azureRoleAssignmentSchema = z.strictObject({
  partnerTenantId: uuid,
  principal: z.union([z.literal('adminAgents'), uuid]),
  role: z.string().trim().min(1).max(200),
});

export const subscriptionSchema = z.strictObject({
  id: z.string().trim().min(1).max(200),
  workload: workloadSchema,
  offerName: name,
  channel: z.enum(['csp', 'direct']),
  providerTenantId: uuid.optional(),
  resellerTenantId: uuid.optional(),
  isTrial: z.boolean(),
  productId: z.string().trim().min(1).max(200).optional(),
  marketplace: z
    .strictObject({
      publisher: name,
      supportUrl: z.url().optional(),
      supportEmail: z.email().optional(),
      supportPhone: z.string().max(50).optional(),
    })
    .optional(),
  azureRoleAssignments: z.array(azureRoleAssignmentSchema).optional(),
});

export const customerSchema = z.strictObject({
  tenantId: uuid,
  name,
  defaultDomain: name,
  cloud: cloudSchema.optional(),
  /**
   * Whether `subscriptions` lists the customer's direct purchases from Microsoft too. A directory file
   * states everything (default true); the Microsoft source sees CSP subscriptions only (false), so
   * `customerCanSelfFile` is then unknown rather than false.
   */
  directSubscriptionsKnown: z.boolean().optional(),
  relationships: z.array(relationshipSchema),
  subscriptions: z.array(subscriptionSchema),
});

export const directorySchema = z.strictObject({
  partners: z.array(partnerSchema),
  customers: z.array(customerSchema),
});

export type Partner = z.infer<typeof partnerSchema>;
export type Agent = z.infer<typeof agentSchema>;
export type GroupMembership = z.infer<typeof groupMembershipSchema>;
export type Customer = z.infer<typeof customerSchema>;
export type Relationship = z.infer<typeof relationshipSchema>;
export type AccessAssignment = z.infer<typeof accessAssignmentSchema>;
export type Subscription = z.infer<typeof subscriptionSchema>;
export type AzureRoleAssignment = z.infer<typeof azureRoleAssignmentSchema>;
export type Directory = z.infer<typeof directorySchema>;
export type Cloud = z.infer<typeof cloudSchema>;
