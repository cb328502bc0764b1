import { describe, expect, it, vi } from 'vitest';
import { demoDirectory, DEMO } from '../../shared/local-host/demo-directory.js';
import { parseReadinessQuery, readinessFor } from '../../shared/pipeline/readiness-query.js';
import { pipelineHarness } from './harness.js';

/** `GET /api/v1/customers/{id}/readiness`: its query parameters and its answer (test/watch/readiness.test.ts covers HTTP). */

const parse = (query: string) => parseReadinessQuery(new URLSearchParams(query));

describe('readiness query parameters', () => {
  it('when workload is one of the four, then it is asked alone; otherwise 400 lists the four', () => {
    expect(parse('workload=azure')).toEqual({ ok: true, query: { workloads: ['azure'] } });
    expect(parse('workload=teams')).toEqual({
      ok: false,
      errors: [{ path: 'workload', message: 'must be one of azure, office365, ems, dynamics' }],
    });
  });

  it('when agent is an object id, then it is looked up by id; a sign-in name up to 256 characters by name; trimmed', () => {
    expect(parse(`agent=${DEMO.agent}`)).toEqual({ ok: true, query: { agent: { objectId: DEMO.agent } } });
    expect(parse('agent=%20dana%40contoso-cloud.example%20')).toEqual({
      ok: true,
      query: { agent: { userPrincipalName: 'dana@contoso-cloud.example' } },
    });
    const longest = `${'a'.repeat(256 - '@contoso.example'.length)}@contoso.example`;
    expect(parse(`agent=${longest}`)).toEqual({ ok: true, query: { agent: { userPrincipalName: longest } } });
  });

  it('when agent is empty, blank or longer than 256 characters, then 400 says what to give', () => {
    const refused = { ok: false, errors: [{ path: 'agent', message: 'give an agent object id or sign-in name (1–256 characters)' }] };
    expect(parse('agent=')).toEqual(refused);
    expect(parse('agent=%20%20')).toEqual(refused);
    expect(parse(`agent=${'a'.repeat(257)}`)).toEqual(refused);
  });

  it('when both are wrong, then both are named; when neither is given, every workload and any agent', () => {
    expect(parse('workload=x&agent=')).toMatchObject({ ok: false, errors: [{ path: 'workload' }, { path: 'agent' }] });
    expect(parse('')).toEqual({ ok: true, query: {} });
  });
});

describe('readiness answer', () => {
  it('when the customer id is in capitals, then the answer names it in lower case; a malformed id costs no directory read', async () => {
    const h = await pipelineHarness({ directory: demoDirectory(), partnerTenantId: DEMO.direct });
    const report = await readinessFor(h.deps, DEMO.direct, DEMO.adatum.toUpperCase(), { workloads: ['office365'] });
    expect(report).toMatchObject({ customerTenantId: DEMO.adatum, workloads: [{ workload: 'office365' }] });

    const getCustomer = vi.spyOn(h.deps.directory, 'getCustomer');
    expect(await readinessFor(h.deps, DEMO.direct, 'not-a-tenant-id', {})).toBeNull();
    expect(getCustomer).not.toHaveBeenCalled();
  });
});
