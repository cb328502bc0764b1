import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../shared/local-host/demo-directory.js';
import { hostIsBuilt, pollUntil, startLocalHost, type DemoCredentials, type LocalHost } from '../e2e/support/local-host.js';
import { checkPage, hasChromium, launchBrowser, screenshot, signedIn as signedInWith } from './support/browser.js';
import { consoleGet, flakyReceiver, request, resellerRequest, submitSettled } from './support/relay-calls.js';

/**
 * The operator console in a real browser (Debian's Chromium through playwright-core) against the compiled local host,
 * as `npm start` runs it. Every page is screenshotted into test-artifacts/console/ and checked with axe-core.
 */
describe.skipIf(!hostIsBuilt || !hasChromium)('operator console in Chromium (needs `npm run build` and /usr/bin/chromium)', () => {
  let host: LocalHost;
  let creds: DemoCredentials;
  let browser: Browser;
  let flaky: Awaited<ReturnType<typeof flakyReceiver>>;
  let flakyTool: { toolId: string; apiKey: string };
  const cspErrors: string[] = [];
  let consoleUrl: string;

  beforeAll(async () => {
    host = await startLocalHost();
    creds = host.credentials();
    consoleUrl = /Operator console: (\S+)/.exec(host.output())?.[1] ?? 'banner without a console URL';
    flaky = await flakyReceiver();
    flakyTool = JSON.parse(
      await host.relay('tools', 'add', '--partner', DEMO.direct, '--name', 'Flaky PSA', '--callback-url', flaky.url, '--json'),
    ) as typeof flakyTool;
    await Promise.all([
      submitSettled(host.url, creds.apiKey, request(DEMO.adatum, 'PSA-1001')),
      submitSettled(host.url, creds.apiKey, request(DEMO.litware, 'PSA-1002')),
      submitSettled(host.url, creds.apiKey, request(DEMO.tailspin, 'PSA-1003', { productId: 'contoso-backup-365' })),
      submitSettled(host.url, creds.resellerTool.apiKey, resellerRequest('FAB-9001')),
      submitSettled(host.url, flakyTool.apiKey, request(DEMO.adatum, 'FLAKY-1')),
    ]);
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await flaky?.close();
    host?.stop();
  });

  const signedIn = (key: string) => signedInWith(browser, consoleUrl, key, cspErrors);

  it("when `npm start` has started, then its banner names the console's address on this host", () => {
    expect(consoleUrl).toBe(`${host.url}/console`);
  });

  it('when a wrong key is typed, then the page says the key was not accepted and keeps nothing', async () => {
    const page = await signedIn('rk_not-a-real-key');
    await expect.poll(() => page.locator('#sign-in-error').textContent()).toContain('That key was not accepted');
    expect(await page.getByRole('navigation', { name: 'Console pages' }).isVisible()).toBe(false);
    expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
    await checkPage(page, 'sign-in-wrong-key');
    await page.context().close();
  });

  it('when signed in with the demo API key, then the demo tickets are listed with their charts, and the key is in no URL, cookie, page or lasting storage', async () => {
    const page = await signedIn(creds.apiKey);
    const rows = page.locator('table tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    for (const ref of ['PSA-1001', 'PSA-1002', 'PSA-1003', 'FLAKY-1']) expect(await page.getByRole('link', { name: ref }).count()).toBe(1);
    expect(await page.locator('figure.chart svg rect').count()).toBeGreaterThan(0);
    expect(await page.locator('figure.chart figcaption').allTextContents()).toEqual([
      'Tickets per day by decision',
      'Tickets per day by channel',
    ]);
    expect(await page.evaluate(() => ({ cookie: document.cookie, local: localStorage.length }))).toEqual({ cookie: '', local: 0 });
    expect(await page.content()).not.toContain(creds.apiKey);
    expect(page.url()).not.toContain(creds.apiKey);
    const shot = await checkPage(page, 'tickets');
    // The README's picture: refreshed on demand, never by an ordinary run.
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1')
      copyFileSync(shot, join(import.meta.dirname, '..', '..', 'docs', 'console-tickets.png'));

    await page.getByLabel('External ref').fill('PSA-1002');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('ineligible');

    await page.getByRole('link', { name: 'PSA-1002' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Ticket PSA-1002');
    expect(await page.locator('.reasons').textContent()).toContain('NO_ACTIVE_GDAP');
    expect(await page.locator('.reasons .fix').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('when only the keyboard is used, then one can sign in, open a ticket, and sign out, which forgets the key', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(consoleUrl);
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || '');
    for (let i = 0; i < 5 && (await focused()) !== 'key'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('key');
    await page.keyboard.type(creds.apiKey);
    await page.keyboard.press('Enter');
    // The new page's heading takes the focus, so a screen reader starts there.
    await expect.poll(focused).toBe('tickets-title');
    for (let i = 0; i < 40 && (await focused()) !== 'PSA-1001'; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('ticket-title');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(1);
    await page.reload();
    await expect.poll(focused).toBe('ticket-title');
    await page.getByRole('button', { name: 'Sign out' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('key');
    expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
    await page.context().close();
  });

  it('when a ticket is opened, then its timeline shows every step from received to notified, with route and deliveries', async () => {
    const page = await signedIn(creds.apiKey);
    await page.getByRole('link', { name: 'PSA-1001' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Ticket PSA-1001');
    const steps = await page.locator('.timeline .steps li strong').allTextContents();
    expect(steps[0]).toBe('received');
    expect(steps.at(-1)).toBe('notified');
    expect(await page.locator('.timeline svg circle').count()).toBe(steps.length);
    expect(await page.getByRole('img', { name: 'Timeline' }).count()).toBe(1);
    expect(await page.locator('article').textContent()).toContain('m365-admin-center');
    expect(await page.getByRole('table', { name: 'Webhook deliveries for this ticket' }).textContent()).toContain('ticket.recorded');
    await checkPage(page, 'ticket');
    await page.context().close();
  });

  it('when a failed delivery is replayed from the deliveries page after the receiver is fixed, then the page shows it delivered', async () => {
    const failed = await pollUntil(
      async () =>
        (await consoleGet<{ items: { status: string; toolId: string }[] }>(host.url, creds.apiKey, 'deliveries?status=failed')).body.items,
      (items) => items.some((d) => d.toolId === flakyTool.toolId),
    );
    expect(failed.some((d) => d.toolId === flakyTool.toolId)).toBe(true);
    // 410 Gone removed the callback; the partner fixes its receiver and sets it again (the tool cache holds 2 s).
    flaky.heal();
    await host.relay('tools', 'set-callback', flakyTool.toolId, flaky.url);
    await new Promise((r) => setTimeout(r, 2_500));
    const page = await signedIn(creds.apiKey);
    await page.getByRole('link', { name: 'Deliveries' }).click();
    const firstRow = page.locator('table tbody tr').first();
    await expect.poll(() => firstRow.textContent()).toContain('failed');
    expect(await page.getByRole('img', { name: /Delivery attempts per day/ }).count()).toBe(1);
    await checkPage(page, 'deliveries');
    const callsBefore = flaky.calls;
    await firstRow.getByRole('button', { name: /Replay/ }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/now delivered/);
    expect(flaky.calls).toBe(callsBefore + 1);
    expect(await page.getByRole('button', { name: /Replay/ }).count()).toBe(0);
    await screenshot(page, 'deliveries-after-replay');
    await page.context().close();
  });

  it('when an incident holds a ticket, then the held page shows the incident with that ticket', async () => {
    const snapshot = {
      source: 'manual',
      capturedAt: new Date().toISOString(),
      services: [{ workload: 'office365', service: 'Microsoft Teams', status: 'serviceDegradation' }],
      issues: [
        {
          id: 'TM200001',
          workload: 'office365',
          service: 'Microsoft Teams',
          classification: 'incident',
          status: 'serviceDegradation',
          title: 'Users cannot join meetings',
          startDateTime: new Date(Date.now() - 600_000).toISOString(),
          isResolved: false,
        },
      ],
    };
    const pushed = await fetch(`${host.url}/api/v1/service-health`, {
      method: 'POST',
      headers: { authorization: `Bearer ${creds.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(snapshot),
    });
    expect(pushed.status).toBe(200);
    expect((await submitSettled(host.url, creds.apiKey, request(DEMO.adatum, 'PSA-1004', { service: 'Microsoft Teams' }))).status).toBe(
      'held',
    );
    const page = await signedIn(creds.apiKey);
    await page.getByRole('link', { name: 'Held by incidents' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toBe('TM200001: Users cannot join meetings');
    expect(await page.getByRole('link', { name: 'PSA-1004' }).count()).toBe(1);
    await checkPage(page, 'held');
    await page.context().close();
  });

  it('when the access page is opened, then customers at risk come first with their findings and fixes', async () => {
    const page = await signedIn(creds.apiKey);
    await page.getByRole('link', { name: 'Access at risk' }).click();
    const table = page.getByRole('table', { name: /Customers of Contoso/ });
    await expect.poll(() => table.textContent()).toContain('GDAP_PENDING_APPROVAL');
    expect(await table.locator('tbody tr').first().textContent()).not.toContain('ready');
    await checkPage(page, 'access');
    await page.context().close();
  });

  it("when another partner signs in, then it sees its own ticket and none of the demo partner's (and the reverse)", async () => {
    const reseller = await signedIn(creds.resellerTool.apiKey);
    await expect.poll(() => reseller.getByRole('link', { name: 'FAB-9001' }).count()).toBe(1);
    expect(await reseller.locator('table tbody').textContent()).not.toMatch(/PSA-100|FLAKY/);
    const contosoTicket = (
      await consoleGet<{ items: { ticketId: string; externalRef: string }[] }>(host.url, creds.apiKey, 'tickets?externalRef=PSA-1001')
    ).body.items[0]!;
    await reseller.goto(`${host.url}/api/console/#/ticket/${DEMO.direct}/${contosoTicket.ticketId}`);
    await expect.poll(() => reseller.locator('#page [role=alert]').textContent()).toContain('Nothing with these ids');
    await reseller.context().close();

    const contoso = await signedIn(creds.apiKey);
    await expect.poll(() => contoso.getByRole('link', { name: 'PSA-1001' }).count()).toBe(1);
    expect(await contoso.locator('table tbody').textContent()).not.toContain('FAB-9001');
    await contoso.context().close();
  });

  it('when the admin key signs in, then tickets of every partner and the dead-letter queues are shown', async () => {
    const page = await signedIn(creds.adminKey);
    await expect.poll(() => page.getByRole('link', { name: 'FAB-9001' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'PSA-1001' }).count()).toBe(1);
    await checkPage(page, 'tickets-admin');
    // An unsigned producer message is dead-lettered after its deliveries (Unauthenticated): something for the page to show.
    const sent = await fetch(`${host.url}/admin/queues/service-requests/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${creds.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        messageId: 'unsigned-1',
        body: request(DEMO.adatum, 'Q-1'),
        applicationProperties: { toolId: creds.toolId, partnerTenantId: DEMO.direct },
      }),
    });
    expect(sent.status).toBe(202);
    await pollUntil(
      async () =>
        (await consoleGet<{ messages: unknown[] }>(host.url, creds.adminKey, 'dead-letters/service-requests')).body.messages.length,
      (n) => n === 1,
      20_000,
    );
    await page.getByRole('link', { name: 'Dead letters' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dead letters');
    expect(await page.getByLabel('Queue').inputValue()).toBe('service-requests');
    const row = page.getByRole('table', { name: 'Dead-lettered messages in service-requests' }).locator('tbody tr');
    await expect.poll(() => row.textContent()).toContain('Unauthenticated');
    await checkPage(page, 'dead-letters');
    await page.getByRole('button', { name: 'Replay unsigned-1' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toBe('Re-sent 1 message(s) to service-requests.');
    expect(cspErrors).toEqual([]);
    await page.context().close();
  });
});
