import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser';
import { screenshotPath, startGui, type GuiHarness } from './gui-harness';

const PROVIDER_KEY = 'sk-e2e-provider-secret-7f6e5d4c3b2a';

describe.skipIf(!hasChromium)('the GUI against a real headless gateway', () => {
  let gui: GuiHarness;
  let gatewayKey = '';
  beforeAll(async () => {
    gui = await startGui();
  }, 60_000);
  afterAll(async () => {
    await gui?.stop();
  });

  it('first screen: the gateway address, what to do next, and setup snippets for this gateway', async () => {
    const { page, gateway } = gui;
    await page.getByRole('heading', { name: 'Gatehouse' }).waitFor();
    await page.getByText('Gateway running at').waitFor();
    expect(page.url()).toBe(`${gateway.url}/ui/`);
    await page.getByRole('link', { name: 'Add a provider' }).waitFor();
    await page.getByRole('tab', { name: 'Environment variables' }).click();
    const env = await page.getByRole('tabpanel').textContent();
    expect(env).toContain(`export OPENAI_BASE_URL=${gateway.url}/v1`);
    expect(env).toContain(`export ANTHROPIC_BASE_URL=${gateway.url}`);
    await page.getByRole('tab', { name: 'curl' }).click();
    expect(await page.getByRole('tabpanel').textContent()).toContain(
      `curl ${gateway.url}/v1/chat/completions`,
    );
    await page.screenshot({ path: screenshotPath('gui-overview-first-run'), fullPage: true });
  });

  it('adds a provider from a preset with a write-only key, tests it and browses its models', async () => {
    const { page, mock } = gui;
    await gui.open('providers', 'Providers');
    await page.getByRole('button', { name: 'Add your first provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a provider' });
    await dialog.getByLabel('Provider', { exact: true }).click();
    await page.getByRole('option', { name: 'OpenAI', exact: true }).click();
    expect(await dialog.getByLabel('Name').inputValue()).toBe('openai');
    await dialog.getByLabel('Base URL').fill(mock.url);
    await dialog.getByLabel('API key').fill(PROVIDER_KEY);
    await page.screenshot({ path: screenshotPath('gui-providers-add-dialog') });
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await page.getByText('Added openai').waitFor();
    await dialog.waitFor({ state: 'detached' });

    const card = page.getByTestId('provider-openai');
    await card.getByText('Key …3b2a').waitFor();
    expect(await page.content()).not.toContain(PROVIDER_KEY);
    expect(gui.keychain.values.get('provider.openai')).toBe(PROVIDER_KEY);

    await card.getByRole('button', { name: 'Test connection' }).click();
    await card.getByText('Connected to openai: 2 models.').waitFor();
    expect(mock.requests.at(-1)?.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);

    await card.getByRole('button', { name: 'Browse models' }).click();
    const models = page.getByRole('dialog', { name: 'Models of openai' });
    await models.getByText('openai/gpt-4o-mini').waitFor();
    await models.getByLabel('Filter models').fill('embedding');
    await models.getByText('1 of 2 models').waitFor();
    await page.keyboard.press('Escape');
    await models.waitFor({ state: 'hidden' });
  });

  it('creates a gateway key shown once with a copy button; requests with it count on the Overview', async () => {
    const { page } = gui;
    await gui.open('keys', 'Keys');
    await page.getByRole('button', { name: 'Create your first key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a gateway key' });
    await dialog.getByLabel('Name').fill('e2e-script');
    await dialog.getByLabel('Requests per minute').fill('100');
    await dialog.getByRole('button', { name: 'Create key' }).click();

    const shown = page.getByRole('dialog', { name: 'Gateway key "e2e-script" created' });
    gatewayKey = (await shown.getByTestId('created-key').textContent()) ?? '';
    expect(gatewayKey).toMatch(/^gh_[\w-]{20,}$/);
    await page.screenshot({ path: screenshotPath('gui-keys-created-dialog') });
    await shown.getByRole('button', { name: 'Copy key' }).click();
    await shown.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(gatewayKey);
    await shown.getByRole('button', { name: 'I have stored it' }).click();
    // Shown once: the list has only the hint.
    await page.getByTestId('key-e2e-script').waitFor();
    expect(await page.content()).not.toContain(gatewayKey);

    const client = gui.client(gatewayKey);
    for (let index = 0; index < 3; index += 1) {
      const reply = await client.chat.completions.create({
        model: 'openai/gpt-4o-mini',
        messages: [{ role: 'user', content: `hello ${index}` }],
      });
      expect(reply.choices[0]?.message.content).toBe('Hello from the mock');
    }
    // Usage against the limit, live.
    await page.getByTestId('key-e2e-script').getByText('3 / 100').waitFor({ timeout: 10_000 });

    await gui.open('overview', 'Overview');
    const requests = page.getByTestId('stat-Requests');
    await expect.poll(() => requests.textContent(), { timeout: 10_000 }).toBe('3');
    // A live update must not move the cards: the same box before and after the next request.
    const before = await requests
      .locator('xpath=ancestor::div[contains(@class,"mantine-Card-root")]')
      .boundingBox();
    await client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'x' }],
    });
    await expect.poll(() => requests.textContent(), { timeout: 10_000 }).toBe('4');
    const after = await requests
      .locator('xpath=ancestor::div[contains(@class,"mantine-Card-root")]')
      .boundingBox();
    expect(after).toEqual(before);
    expect(await page.getByTestId('stat-Errors').textContent()).toBe('0');
  });

  it('creates a load-balancing route over two targets and shows each target healthy', async () => {
    const { page } = gui;
    await gui.open('routes', 'Routes');
    await page.getByRole('button', { name: 'Create a route' }).click();
    const dialog = page.getByRole('dialog', { name: 'New route' });
    await dialog.getByLabel('Name').fill('fast');
    await dialog.getByText('Load balance', { exact: true }).click();
    await dialog.getByLabel('Target 1 model').fill('openai/gpt-4o-mini');
    // Clicking elsewhere closes the model suggestions.
    await dialog.getByText('Targets', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Add target' }).click();
    await dialog.getByLabel('Target 2 model').fill('openai/gpt-4o');
    await dialog.getByText('Targets', { exact: true }).click();
    await dialog.getByLabel('Target 2 weight').fill('3');
    await page.screenshot({ path: screenshotPath('gui-routes-editor-dialog') });
    await dialog.getByRole('button', { name: 'Create route' }).click();
    const card = page.getByTestId('route-fast');
    await card.waitFor();
    await card.getByText('25%').waitFor();
    await card.getByText('75%').waitFor();
    expect(await card.getByText('Healthy').count()).toBe(2);

    const reply = await gui.client(gatewayKey).chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'via the route' }],
    });
    expect(reply.choices[0]?.message.content).toBe('Hello from the mock');
    const route = await gui.admin('/admin/routes/fast');
    expect(route.body.targets.map((target: { weight: number }) => target.weight)).toEqual([1, 3]);
  });

  it('revokes the key: the SDK is refused, the list says revoked', async () => {
    const { page } = gui;
    await gui.open('keys', 'Keys');
    await page.getByTestId('key-e2e-script').getByRole('button', { name: 'Revoke' }).click();
    await page
      .getByRole('dialog', { name: 'Revoke e2e-script?' })
      .getByRole('button', { name: 'Revoke key' })
      .click();
    await page.getByText('Revoked e2e-script').waitFor();
    await page.getByLabel('Show 1 revoked').check();
    await page.getByTestId('key-e2e-script').getByText('Revoked', { exact: true }).waitFor();
    const refused = await gui
      .client(gatewayKey)
      .chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
      .then(
        () => 200,
        (error: { status: number }) => error.status,
      );
    expect(refused).toBe(401);
  });

  it('a changed setting and the theme survive a reload, and come from the gateway, not the browser', async () => {
    const { page } = gui;
    await gui.open('settings', 'Settings');
    const retention = page.getByLabel('Keep log entries for (days)');
    await retention.fill('14');
    const logging = page.getByRole('region', { name: 'Request log' });
    await logging.getByRole('button', { name: 'Save' }).click();
    await logging.getByText('Saved. It applies to the next request.').waitFor();
    await page.getByRole('region', { name: 'Appearance' }).getByText('Dark', { exact: true }).click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.mantineColorScheme))
      .toBe('dark');

    await page.reload();
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    await expect.poll(() => page.getByLabel('Keep log entries for (days)').inputValue()).toBe('14');
    expect(await page.evaluate(() => document.documentElement.dataset.mantineColorScheme)).toBe('dark');

    // A fresh browser profile (nothing in localStorage) still gets the saved theme.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.mantineColorScheme), { timeout: 5000 })
      .toBe('dark');
    const saved = await gui.admin('/admin/settings');
    expect(saved.body.settings).toMatchObject({ theme: 'dark', logRetentionDays: 14 });
  });

  it('settings say why a field is locked, and show the gateway refusals in words', async () => {
    const { page } = gui;
    await gui.open('settings', 'Settings');
    // The test gateway was started with --port/--host equivalents: the fields say why they are locked.
    const network = page.getByRole('region', { name: 'Network' });
    await network.getByText('gatehouse serve --port', { exact: true }).waitFor();
    expect(await network.getByLabel('Port').isDisabled()).toBe(true);
    // Nothing there can be changed, so there is nothing to save.
    expect(await network.getByRole('button', { name: 'Save' }).count()).toBe(0);
    const prices = page.getByRole('region', { name: 'Prices' });
    await prices.getByLabel('Model').fill('gpt-4o-mini');
    await prices.getByLabel('Input $/1M').fill('1000');
    await prices.getByLabel('Output $/1M').fill('2000');
    await prices.getByRole('button', { name: 'Add price' }).click();
    await prices.getByRole('cell', { name: 'gpt-4o-mini', exact: true }).waitFor();
    await prices.getByLabel('Model').fill('gpt-4o-mini');
    await prices.getByLabel('Input $/1M').fill('1');
    await prices.getByLabel('Output $/1M').fill('1');
    await prices.getByRole('button', { name: 'Add price' }).click();
    await prices.getByRole('alert').getByText('Two prices for gpt-4o-mini (OpenAI); keep one').waitFor();
  });
});
