/**
 * Entra built-in roles that matter for filing support requests through GDAP (docs/rules.md rule 6).
 *
 * A role files Microsoft 365 / EMS / Dynamics support tickets exactly when its Entra permissions include
 * `microsoft.office365.supportTickets/allEntities/allTasks` ("Create and manage Microsoft 365 service requests").
 * Which roles those are is not hand-picked here: `support-ticket-roles.generated.ts` is generated from
 * Microsoft's Entra permissions reference (MicrosoftDocs/entra-docs, copy and commit under data/entra/;
 * `npm run roles:generate` regenerates it). A wrong GUID would grant or deny filing silently, so nothing is
 * added from memory.
 *
 * GDAP access assignments carry role *template ids*; names are display text that Microsoft renames
 * (Service Support Administrator used to be "Service Administrator"), so roles are matched by id only.
 */
import { SUPPORT_TICKET_ROLES, SUPPORT_TICKET_ROLES_SOURCE, type SupportTicketRole } from './support-ticket-roles.generated.js';

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

const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
const SERVICE_SUPPORT_ADMINISTRATOR = 'f023fd81-a637-4b56-95fd-791ac0226033';

/** Known but files nothing: kept so that messages about it can name it. */
const DIRECTORY_READERS: Omit<GdapRole, 'source'> = {
  templateId: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  name: 'Directory Readers',
  filesSupportTickets: false,
  overPrivileged: false,
};

/** The learn.microsoft.com anchor of a role section is its name, lower-case, spaces as dashes. */
const sourceOf = (name: string): string =>
  `${PERMISSIONS_REFERENCE}#${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;

const fromGenerated = (role: SupportTicketRole): GdapRole => ({
  templateId: role.templateId.toLowerCase(),
  name: role.name,
  filesSupportTickets: true,
  overPrivileged: role.templateId.toLowerCase() === GLOBAL_ADMINISTRATOR,
  source: sourceOf(role.name),
});

/**
 * Every role that files support tickets (from the generated table, sorted by name), then Directory Readers.
 * Provenance of the generated part: SUPPORT_TICKET_ROLES_SOURCE.
 */
export const GDAP_ROLES: readonly GdapRole[] = [
  ...SUPPORT_TICKET_ROLES.map(fromGenerated),
  { ...DIRECTORY_READERS, source: sourceOf(DIRECTORY_READERS.name) },
];

const byTemplateId = new Map(GDAP_ROLES.map((role) => [role.templateId, role]));

function required(templateId: string): GdapRole {
  const role = byTemplateId.get(templateId);
  if (!role?.filesSupportTickets) {
    throw new Error(
      `gdap-roles: role template ${templateId} is missing from support-ticket-roles.generated.ts ` +
        `(source ${SUPPORT_TICKET_ROLES_SOURCE.repository}@${SUPPORT_TICKET_ROLES_SOURCE.commit}); ` +
        'regenerate it with `npm run roles:generate` from data/entra/.',
    );
  }
  return role;
}

/** The role to ask for when none of the assigned ones can file: it can file and do little else. */
export const LEAST_PRIVILEGED_SUPPORT_ROLE: GdapRole = required(SERVICE_SUPPORT_ADMINISTRATOR);

/** The role with this template id (any letter case), or undefined; a role *name* never matches. */
export function findGdapRole(templateId: string): GdapRole | undefined {
  return byTemplateId.get(templateId.toLowerCase());
}

/** Whether this role template id (any letter case) holds the Microsoft 365 support-ticket permission. */
export function filesSupportTickets(templateId: string): boolean {
  return findGdapRole(templateId)?.filesSupportTickets ?? false;
}

/** Global Administrator only: far more than filing needs, and it blocks GDAP auto-extend. */
export function isOverPrivileged(templateId: string): boolean {
  return templateId.toLowerCase() === GLOBAL_ADMINISTRATOR;
}
