import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../shared/local-host/local-settings.js';

const run = promisify(execFile);

describe('the connector endpoint and commands are documented', () => {
  it("when docs/openapi.json is read, then POST /v1/connectors/{connectorId}/events is there with each PSA's scheme and its answers", () => {
    const doc = JSON.parse(readFileSync(join(projectRoot(), 'docs', 'openapi.json'), 'utf8')) as {
      paths: Record<string, Record<string, { security: Record<string, unknown>[]; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, { name?: string; scheme?: string }> };
    };
    const op = doc.paths['/v1/connectors/{connectorId}/events']?.post;
    expect(op).toBeDefined();
    expect(Object.keys(op!.responses).sort()).toEqual(['200', '202', '400', '401', '413', '415', '429', '503']);
    expect(op!.security.flatMap((s) => Object.keys(s)).sort()).toEqual(['autotaskSignature', 'connectWiseSignature', 'haloBasic']);
    expect(doc.components.securitySchemes.connectWiseSignature?.name).toBe('x-content-signature');
    expect(doc.components.securitySchemes.autotaskSignature?.name).toBe('x-hook-signature');
    expect(doc.components.securitySchemes.haloBasic?.scheme).toBe('basic');
  });

  it('when `relay connectors --help` runs, then every subcommand is listed (and it needs no storage)', async () => {
    const { stdout } = await run(process.execPath, [join(projectRoot(), 'bin', 'relay.js'), 'connectors', '--help'], { timeout: 20_000 });
    for (const sub of [
      'add',
      'list',
      'show <connectorId>',
      'disable',
      'test',
      'map <connectorId> --company',
      'map import',
      'map suggest',
      'unmapped',
    ]) {
      expect(stdout).toContain(sub);
    }
    for (const flag of [
      '--kind halo|connectwise|autotask',
      '--client-secret',
      '--key-url-host',
      '--private-key',
      '--webhook-secret',
      '--integration-code',
      '--default-agent',
    ]) {
      expect(stdout).toContain(flag);
    }
  });
});
