import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkEligibility } from '../../../shared/domain/eligibility/check-eligibility.js';
import { SUPPORT_TICKET_ROLES_SOURCE } from '../../../shared/domain/support-ticket-roles.generated.js';
import type { Workload } from '../../../shared/domain/submission.js';
import {
  aCustomer,
  aGdapRelationship,
  anAccessAssignment,
  anAgent,
  anEligibilityInput,
  aPartner,
  aServiceRequest,
  IDS,
} from '../../support/directory-mother.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const GENERATOR = join(ROOT, 'scripts', 'generate-support-roles.mjs');
const GENERATED = join(ROOT, 'shared', 'domain', 'support-ticket-roles.generated.ts');

/**
 * Role template ids as published in Microsoft's Entra permissions reference ("All roles" table), spelled out
 * here so the test does not lean on the generated table it checks.
 */
const ROLE = {
  exchangeAdministrator: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  intuneAdministrator: '3a2c62db-5318-420d-8d74-23affee5d9d5',
  sharePointAdministrator: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  teamsAdministrator: '69091246-20e8-4a56-aa4d-066075b2a7a8',
  serviceSupportAdministrator: 'f023fd81-a637-4b56-95fd-791ac0226033',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  dynamics365Administrator: '44367163-eba1-44c3-98af-f5787879f96a',
  // Lists the permission in this revision of the reference, so it files (it is no negative example).
  groupsAdministrator: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  directoryReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  // The reference lists neither of these with microsoft.office365.supportTickets/allEntities/allTasks.
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  licenseAdministrator: '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
} as const;

/** Not an Entra role at all. */
const RANDOM_GUID = '5b0f6c1e-2d7a-4c8e-9f31-a4b2c6d8e0f1';

/** The agent's only GDAP role is `role`, in an active assignment of an active relationship, for its own group. */
const onlyRole = (role: string, workload: Workload) =>
  anEligibilityInput({
    partner: aPartner({ agents: [anAgent({ adminAgent: true, groups: [IDS.supportGroup] })] }),
    customer: aCustomer({
      relationships: [
        aGdapRelationship({
          status: 'active',
          accessAssignments: [anAccessAssignment({ securityGroupId: IDS.supportGroup, roles: [role], status: 'active' })],
        }),
      ],
    }),
    request: aServiceRequest({ workload }),
  });

const codes = (role: string, workload: Workload) => checkEligibility(onlyRole(role, workload)).reasons.map((r) => r.code);

describe('when the only GDAP role is one the permissions reference says holds the support-ticket permission', () => {
  it.each([
    ['Exchange Administrator', ROLE.exchangeAdministrator, 'office365'],
    ['Intune Administrator', ROLE.intuneAdministrator, 'ems'],
    ['SharePoint Administrator', ROLE.sharePointAdministrator, 'office365'],
    ['Teams Administrator', ROLE.teamsAdministrator, 'office365'],
    ['Service Support Administrator', ROLE.serviceSupportAdministrator, 'office365'],
    ['Helpdesk Administrator', ROLE.helpdeskAdministrator, 'ems'],
    ['Dynamics 365 Administrator', ROLE.dynamics365Administrator, 'dynamics'],
    ['Groups Administrator', ROLE.groupsAdministrator, 'office365'],
  ] as const)('then %s (%s) may file for %s', (_name, role, workload) => {
    const result = checkEligibility(onlyRole(role, workload));
    expect(result.decision).toBe('eligible');
    expect(result.reasons.map((r) => r.code)).not.toContain('GDAP_ROLE_MISSING');
  });

  it('then the template id matches in any letter case', () => {
    expect(checkEligibility(onlyRole(ROLE.exchangeAdministrator.toUpperCase(), 'office365')).decision).toBe('eligible');
  });

  it('then Global Administrator files too, with the over-privilege warning', () => {
    const result = checkEligibility(onlyRole(ROLE.globalAdministrator, 'office365'));
    expect(result.decision).toBe('eligible');
    expect(result.reasons.map((r) => r.code)).toEqual(['GDAP_GLOBAL_ADMIN']);
  });
});

describe('when the only GDAP role does not hold the support-ticket permission', () => {
  it.each([
    ['Directory Readers', ROLE.directoryReaders],
    ['Global Reader', ROLE.globalReader],
    ['License Administrator', ROLE.licenseAdministrator],
    ['a GUID that is no Entra role', RANDOM_GUID],
  ])('then %s never files for Microsoft 365', (_name, role) => {
    const result = checkEligibility(onlyRole(role, 'office365'));
    expect(result.decision).toBe('ineligible');
    expect(result.reasons.map((r) => r.code)).toEqual(['GDAP_ROLE_MISSING']);
  });

  it('then the fix names Service Support Administrator by its template id', () => {
    const [reason] = checkEligibility(onlyRole(ROLE.directoryReaders, 'office365')).reasons;
    expect(reason?.fix).toContain('Service Support Administrator');
    expect(reason?.fix).toContain(ROLE.serviceSupportAdministrator);
  });

  it('then a random GUID does not file for EMS or Dynamics either', () => {
    expect(codes(RANDOM_GUID, 'ems')).toEqual(['GDAP_ROLE_MISSING']);
    expect(codes(RANDOM_GUID, 'dynamics')).toEqual(['GDAP_ROLE_MISSING']);
  });
});

describe('when the generated table is regenerated from the checked-in source', () => {
  it('then the generator --check finds the checked-in file up to date', () => {
    const out = execFileSync(process.execPath, [GENERATOR, '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toContain('up to date');
  });

  it('then the generator output is byte for byte the checked-in file', async () => {
    const generator = (await import(GENERATOR)) as { render: () => string };
    expect(generator.render()).toBe(readFileSync(GENERATED, 'utf8'));
  });

  it('then the source commit in the table is the one data/entra/SOURCE.md records', () => {
    const source = readFileSync(join(ROOT, 'data', 'entra', 'SOURCE.md'), 'utf8');
    const commit = source.match(/^- Commit: `([0-9a-f]{40})`$/m)?.[1];
    expect(commit).toBeDefined();
    expect(SUPPORT_TICKET_ROLES_SOURCE).toEqual({
      repository: 'MicrosoftDocs/entra-docs',
      path: 'docs/identity/role-based-access-control/permissions-reference.md',
      commit,
    });
  });
});
