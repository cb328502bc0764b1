import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleAssetsDir, readAsset } from '../../shared/console/assets.js';
import { startTestRelay, type TestRelay } from '../support/test-relay.js';

/** The console's files as the browser gets them: from the function app, with a strict policy and nothing else reachable. */
describe('console static files', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay();
  });
  afterAll(() => relay.stop());

  const fetchRaw = (path: string) => fetch(`${relay.url}${path}`, { redirect: 'manual' });

  it('when /console is opened locally, then it leads to the console page, which carries a strict Content-Security-Policy and sets no cookie', async () => {
    expect((await fetchRaw('/console')).headers.get('location')).toBe('/api/console/');
    expect((await fetchRaw('/api/console')).headers.get('location')).toBe('/api/console/');
    const page = await fetchRaw('/api/console/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    // With script off, the sign-in form must not post the key anywhere.
    expect(csp).toContain("form-action 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('set-cookie')).toBeNull();
    const html = await page.text();
    // Nothing inline for the policy to have to allow.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/i);
    expect(html).toMatch(/<input id="key" type="password"/);
    expect(html).not.toMatch(/name="key"/);
  });

  it('when a script is asked for, then it is served as JavaScript with the same policy', async () => {
    const app = await fetchRaw('/api/console/app.js');
    expect(app.status).toBe(200);
    expect(app.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(app.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('when a path outside the console folder or an unknown file is asked for, then it is a 404 problem', async () => {
    for (const path of [
      '/api/console/..%2Fpackage.json',
      '/api/console/%2E%2E%2Fpackage.json',
      '/api/console/missing.js',
      '/api/console/.env',
      '/api/console/index.html%00.js',
    ]) {
      const res = await fetchRaw(path);
      expect(res.status, path).toBe(404);
    }
    expect(readAsset('../package.json')).toBeNull();
    expect(readAsset('app.js')?.contentType).toBe('text/javascript; charset=utf-8');
  });

  it('when the functions run from dist/ or a deployed package, then the files are found beside package.json', () => {
    expect(consoleAssetsDir(`${process.cwd()}/dist/shared/console`)).toBe(`${process.cwd()}/console`);
  });
});
