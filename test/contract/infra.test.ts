import { describe, expect, it } from 'vitest';
import { PIPELINE } from '../../shared/pipeline/pipeline.js';
import { ALL_QUEUES, MAX_DELIVERY_COUNT } from '../../shared/queues.js';
import { ALL_TABLES } from '../../shared/tables.js';
import { blockAfter, codeOnly, entries, literal, readRepoFile, stringLiterals } from './bicep.js';
import { appSettings } from './app-settings.js';
import { modules } from './bicep-declarations.js';

// Infra and code name the same queues, tables and roles in two languages; these tests fail when
// one side is renamed or changed alone.
const serviceBus = readRepoFile('infra/app/servicebus.bicep');
const storage = readRepoFile('infra/app/storage.bicep');
const rbac = readRepoFile('infra/app/rbac.bicep');
const main = readRepoFile('infra/main.bicep');

/** Built-in role ids as Azure publishes them (same in every cloud). */
const BUILT_IN_ROLES = {
  'Azure Service Bus Data Sender': '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
  'Azure Service Bus Data Receiver': '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
  'Storage Blob Data Owner': 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  'Storage Table Data Reader': '76199698-9eea-4c19-bc75-cec21354c6b6',
  'Key Vault Secrets User': '4633458b-17de-408a-b874-0445c86b69e6',
  'Monitoring Metrics Publisher': '3913510d-42f4-4e42-8a64-420c390055eb',
};

describe('Service Bus queues (infra/app/servicebus.bicep ↔ shared/queues.ts)', () => {
  const declared = stringLiterals(blockAfter(serviceBus, /^var queueNames =/m));
  const perQueue = entries(blockAfter(blockAfter(serviceBus, /\bqueues\s*:/), /\bfor queueName in queueNames\s*:/));

  it('when the pipeline table names a stage queue, then infra declares it', () => {
    expect(
      Object.values(PIPELINE)
        .map((row) => row.queue)
        .filter((q) => !declared.includes(q)),
    ).toEqual([]);
  });

  it('when the code names a queue, then infra declares it, and infra declares no other', () => {
    expect([...declared].sort()).toEqual([...ALL_QUEUES].sort());
    expect(new Set(declared).size).toBe(declared.length);
  });

  it('when a message keeps failing, then the queue dead-letters it after MAX_DELIVERY_COUNT deliveries', () => {
    expect(literal(perQueue.get('maxDeliveryCount'))).toBe(MAX_DELIVERY_COUNT);
    expect(perQueue.get('name')).toBe('queueName');
  });

  it('when a message expires or is sent twice, then it is dead-lettered or dropped as a duplicate', () => {
    expect(literal(perQueue.get('deadLetteringOnMessageExpiration'))).toBe(true);
    expect(literal(perQueue.get('requiresDuplicateDetection'))).toBe(true);
    expect(literal(perQueue.get('duplicateDetectionHistoryTimeWindow'))).toBe('PT10M');
    expect(literal(perQueue.get('lockDuration'))).toBe('PT1M');
    // Session-enabled queues refuse messages without a session id, and envelopes carry none.
    expect(literal(perQueue.get('requiresSession'))).toBe(false);
  });

  it('when anyone holds a SAS key, then it is useless: local auth is off on a Standard namespace', () => {
    const namespace = entries(blockAfter(serviceBus, /\bparams\s*:/));
    expect(literal(namespace.get('disableLocalAuth'))).toBe(true);
    expect(literal(entries(blockAfter(serviceBus, /\bskuObject\s*:/)).get('name'))).toBe('Standard');
  });
});

describe('Tables (infra/app/storage.bicep ↔ shared/tables.ts)', () => {
  it('when the code names a table, then infra creates it, and infra creates no other', () => {
    const declared = stringLiterals(blockAfter(storage, /^var tableNames =/m));
    expect([...declared].sort()).toEqual([...ALL_TABLES].sort());
    expect(codeOnly(blockAfter(storage, /\btableServices\s*:/))).toMatch(/\bfor tableName in tableNames\s*:/);
  });

  it('when the app runs in Azure, then it uses the tables infra created: no table prefix', () => {
    expect(appSettings.has('RELAY_TABLE_PREFIX')).toBe(false);
  });

  it('when someone finds an account key, then it is useless: shared-key access is off', () => {
    expect(literal(entries(blockAfter(storage, /\bparams\s*:/)).get('allowSharedKeyAccess'))).toBe(false);
  });
});

describe('Role assignments (infra/app/rbac.bicep)', () => {
  const roleIds = new Map([...entries(blockAfter(rbac, /^var roles =/m))].map(([name, id]) => [name, String(literal(id))]));
  const grantsOn = (scope: string) =>
    [...blockAfter(rbac, /^var appGrants =/m).matchAll(/\{\s*scope:\s*'(\w+)',\s*roleId:\s*roles\.(\w+)\s*\}/g)]
      .filter((m) => m[1] === scope)
      .map((m) => roleIds.get(m[2]!));

  it('when a role id is written down, then it is the id Azure publishes for a known role', () => {
    const known = new Set(Object.values(BUILT_IN_ROLES));
    expect(roleIds.size).toBeGreaterThan(0);
    expect([...roleIds.values()].filter((id) => !known.has(id))).toEqual([]);
  });

  it('when a stage writes a ticket or creates a table, then the identity may: Storage Table Data Contributor', () => {
    expect(grantsOn('storage')).toContain(BUILT_IN_ROLES['Storage Table Data Contributor']);
    expect(grantsOn('storage')).not.toContain(BUILT_IN_ROLES['Storage Table Data Reader']);
  });

  it('when the host and the stages run, then every role they need is granted on its resource', () => {
    expect(grantsOn('serviceBus').sort()).toEqual(
      [BUILT_IN_ROLES['Azure Service Bus Data Receiver'], BUILT_IN_ROLES['Azure Service Bus Data Sender']].sort(),
    );
    expect(grantsOn('storage')).toContain(BUILT_IN_ROLES['Storage Blob Data Owner']);
    expect(grantsOn('keyVault')).toEqual([BUILT_IN_ROLES['Key Vault Secrets User']]);
    expect(grantsOn('applicationInsights')).toEqual([BUILT_IN_ROLES['Monitoring Metrics Publisher']]);
  });

  it('when infra is deployed again, then no assignment is duplicated: names are guid(scope, principal, role)', () => {
    const assignments = [...codeOnly(rbac).matchAll(/^resource \w+ +=/gm)].map((m) =>
      blockAfter(blockAfter(rbac.slice(m.index), /=/), /\)\s*:/),
    );
    expect(assignments.length).toBe(4);
    for (const body of assignments) {
      const scope = entries(body).get('scope');
      expect(entries(body).get('name')).toBe(`guid(${scope}.id, grant.principalId, grant.roleId)`);
    }
  });

  it('when the app runs, then it runs as the identity that received the roles', () => {
    const args = (symbol: string) => modules(main).find((m) => m.symbol === symbol)!.args;
    expect(args('rbac').get('appPrincipalId')).toBe('appIdentity.outputs.principalId');
    expect(args('api').get('identityId')).toBe('appIdentity.outputs.resourceId');
    expect(args('api').get('identityClientId')).toBe('appIdentity.outputs.clientId');
  });
});
