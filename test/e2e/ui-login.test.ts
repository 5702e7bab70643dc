import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, type TestBrowser } from '../helpers/browser';
import { startServe, type ServeProcess } from '../helpers/cli-process';
import { tempDir } from '../helpers/gateway-harness';

const SCREENSHOT = path.resolve(__dirname, '../../test-results/ui-login.png');

describe.skipIf(!hasChromium)('headless web UI login in Chromium', () => {
  let served: ServeProcess;
  let browser: TestBrowser;
  let cookieName: string;
  beforeAll(async () => {
    served = await startServe(['--port', '0', '--data-dir', tempDir()]);
    cookieName = `gatehouse_session_${new URL(served.url).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    served?.child.kill('SIGTERM');
    await served?.exited;
  });

  it('the printed one-time link signs in to /ui, reload keeps the session, the link does not work twice', async () => {
    expect(served.output()).toContain(`Open the UI: ${served.loginUrl}`);
    const context = await browser.newContext();
    const page = await context.newPage();

    const landing = await page.goto(served.loginUrl);
    expect(landing?.status()).toBe(200);
    expect(page.url()).toBe(`${served.url}/ui/`);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Gatehouse' }).isVisible(), { timeout: 5000 })
      .toBe(true);
    await expect.poll(() => page.getByText('Gateway running at').isVisible(), { timeout: 5000 }).toBe(true);

    const cookies = await context.cookies();
    const session = cookies.find((cookie) => cookie.name === cookieName);
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    // HttpOnly: the page's scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain(cookieName);

    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // The page can call the admin API same-origin with the cookie alone.
    const adminStatus = await page.evaluate(async () => (await fetch('/admin/logs?limit=1')).status);
    expect(adminStatus).toBe(200);

    const reloaded = await page.reload();
    expect(reloaded?.status()).toBe(200);
    await expect.poll(() => page.getByText('Gateway running at').isVisible(), { timeout: 5000 }).toBe(true);

    const again = await page.goto(served.loginUrl);
    expect(again?.status()).toBe(401);
    expect(await page.textContent('h1')).toContain('This login link is used up or not valid');

    // The same link in a fresh browser profile does not work either.
    const stranger = await (await browser.newContext()).newPage();
    const strangerLanding = await stranger.goto(served.loginUrl);
    expect(strangerLanding?.status()).toBe(401);
  });

  it('without the cookie or token, /ui and the admin API answer 401', async () => {
    const page = await (await browser.newContext()).newPage();
    const ui = await page.goto(`${served.url}/ui/`);
    expect(ui?.status()).toBe(401);
    expect(await page.textContent('h1')).toContain('Sign in to Gatehouse');
    const adminStatus = await page.evaluate(async () => (await fetch('/admin/logs?limit=1')).status);
    expect(adminStatus).toBe(401);
    const plain = await fetch(`${served.url}/admin/logs?limit=1`);
    expect(plain.status).toBe(401);
  });
});
