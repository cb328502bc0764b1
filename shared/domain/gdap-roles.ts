/**
 * Entra built-in roles that matter for filing support requests through GDAP (DOMAIN.md rule 6).
 * GDAP access assignments carry role *template ids*; names are display text that Microsoft renames
 * (Service Support Administrator used to be "Service Administrator"), so roles are matched by id only.
 * Only ids quoted in research/domain-facts.md §1 are listed: a wrong GUID here would grant or deny
 * filing silently, so nothing is added from memory.
 */
export interface GdapRole {
  templateId: string;
  name: string;
  /** Holds `microsoft.office365.supportTickets/allEntities/allTasks` ("Create and manage Microsoft 365 service requests"). */
  filesSupportTickets: boolean;
  /** More power than filing needs; Microsoft does not auto-extend relationships that carry it. */
  overPrivileged: boolean;
  source: string;
}

const PERMISSIONS_REFERENCE = 'https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/permissions-reference';

export const GDAP_ROLES: readonly GdapRole[] = [
  { templateId: 'f023fd81-a637-4b56-95fd-791ac0226033', name: 'Service Support Administrator', filesSupportTickets: true, overPrivileged: false, source: `${PERMISSIONS_REFERENCE}#service-support-administrator` },
  { templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8', name: 'Helpdesk Administrator', filesSupportTickets: true, overPrivileged: false, source: `${PERMISSIONS_REFERENCE}#helpdesk-administrator` },
  { templateId: '62e90394-69f5-4237-9190-012177145e10', name: 'Global Administrator', filesSupportTickets: true, overPrivileged: true, source: 'https://learn.microsoft.com/en-us/partner-center/expiring-gdap-relationships-and-auto-extend-gdap' },
  { templateId: '44367163-eba1-44c3-98af-f5787879f96a', name: 'Dynamics 365 Administrator', filesSupportTickets: true, overPrivileged: false, source: `${PERMISSIONS_REFERENCE}#dynamics-365-administrator` },
  { templateId: '11648597-926c-4cf3-9c36-bcebb0ba8dcc', name: 'Power Platform Administrator', filesSupportTickets: true, overPrivileged: false, source: `${PERMISSIONS_REFERENCE}#power-platform-administrator` },
  { templateId: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', name: 'Directory Readers', filesSupportTickets: false, overPrivileged: false, source: `${PERMISSIONS_REFERENCE}#directory-readers` },
];

/** The role to ask for when none of the assigned ones can file: it can file and do little else. */
export const LEAST_PRIVILEGED_SUPPORT_ROLE: GdapRole = GDAP_ROLES[0] as GdapRole;

const byTemplateId = new Map(GDAP_ROLES.map((role) => [role.templateId, role]));

/** The role with this template id (any letter case), or undefined; a role *name* never matches. */
export function findGdapRole(templateId: string): GdapRole | undefined {
  return byTemplateId.get(templateId.toLowerCase());
}

export function filesSupportTickets(templateId: string): boolean {
  return findGdapRole(templateId)?.filesSupportTickets ?? false;
}

export function isOverPrivileged(templateId: string): boolean {
  return findGdapRole(templateId)?.overPrivileged ?? false;
}
