import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium (`apt-get install -y chromium`; `.ci/run` installs it); CHROMIUM_PATH points elsewhere. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

/** Screenshots of every page, kept as test artifacts (git-ignored). */
export const artifactsDir = join(import.meta.dirname, '..', '..', '..', 'test-artifacts', 'console');

export function launchBrowser(): Promise<Browser> {
  // Root in CI containers cannot use Chromium's sandbox; the browser only ever loads the relay on 127.0.0.1.
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    timeout: 30_000,
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core's violations of impact serious or critical on the page as it is now. The script is evaluated through the
 * DevTools protocol, which the page's Content-Security-Policy does not block, so the test needs no weaker policy.
 */
export async function seriousViolations(page: Page): Promise<{ id: string; impact: string | null; help: string; targets: string[] }[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } })
      .axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes
        .map((n) => n.target)
        .flat()
        .map(String),
    }));
}

/** A fresh browser context on the console, signed in with `key`; Content-Security-Policy reports go to `cspErrors`. */
export async function signedIn(browser: Browser, consoleUrl: string, key: string, cspErrors: string[]): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(10_000);
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.goto(consoleUrl);
  await page.getByLabel('API key (rk_…) or admin key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

/** Screenshot (a test artifact), then axe-core: no serious or critical violation. */
export async function checkPage(page: Page, name: string): Promise<string> {
  const file = await screenshot(page, name);
  expect(await seriousViolations(page), `axe: serious or critical violations on ${name}`).toEqual([]);
  return file;
}
