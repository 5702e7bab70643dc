import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser';
import { screenshotPath, startGui, type GuiHarness } from './gui-harness';

const SCREENS = [
  { path: 'overview', heading: 'Overview', ready: 'Gateway running at' },
  { path: 'providers', heading: 'Providers', ready: 'Key …cdef' },
  { path: 'routes', heading: 'Routes', ready: 'Fastest first' },
  { path: 'keys', heading: 'Keys', ready: 'ci-pipeline' },
  { path: 'settings', heading: 'Settings', ready: 'Configuration file' },
] as const;

/** A gateway with something on every screen: providers, routes, keys with limits, traffic, prices. */
async function seed(gui: GuiHarness): Promise<void> {
  const ok = async (path: string, method: string, body: unknown) => {
    const answer = await gui.admin(path, { method, body });
    if (answer.status >= 300)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  await ok('/admin/providers', 'POST', { id: 'openai', type: 'openai', baseUrl: gui.mock.url });
  await ok('/admin/providers/openai/secret', 'PUT', { value: 'sk-screens-provider-key-abcdef' });
  await ok('/admin/providers', 'POST', { id: 'anthropic', type: 'anthropic' });
  await ok('/admin/providers', 'POST', {
    id: 'ollama',
    type: 'ollama',
    baseUrl: 'http://127.0.0.1:9/v1',
    enabled: false,
  });
  const pipeline = await ok('/admin/keys', 'POST', {
    name: 'ci-pipeline',
    limits: { requestsPerMinute: 60, usdPerDay: 5 },
  });
  await ok('/admin/keys', 'POST', { name: 'notebook' });
  await ok('/admin/keys', 'POST', { name: 'old-script' });
  await ok('/admin/keys/old-script', 'DELETE', undefined);
  await ok('/admin/routes', 'POST', {
    name: 'fast',
    strategy: 'least-latency',
    targets: [{ model: 'openai/gpt-4o-mini' }, { model: 'anthropic/claude-haiku-4-5' }],
    retry: { attempts: 2 },
  });
  await ok('/admin/routes', 'POST', {
    name: 'balanced',
    strategy: 'loadbalance',
    targets: [
      { model: 'openai/gpt-4o-mini', weight: 3 },
      { model: 'openai/gpt-4o', weight: 1 },
    ],
    cache: { ttlSeconds: 300 },
  });
  await ok('/admin/settings', 'PATCH', {
    logRetentionDays: 30,
    pricingOverrides: [{ providerType: 'openai', model: 'gpt-4o', input: 2, output: 8 }],
  });
  const client = gui.client(pipeline.key as string);
  for (let index = 0; index < 6; index += 1) {
    await client.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: `hi ${index}` }],
    });
  }
  await client.chat.completions
    .create({ model: 'anthropic/claude-haiku-4-5', messages: [{ role: 'user', content: 'no key there' }] })
    .catch(() => undefined);
}

describe.skipIf(!hasChromium)('every screen, light and dark', () => {
  let gui: GuiHarness;
  beforeAll(async () => {
    gui = await startGui();
    await seed(gui);
  }, 60_000);
  afterAll(async () => {
    await gui?.stop();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`screenshots in the ${theme} theme`, async () => {
      await gui.admin('/admin/settings', { method: 'PATCH', body: { theme } });
      for (const screen of SCREENS) {
        await gui.open(screen.path, screen.heading);
        await gui.page.getByText(screen.ready).first().waitFor();
        await gui.page.waitForLoadState('networkidle');
        expect(await gui.page.evaluate(() => document.documentElement.dataset.mantineColorScheme)).toBe(
          theme,
        );
        // Skeletons are gone once every section has its data.
        await expect
          .poll(() => gui.page.locator('.mantine-Skeleton-root').count(), { timeout: 5000 })
          .toBe(0);
        await gui.page.screenshot({ path: screenshotPath(`gui-${screen.path}-${theme}`), fullPage: true });
      }
    }, 90_000);
  }

  it('at 1024×700 nothing overflows sideways and the navbar stays', async () => {
    const context = await gui.browser.browser.newContext({ viewport: { width: 1024, height: 700 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(gui.gateway.uiLoginUrl());
    for (const screen of SCREENS) {
      await page.goto(`${gui.gateway.url}/ui/#/${screen.path}`);
      await page.getByRole('heading', { name: screen.heading, exact: true, level: 2 }).waitFor();
      await page.getByText(screen.ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${screen.path} is wider than the window`).toBeLessThanOrEqual(0);
      await page.getByRole('navigation', { name: 'Screens' }).waitFor();
      await page.screenshot({ path: screenshotPath(`gui-${screen.path}-1024`) });
    }
    await context.close();
  }, 90_000);

  it('keyboard: skip link, visible focus on the navbar, Enter opens a screen', async () => {
    const { page } = gui;
    await gui.open('overview', 'Overview');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect.poll(() => skip.evaluate((element) => element === document.activeElement)).toBe(true);
    expect((await skip.boundingBox())?.y).toBeGreaterThanOrEqual(0);
    const overview = page.getByRole('link', { name: 'Overview' });
    for (let presses = 0; presses < 10; presses += 1) {
      if (await overview.evaluate((element) => element === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    const outline = await overview.evaluate((element) => getComputedStyle(element).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Providers', level: 2 }).waitFor();
    expect(page.url()).toContain('#/providers');
  });
});
