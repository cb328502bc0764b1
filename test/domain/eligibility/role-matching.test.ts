import { describe, expect, it } from 'vitest';
import { AZURE_SUPPORT_ROLES, findAzureSupportRole } from '../../../shared/domain/azure-roles.js';
import { checkEligibility } from '../../../shared/domain/eligibility/check-eligibility.js';
import { findGdapRole, GDAP_ROLES } from '../../../shared/domain/gdap-roles.js';
import {
  aCustomer,
  aGdapRelationship,
  anAccessAssignment,
  anEligibilityInput,
  AZURE_ROLE_ID,
  ENTRA_ROLE,
} from '../../support/directory-mother.js';

const withRoles = (...roles: string[]) =>
  anEligibilityInput({
    customer: aCustomer({ relationships: [aGdapRelationship({ accessAssignments: [anAccessAssignment({ roles })] })] }),
  });

describe('GDAP roles match by template id, never by name', () => {
  it('when a role is looked up by the name "Service Support Administrator", then nothing matches', () => {
    expect(findGdapRole('Service Support Administrator')).toBeUndefined();
  });

  it('when an assignment carries a wrong id (whatever it is called elsewhere), then it does not grant filing', () => {
    // A look-alike GUID: the last digit differs from Service Support Administrator's template id.
    expect(checkEligibility(withRoles('f023fd81-a637-4b56-95fd-791ac0226034')).reasons.map((r) => r.code)).toEqual(['GDAP_ROLE_MISSING']);
  });

  it('when the right template id arrives upper-case, then it still grants filing', () => {
    expect(checkEligibility(withRoles(ENTRA_ROLE.serviceSupportAdministrator.toUpperCase())).decision).toBe('eligible');
  });

  it('when the table is read, then every entry has a unique lower-case template id and a source', () => {
    const ids = GDAP_ROLES.map((r) => r.templateId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const role of GDAP_ROLES) {
      expect(role.templateId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(role.source).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    }
    expect(GDAP_ROLES.filter((r) => r.overPrivileged).map((r) => r.templateId)).toEqual([ENTRA_ROLE.globalAdministrator]);
    expect(findGdapRole(ENTRA_ROLE.directoryReaders)?.filesSupportTickets).toBe(false);
  });
});

describe('Azure support roles match by exact name or by role definition id', () => {
  it.each([
    ['Owner', 'Owner'],
    ['contributor', 'Contributor'],
    ['SUPPORT REQUEST CONTRIBUTOR', 'Support Request Contributor'],
    [AZURE_ROLE_ID.supportRequestContributor, 'Support Request Contributor'],
    [AZURE_ROLE_ID.owner.toUpperCase(), 'Owner'],
    [`/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLE_ID.contributor}`, 'Contributor'],
    [
      `/subscriptions/88888888-8888-4888-8888-888888888888/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLE_ID.owner}`,
      'Owner',
    ],
  ])('when the role is given as %s, then it is %s', (given, name) => {
    expect(findAzureSupportRole(given)?.name).toBe(name);
  });

  it.each([
    ['Reader'],
    [AZURE_ROLE_ID.reader],
    ['Owner '],
    ['Support Request Contributor (custom)'],
    [`/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLE_ID.reader}`],
    [`/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLE_ID.owner}/extra`],
  ])('when the role is given as %s, then it does not count', (given) => {
    expect(findAzureSupportRole(given)).toBeUndefined();
  });

  it('when the table is read, then it holds exactly Owner, Contributor and Support Request Contributor', () => {
    expect(AZURE_SUPPORT_ROLES.map((r) => r.roleDefinitionId).sort()).toEqual(
      [AZURE_ROLE_ID.owner, AZURE_ROLE_ID.contributor, AZURE_ROLE_ID.supportRequestContributor].sort(),
    );
  });
});
