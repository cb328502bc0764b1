import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config.js';
import type { Directory } from '../../shared/domain/directory.js';
import { MicrosoftDirectorySource } from '../../shared/adapters/microsoft/directory-source.js';
import { MicrosoftHealthSource } from '../../shared/adapters/microsoft/health-source.js';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { expiringAccess, syncDirectory, type DirectoryFeed } from '../../shared/pipeline/directory-sync.js';
import { buildRuntime } from '../../shared/runtime.js';
import { pipelineHarness, type PipelineHarness } from './harness.js';

const NEW_CUSTOMER = 'aaaaaaaa-0000-4000-8000-0000000000ff';
const now = new Date();

/** The demo directory as a later pull would see it: one more customer. */
function pulled(): Directory {
  const directory = demoDirectory(now);
  directory.customers.push({
    tenantId: NEW_CUSTOMER,
    name: 'Fourth Coffee',
    defaultDomain: 'fourthcoffee.onmicrosoft.com',
    relationships: [],
    subscriptions: [],
  });
  return directory;
}

describe('directory sync', () => {
  let h: PipelineHarness;

  beforeAll(async () => {
    h = await pipelineHarness({ directory: demoDirectory(now), partnerTenantId: DEMO.direct });
  });

  it('when the Microsoft pull fails, then the directory in force stays as it was', async () => {
    const failing: DirectoryFeed = { pull: () => Promise.reject(new Error('Partner Center answered 503')) };
    await expect(syncDirectory({ feed: failing, writer: h.runtime.directory, now })).rejects.toThrow('503');
    expect(await h.deps.directory.getCustomer(DEMO.adatum)).toMatchObject({ name: 'Adatum Corporation' });
    expect(await h.deps.directory.getCustomer(NEW_CUSTOMER)).toBeNull();
  });

  it('when DIRECTORY_SOURCE is microsoft, then the pull replaces the table directory that requests are checked against', async () => {
    const directory = pulled();
    const result = await syncDirectory({ feed: { pull: async () => directory }, writer: h.runtime.directory, now });
    // Counted from the pull itself: the demo directory grows as channels are added.
    expect(result).toMatchObject({
      source: 'microsoft',
      replaced: { partners: directory.partners.length, customers: directory.customers.length },
    });
    expect(await h.deps.directory.getCustomer(NEW_CUSTOMER)).toMatchObject({ name: 'Fourth Coffee' });
  });

  it('when GDAP access ends within 30 days, then the sync lists it (partner, customer, relationship, date, fix), also for a table directory', async () => {
    const result = await syncDirectory({ feed: null, writer: h.runtime.directory, now });
    expect(result.source).toBe('table');
    expect(result.expiring).toEqual([
      expect.objectContaining({
        partnerTenantId: DEMO.direct,
        customerTenantId: DEMO.tailspin,
        relationshipId: 'gdap-tailspin',
        fix: expect.stringContaining('auto-extend'),
      }),
    ]);
  });

  it('when the expiring relationship auto-extends, or another one lasts longer, then nothing is listed', () => {
    const extended = demoDirectory(now);
    const tailspin = extended.customers.find((c) => c.tenantId === DEMO.tailspin)!;
    tailspin.relationships[0]!.autoExtend = true;
    expect(expiringAccess(extended, now)).toEqual([]);
    const longer = demoDirectory(now);
    const other = longer.customers.find((c) => c.tenantId === DEMO.tailspin)!;
    other.relationships.push({
      ...other.relationships[0]!,
      id: 'gdap-tailspin-2',
      endDateTime: new Date(now.getTime() + 200 * 86_400_000).toISOString(),
    });
    expect(expiringAccess(longer, now)).toEqual([]);
  });
});

describe('Microsoft sources wiring (shared/runtime.ts)', () => {
  const base = {
    TABLES_CONNECTION: 'UseDevelopmentStorage=true',
    RELAY_EMBEDDED_BROKER: 'true',
    RELAY_ADMIN_KEY: `adm_${randomBytes(16).toString('hex')}`,
    RELAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  const profile = JSON.stringify({
    name: 'Contoso Cloud Services',
    type: 'direct',
    contact: { name: 'Dana Support', email: 'support@contoso-cloud.example' },
  });

  it('when the sources are table, then the timers get no Microsoft source', () => {
    const { sources } = buildRuntime(loadConfig(base));
    expect(sources.directory()).toBeNull();
    expect(sources.health()).toBeNull();
  });

  it('when DIRECTORY_SOURCE=microsoft lacks the partner settings, then the sync names the missing setting', () => {
    const { sources } = buildRuntime(loadConfig({ ...base, DIRECTORY_SOURCE: 'microsoft', HEALTH_SOURCE: 'microsoft' }));
    expect(() => sources.directory()).toThrow(ConfigError);
    expect(() => sources.directory()).toThrow('PARTNER_TENANT_ID');
    expect(() => sources.health()).toThrow('PARTNER_TENANT_ID');
  });

  it('when the partner settings are given, then the syncs pull from Microsoft; a malformed profile stops startup naming the field', () => {
    const settings = { ...base, DIRECTORY_SOURCE: 'microsoft', PARTNER_TENANT_ID: DEMO.direct, PARTNER_PROFILE: profile };
    expect(buildRuntime(loadConfig(settings)).sources.directory()).toBeInstanceOf(MicrosoftDirectorySource);
    // Health needs only the tenant: it reads the customers the directory in force lists for it.
    const health = { ...base, HEALTH_SOURCE: 'microsoft', PARTNER_TENANT_ID: DEMO.direct };
    expect(buildRuntime(loadConfig(health)).sources.health()).toBeInstanceOf(MicrosoftHealthSource);
    const broken = profile.replace('support@contoso-cloud.example', 'not-an-email');
    expect(() => loadConfig({ ...settings, PARTNER_PROFILE: broken })).toThrow(/PARTNER_PROFILE.*contact\.email/);
    expect(() => loadConfig({ ...base, PARTNER_APP_CLIENT_ID: DEMO.agent })).toThrow('PARTNER_TENANT_ID');
  });
});
