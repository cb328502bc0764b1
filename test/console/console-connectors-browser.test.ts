import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import type { DemoPsa } from '../../shared/local-host/demo-psa.js';
import { hostIsBuilt, pollUntil, startLocalHost, type DemoCredentials, type LocalHost } from '../e2e/support/local-host.js';
import { checkPage, hasChromium, launchBrowser, screenshot, signedIn as signedInWith } from './support/browser.js';
import { consoleGet } from './support/relay-calls.js';

/**
 * The console's PSA connectors page in Chromium against the compiled local host as `npm start` runs it: the demo
 * Halo connector, the Halo client `npm start` left unmapped, and mapping it from the page.
 */
describe.skipIf(!hostIsBuilt || !hasChromium)('PSA connectors page in Chromium (needs `npm run build` and /usr/bin/chromium)', () => {
  let host: LocalHost;
  let creds: DemoCredentials;
  let demoPsa: DemoPsa;
  let browser: Browser;
  let consoleUrl: string;
  const cspErrors: string[] = [];
  const signedIn = (key: string) => signedInWith(browser, consoleUrl, key, cspErrors);

  beforeAll(async () => {
    host = await startLocalHost();
    // The PSA demo is set up after the first banner lines.
    await pollUntil(
      async () => host.output(),
      (o) => o.includes('PSA connectors page'),
      20_000,
    );
    creds = host.credentials();
    demoPsa = JSON.parse(readFileSync(join(host.stateDir, 'demo-psa.json'), 'utf8')) as DemoPsa;
    consoleUrl = `${host.url}/console`;
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    host?.stop();
  });

  it('when the demo partner opens the PSA connectors page, then the demo Halo connector and its parked, unmapped client are shown, and no connector credential is on the page or in the API', async () => {
    expect(host.output()).toMatch(/PSA connectors page: Halo client 21 \(Proseware, Inc\.\) is not mapped yet/);
    const page = await signedIn(creds.apiKey);
    await page.getByRole('link', { name: 'PSA connectors' }).click();
    const connectors = page.getByRole('table', { name: 'Connectors of Contoso Cloud Services' });
    await expect.poll(() => connectors.locator('tbody tr').count()).toBe(1);
    const cells = await connectors.locator('tbody td').allTextContents();
    expect(cells).toEqual(['Demo HaloPSA', 'HaloPSA', 'enabled', `${host.url}/api/v1/connectors/${demoPsa.connectorId}/events`, '1', '1']);
    const unmapped = page.getByRole('table', { name: /PSA companies of Demo HaloPSA with no customer/ });
    const row = await unmapped.locator('tbody tr td').allTextContents();
    expect(row.slice(0, 3)).toEqual(['21', 'Proseware, Inc.', '1']);
    expect(row[4]).toBe('40290: Shared mailbox stopped receiving mail');
    await checkPage(page, 'connectors');

    const html = await page.content();
    const api = JSON.stringify((await consoleGet(host.url, creds.adminKey, 'connectors')).body);
    expect(api).toContain(demoPsa.connectorId);
    for (const secret of [demoPsa.webhookPassword, demoPsa.clientSecret, demoPsa.clientId, creds.apiKey]) {
      expect(html, 'a credential on the page').not.toContain(secret);
      expect(api, 'a credential in the console API').not.toContain(secret);
    }
    await page.context().close();
  });

  it('when the parked client is mapped with the form, using the keyboard, then it leaves the unmapped list and its ticket is on the tickets page', async () => {
    const page = await signedIn(creds.apiKey);
    await page.getByRole('link', { name: 'PSA connectors' }).click();
    const customer = page.getByLabel('Customer for company 21');
    const map = page.getByRole('button', { name: 'Map company 21' });
    // Submitting without a choice asks for one and sends nothing.
    await map.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Choose the customer first.' }).count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(await customer.getAttribute('id'));

    await customer.selectOption(DEMO.proseware);
    await map.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#notice').textContent())
      .toMatch(/^Company 21 mapped to Proseware, Inc\.: 1 parked event filed as ticket tk_\w+; see the Tickets page\.$/);
    await expect.poll(() => page.getByText('None: every company that sent a ticket is mapped.').count()).toBe(1);
    const counts = (
      await page.getByRole('table', { name: 'Connectors of Contoso Cloud Services' }).locator('tbody td').allTextContents()
    ).slice(4);
    expect(counts).toEqual(['2', '0']);
    await screenshot(page, 'connectors-after-mapping');

    const ticketId = /tk_\w+/.exec((await page.locator('#notice').textContent()) ?? '')?.[0];
    await page.getByRole('link', { name: 'Tickets', exact: true }).click();
    // The PSA ticket id is the relay ticket's external ref; the link opens the ticket the notice named.
    await expect.poll(() => page.getByRole('link', { name: '40290' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: '40290' }).getAttribute('href')).toBe(`#/ticket/${DEMO.direct}/${ticketId}`);
    expect(cspErrors).toEqual([]);
    await page.context().close();
  });

  it("when another partner signs in, then its connectors page shows none of the demo partner's connectors; the admin sees them under the partner's name", async () => {
    const reseller = await signedIn(creds.resellerTool.apiKey);
    await reseller.getByRole('link', { name: 'PSA connectors' }).click();
    await expect.poll(() => reseller.locator('#page p.empty').textContent()).toContain('No PSA connectors yet');
    expect(await reseller.locator('#page').textContent()).not.toContain('Demo HaloPSA');
    await reseller.context().close();

    const admin = await signedIn(creds.adminKey);
    await admin.getByRole('link', { name: 'PSA connectors' }).click();
    await expect.poll(() => admin.getByRole('heading', { level: 2, name: 'Contoso Cloud Services' }).count()).toBe(1);
    expect(await admin.getByRole('table', { name: 'Connectors of Contoso Cloud Services' }).textContent()).toContain('Demo HaloPSA');
    await checkPage(admin, 'connectors-admin');
    await admin.context().close();
  });
});
