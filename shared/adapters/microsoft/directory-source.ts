import { directorySchema, type Agent, type Customer, type Directory, type Partner } from '../../domain/directory.js';
import type { Clock } from '../../ports/clock.js';
import { fetchAgents } from './agents.js';
import { fetchAzureRoleAssignments } from './azure-rbac.js';
import { scopeFor, type CloudEndpoints } from './cloud-endpoints.js';
import { mapLimit } from '../../concurrency.js';
import { fetchGdapRelationships, type CustomerRelationship } from './gdap.js';
import { connect, type MicrosoftConnectionOptions } from './connection.js';
import type { MicrosoftHttp } from './http.js';
import { cspRoles } from './csp-roles.js';
import { PartnerCenterClient, type IsvContact, type PartnerCenterCustomer, type SubscriptionContext } from './partner-center.js';
import { fetchIndirectProviders } from './pc-relationships.js';

/** What Microsoft's APIs cannot say about the partner itself; comes from configuration. */
export type PartnerProfile = Omit<Partner, 'tenantId' | 'cloud' | 'agents'>;

export interface MicrosoftDirectorySourceOptions extends MicrosoftConnectionOptions {
  partnerTenantId: string;
  partnerProfile: PartnerProfile;
  /** Object id of the partner tenant's AdminAgents group; without it AOBO grants are not recognised. */
  adminAgentsGroupId?: string;
  /** Agents Graph cannot list (or extra groups for them); merged with group members by objectId. */
  agents?: Agent[];
  isvContacts?: Record<string, IsvContact>;
  clock: Clock;
  /** How long one pull is reused; directory sync runs every few hours, eligibility reads go to the table. */
  ttlMs?: number;
}

/**
 * The directory (docs/rules.md (directory file)) as Microsoft sees it:
 * - customers: Partner Center customers (+ GDAP-only customers, with their tenant id as domain);
 * - relationships: Graph GDAP relationships and their access assignments;
 * - subscriptions: Partner Center subscriptions (Azure plans expanded to Azure subscription ids),
 *   each Azure one with the partner's role assignments from ARM; provider and reseller by `cspRoles`;
 *   only CSP ones, so `directSubscriptionsKnown` is false;
 * - the partner: profile from configuration; agents from AdminAgents + GDAP group members (transitive) + configuration.
 */
export class MicrosoftDirectorySource {
  private readonly http: MicrosoftHttp;
  private readonly endpoints: CloudEndpoints;
  private cached: { at: number; directory: Directory } | undefined;
  private inflight: Promise<Directory> | undefined;

  constructor(private readonly options: MicrosoftDirectorySourceOptions) {
    ({ http: this.http, endpoints: this.endpoints } = connect(options));
  }

  async pull(): Promise<Directory> {
    const now = this.options.clock.now().getTime();
    if (this.cached && now - this.cached.at < (this.options.ttlMs ?? 15 * 60_000)) return this.cached.directory;
    // Callers arriving while a pull runs share it rather than doubling the API traffic.
    this.inflight ??= this.load()
      .then((directory) => {
        this.cached = { at: this.options.clock.now().getTime(), directory };
        return directory;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  private async load(): Promise<Directory> {
    const { partnerTenantId, adminAgentsGroupId, cloud } = this.options;
    const graphScope = scopeFor(this.endpoints.graph);
    const partnerCenter = new PartnerCenterClient(this.http, this.endpoints.partnerCenter, scopeFor(this.endpoints.partnerCenter));
    const [relationships, pcCustomers] = await Promise.all([
      fetchGdapRelationships(this.http, this.endpoints.graph, graphScope, partnerTenantId),
      partnerCenter.customers(),
    ]);
    const assignments = relationships.flatMap((r) => r.relationship.accessAssignments);
    const configured = this.options.agents ?? [];
    const partnerGroupIds = new Set([...assignments.map((a) => a.securityGroupId), ...configured.flatMap((a) => a.groups)]);

    const customers = await mapLimit(withGdapOnly(pcCustomers, relationships), 4, async (c): Promise<Customer> => {
      const subscriptions = c.fromPartnerCenter
        ? await partnerCenter.subscriptions(c, { roles: await this.rolesFor(c.tenantId), isvContacts: this.options.isvContacts ?? {} })
        : [];
      for (const s of subscriptions) {
        if (s.workload !== 'azure') continue;
        const lookup = { subscriptionId: s.id, customerTenantId: c.tenantId, partnerTenantId, adminAgentsGroupId, partnerGroupIds };
        s.azureRoleAssignments = await fetchAzureRoleAssignments(this.http, this.endpoints.arm, lookup);
      }
      const own = relationships.filter((r) => sameId(r.customerTenantId, c.tenantId)).map((r) => r.relationship);
      // Partner Center never shows what the customer bought from Microsoft directly: whether the customer
      // may self-file is then unknown, not "no" (DOMAIN, "When the partner cannot file").
      const directSubscriptionsKnown = false;
      return {
        tenantId: c.tenantId,
        name: c.name,
        defaultDomain: c.defaultDomain,
        cloud,
        directSubscriptionsKnown,
        relationships: own,
        subscriptions,
      };
    });

    const usableGroups = assignments.filter((a) => a.status !== 'deleted').map((a) => a.securityGroupId);
    const agents = await fetchAgents(this.http, this.endpoints.graph, graphScope, {
      adminAgentsGroupId,
      groupIds: usableGroups,
      configured,
    });
    const partner: Partner = { ...this.options.partnerProfile, tenantId: partnerTenantId, cloud, agents };
    return validated({ partners: [partner], customers });
  }

  /** Provider and reseller of this customer's subscriptions; only an indirect reseller asks Partner Center who its provider is. */
  private async rolesFor(customerTenantId: string): Promise<SubscriptionContext['roles']> {
    const { partnerTenantId, partnerProfile: profile } = this.options;
    const customerIndirectProviders =
      profile.type === 'indirect-reseller'
        ? await fetchIndirectProviders(this.http, this.endpoints.partnerCenter, scopeFor(this.endpoints.partnerCenter), customerTenantId)
        : undefined;
    const known = {
      partnerTenantId,
      partnerType: profile.type,
      profileIndirectProviderTenantId: profile.indirectProviderTenantId,
      customerIndirectProviders,
    };
    return (resellerOfRecord) => cspRoles({ ...known, resellerOfRecord });
  }
}

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Partner Center customers, plus tenants the partner only reaches through GDAP (no CSP subscriptions). */
function withGdapOnly(pcCustomers: PartnerCenterCustomer[], relationships: CustomerRelationship[]) {
  const all = pcCustomers.map((c) => ({ ...c, fromPartnerCenter: true }));
  for (const r of relationships) {
    if (all.some((c) => sameId(c.tenantId, r.customerTenantId))) continue;
    all.push({ tenantId: r.customerTenantId, name: r.customerName, defaultDomain: r.customerTenantId, fromPartnerCenter: false });
  }
  return all;
}

/** Same rule as `relay directory import`: everything validates, or nothing is returned. */
function validated(directory: Directory): Directory {
  const parsed = directorySchema.safeParse(directory);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') ?? '';
  throw new Error(`Microsoft directory data does not fit the directory model at $${path}: ${issue?.message ?? 'invalid'}`);
}
