import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUsd } from '../../src/renderer/src/lib/format';
import { hasChromium } from '../helpers/browser';
import { chatCompletion } from '../helpers/mock-openai';
import { screenshotPath, startGui, type GuiHarness } from './gui-harness';

/** An OpenAI provider in front of the mock, and a gateway key for the calls a script would make. */
async function seed(gui: GuiHarness): Promise<string> {
  const ok = async (path: string, method: string, body?: unknown) => {
    const answer = await gui.admin(path, { method, body });
    if (answer.status >= 300)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  await ok('/admin/providers', 'POST', { id: 'openai', type: 'openai', baseUrl: gui.mock.url });
  await ok('/admin/providers/openai/secret', 'PUT', { value: 'sk-prompts-e2e-provider-key-1234' });
  return (await ok('/admin/keys', 'POST', { name: 'prompt-script' })).key as string;
}

describe.skipIf(!hasChromium)('Prompts screen', () => {
  let gui: GuiHarness;
  let gatewayKey = '';
  beforeAll(async () => {
    gui = await startGui();
    gatewayKey = await seed(gui);
    gui.mock.chat = { kind: 'json', body: chatCompletion('Your order ships today.') };
  }, 60_000);
  afterAll(async () => {
    await gui?.stop();
  });

  it('says what to do when there are no prompts', async () => {
    await gui.open('prompts', 'Prompts');
    await gui.page.getByText('No prompts yet').waitFor();
    await gui.page.getByRole('button', { name: 'Create a prompt' }).waitFor();
  });

  it('creates a prompt, detects {{variables}} while typing, and saves two versions', async () => {
    const { page } = gui;
    await gui.open('prompts', 'Prompts');
    await page.getByRole('button', { name: 'Create a prompt' }).click();
    const dialog = page.getByRole('dialog', { name: 'New prompt' });
    await dialog.getByLabel('Name').fill('Support reply');
    expect(await dialog.getByLabel('Slug').inputValue()).toBe('support-reply');
    await dialog.getByRole('button', { name: 'Create and write version 1' }).click();
    await page.getByRole('heading', { name: 'Support reply', level: 2 }).waitFor();
    expect(page.url()).toContain('#/prompts/support-reply');

    const editor = page.getByRole('form', { name: 'New version 1' });
    await editor.getByLabel('Message 1 template').fill('You are the support agent of {{company}}.');
    const variables = editor.getByRole('table', { name: 'Variables' });
    await variables.getByText('company', { exact: true }).waitFor();
    await editor
      .getByLabel('Message 2 template')
      .fill('Customer {{customer}} asks about order {{order_id}}.');
    await variables.getByText('order_id', { exact: true }).waitFor();
    expect(await variables.locator('tbody tr').count()).toBe(3);
    await editor.getByLabel('company default').fill('Gatehouse');
    await editor.getByRole('combobox', { name: 'order_id type' }).click();
    await page.getByRole('option', { name: 'Number' }).click();
    await editor.getByLabel('Model or route').fill('openai/gpt-4o-mini');
    await editor.getByLabel('Temperature').fill('0.2');
    await editor.getByLabel('Commit message').fill('First version');
    await editor.getByRole('button', { name: 'Save as version 1' }).click();
    await page.getByText('Saved version 1').waitFor();

    await page.getByRole('tab', { name: 'New version' }).click();
    const second = page.getByRole('form', { name: 'New version 2' });
    expect(await second.getByLabel('Message 1 template').inputValue()).toBe(
      'You are the support agent of {{company}}.',
    );
    await second
      .getByLabel('Message 1 template')
      .fill('You are the friendly support agent of {{company}}.\nAnswer in two sentences.');
    // A draft survives a look at another tab.
    await page.getByRole('tab', { name: /^Versions/ }).click();
    await page.getByRole('tab', { name: 'New version' }).click();
    expect(await second.getByLabel('Message 1 template').inputValue()).toContain('Answer in two sentences.');
    await second.getByLabel('Temperature').fill('0.5');
    await second.getByLabel('Commit message').fill('Friendlier, shorter answers');
    await second.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByText('Saved version 2').waitFor();

    const timeline = page.getByLabel('Versions, newest first');
    await timeline.getByText('Friendlier, shorter answers').waitFor();
    await timeline.getByText('First version').waitFor();
    const versions = await gui.admin('/admin/prompts/support-reply/versions');
    expect(versions.body.items).toHaveLength(2);
    expect(versions.body.items.find((item: { version: number }) => item.version === 1)).toMatchObject({
      model: 'openai/gpt-4o-mini',
      params: { temperature: 0.2 },
      variables: [
        { name: 'company', type: 'string', required: true, default: 'Gatehouse' },
        { name: 'customer', type: 'string', required: true },
        { name: 'order_id', type: 'number', required: true },
      ],
    });
  });

  it('shows the two versions side by side with the changed line and setting', async () => {
    const { page } = gui;
    await page.getByRole('button', { name: 'Compare with v1' }).click();
    const message = page.getByRole('table', { name: 'Message 1: version 1 beside version 2' });
    await message.waitFor();
    const row = message.locator('tr').first();
    const cells = row.locator('td');
    expect(await cells.nth(1).textContent()).toContain('You are the support agent of {{company}}.');
    expect(await cells.nth(3).textContent()).toContain('You are the friendly support agent of {{company}}.');
    expect(await message.locator('tr').nth(1).textContent()).toContain('Answer in two sentences.');
    const settings = page.getByRole('table', { name: 'Changed settings' });
    expect(await settings.getByRole('row', { name: /params\.temperature/ }).textContent()).toMatch(
      /0\.2.*0\.5/,
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('gui-prompts-diff-light'), fullPage: true });
  });

  it('adds a label, moves it, shows where it pointed before, and rolls it back', async () => {
    const { page } = gui;
    await page.getByRole('tab', { name: 'Labels' }).click();
    await page.getByLabel('New label name').fill('production');
    await page.getByRole('combobox', { name: 'New label version' }).click();
    await page.getByRole('option', { name: /^v1/ }).click();
    await page.getByRole('button', { name: 'Add label' }).click();
    const production = page.getByRole('region', { name: 'Label production' });
    await production.getByText('v1', { exact: true }).waitFor();

    await production.getByRole('combobox', { name: 'Move production to version' }).click();
    await page.getByRole('option', { name: /^v2/ }).click();
    await production.getByRole('button', { name: 'Move', exact: true }).click();
    await page.getByText('Moved production to version 2').waitFor();
    await production.getByText('Before: v1').waitFor();
    expect((await gui.admin('/admin/prompts/support-reply')).body.labels).toMatchObject({ production: 2 });

    await production.getByRole('button', { name: 'Roll back to v1' }).click();
    const confirm = page.getByRole('dialog', { name: 'Roll back production?' });
    await confirm.getByText('where it pointed before').waitFor();
    await confirm.getByRole('button', { name: 'Roll back to version 1' }).click();
    await page.getByText('Rolled production back to version 1').waitFor();
    await production.getByText('Before: v2').waitFor();
    expect((await gui.admin('/admin/prompts/support-reply')).body.labels).toMatchObject({ production: 1 });
    await production.getByRole('button', { name: 'History (3)' }).click();
    await production.getByText(/v2 → v1 \(rollback\)/).waitFor();
  });

  it('previews a label with filled variables, and lists real calls with output, tokens, cost and latency', async () => {
    const { page } = gui;
    await page.getByRole('tab', { name: 'Playground' }).click();
    await page.getByRole('combobox', { name: 'Version' }).click();
    await page.getByRole('option', { name: 'production (v1)' }).click();
    await page.getByRole('textbox', { name: /^customer/ }).fill('Ada');
    await page.getByRole('button', { name: 'Preview messages' }).click();
    await page.getByRole('alert').getByText('order_id').waitFor();
    await page.getByRole('textbox', { name: /^order_id/ }).fill('17');
    await page.getByRole('button', { name: 'Preview messages' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByText('You are the support agent of Gatehouse.').waitFor();
    await preview.getByText('Customer Ada asks about order 17.').waitFor();
    const curl = await page.getByRole('tabpanel', { name: 'curl' }).textContent();
    expect(curl).toContain('"label":"production","variables":{"customer":"Ada","order_id":17}');
    expect(curl).not.toContain(gatewayKey);

    // What the snippet says to run, as a script would, with its own key.
    const reply = await gui.client(gatewayKey).chat.completions.create({
      model: 'prompt:support-reply@production',
      messages: [],
      metadata: { variables: { customer: 'Ada', order_id: 17 } } as unknown as Record<string, string>,
    });
    expect(reply.choices[0]?.message.content).toBe('Your order ships today.');
    const calls = page.getByRole('table', { name: 'Recent calls' });
    const row = calls.locator('tbody tr').first();
    await row.getByText('12 → 5').waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toMatch(/v1.*openai\/gpt-4o-mini.*200/);
    expect(await row.textContent()).toMatch(/\$\d/);
    await row.getByRole('button', { name: 'Output' }).click();
    await calls.getByText('Your order ships today.').waitFor();
  });

  it('runs the prompt from the playground by keyboard: output, tokens, cost, latency and its log row', async () => {
    const { page } = gui;
    gui.mock.chat = {
      kind: 'json',
      body: chatCompletion('Hello Ada, order 17 ships today.', {
        prompt_tokens: 21,
        completion_tokens: 9,
        total_tokens: 30,
      }),
    };
    const sentBefore = gui.mock.requests.length;
    const runButton = page.getByRole('button', { name: 'Run', exact: true });
    // By keyboard from the button before it, so the focus ring is the one a keyboard user sees.
    await page.getByRole('button', { name: 'Preview messages' }).focus();
    await page.keyboard.press('Tab');
    expect(await runButton.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await runButton.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    const output = page.getByRole('region', { name: 'Run output' });
    await output.getByText('Hello Ada, order 17 ships today.').waitFor();
    expect(gui.mock.requests.length).toBe(sentBefore + 1);
    const sent = gui.mock.requests.at(-1)!.body as { model: string; messages: Array<{ content: string }> };
    expect(sent.model).toBe('gpt-4o-mini');
    expect(sent.messages.map((message) => message.content)).toEqual([
      'You are the support agent of Gatehouse.',
      'Customer Ada asks about order 17.',
    ]);

    // The figures are the log row's, as the admin API returns it.
    const requestId = (await output.getByText(/^req_/).textContent())!.trim();
    const row = (await gui.admin(`/admin/logs/${requestId}`)).body;
    expect(row).toMatchObject({ prompt: 'support-reply', promptVersion: 1, keyName: null, status: 200 });
    expect(row.costUsd).toBeGreaterThan(0);
    const figures = await output.textContent();
    expect(figures).toContain('Tokens in → out21 → 9');
    expect(figures).toContain(`Cost${formatUsd(row.costUsd as number)}`);
    expect(figures).toMatch(/Latency\d+(\.\d)? ms/);
    expect(figures).toContain('openai/gpt-4o-mini');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('gui-prompts-playground-light'), fullPage: true });

    // Another model: free text or from the list of the providers' models.
    const model = page.getByRole('combobox', { name: 'Model' });
    await model.click();
    await page.getByRole('option', { name: 'openai/text-embedding-3-small' }).waitFor();
    await model.fill('openai/gpt-4o');
    await page.keyboard.press('Escape');
    await runButton.click();
    await output.getByText('openai/gpt-4o', { exact: true }).waitFor();
    expect((gui.mock.requests.at(-1)!.body as { model: string }).model).toBe('gpt-4o');

    // A missing variable and a provider's refusal say what to do.
    await page.getByRole('textbox', { name: /^customer/ }).fill('');
    await runButton.click();
    await page.getByRole('alert').getByText('customer').waitFor();
    await page.getByRole('textbox', { name: /^customer/ }).fill('Ada');
    gui.mock.chat = {
      kind: 'json',
      status: 400,
      body: { error: { message: 'Unsupported value: temperature', type: 'invalid_request_error' } },
    };
    await runButton.click();
    const refusal = page.getByRole('alert');
    await refusal.getByText(/Unsupported value: temperature/).waitFor();
    expect(await refusal.textContent()).toContain('pick another model');
    gui.mock.chat = { kind: 'json', body: chatCompletion('Your order ships today.') };

    // The log row link opens the request in Logs.
    await model.fill('');
    await runButton.click();
    await output.getByText('Your order ships today.').waitFor();
    const latestId = (await output.getByText(/^req_/).textContent())!.trim();
    await output.getByRole('link', { name: 'Open in Logs' }).click();
    await page.getByRole('heading', { name: 'Logs', level: 2 }).waitFor();
    const drawer = page.getByRole('dialog');
    await drawer.getByText(latestId).first().waitFor();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`screenshots the prompt list and a prompt in the ${theme} theme`, async () => {
      const { page } = gui;
      await gui.admin('/admin/settings', { method: 'PATCH', body: { theme } });
      await gui.open('prompts', 'Prompts');
      await page.getByRole('link', { name: 'Support reply' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.mantineColorScheme)).toBe(theme);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: screenshotPath(`gui-prompts-list-${theme}`), fullPage: true });
      await gui.open('prompts/support-reply', 'Support reply');
      await page.getByText('Friendlier, shorter answers').waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: screenshotPath(`gui-prompts-${theme}`), fullPage: true });
      await page.getByRole('tab', { name: 'Compare' }).click();
      await page.getByRole('table', { name: 'Changed settings' }).waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: screenshotPath(`gui-prompts-diff-${theme}`), fullPage: true });
      await page.getByRole('tab', { name: 'New version' }).click();
      await page.getByRole('table', { name: 'Variables' }).waitFor();
      await page.screenshot({ path: screenshotPath(`gui-prompts-editor-${theme}`), fullPage: true });
      await page.getByRole('tab', { name: 'Labels' }).click();
      await page.getByText('Before: v2').waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: screenshotPath(`gui-prompts-labels-${theme}`), fullPage: true });
      if (theme === 'dark') {
        // The light one is taken by the run test, after its first run.
        gui.mock.chat = { kind: 'json', body: chatCompletion('Your order ships today.') };
        await page.getByRole('tab', { name: 'Playground' }).click();
        await page.getByRole('textbox', { name: /^customer/ }).fill('Ada');
        await page.getByRole('textbox', { name: /^order_id/ }).fill('17');
        await page.getByRole('button', { name: 'Run', exact: true }).click();
        await page.getByRole('region', { name: 'Run output' }).getByText('Your order ships today.').waitFor();
        await page.getByRole('button', { name: 'Preview messages' }).click();
        await page.getByRole('region', { name: 'Preview' }).waitFor();
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: screenshotPath('gui-prompts-playground-dark'), fullPage: true });
      }
    }, 60_000);
  }

  it('works by keyboard and fits 1024×700', async () => {
    const context = await gui.browser.browser.newContext({ viewport: { width: 1024, height: 700 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(gui.gateway.uiLoginUrl());
    await page.goto(`${gui.gateway.url}/ui/#/prompts`);
    const link = page.getByRole('link', { name: 'Support reply' });
    await link.waitFor();
    await link.focus();
    expect(await link.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Support reply', level: 2 }).waitFor();
    for (const tab of ['Versions', 'New version', 'Compare', 'Labels', 'Playground']) {
      await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${tab} is wider than the window`).toBeLessThanOrEqual(0);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('gui-prompts-1024') });
    await context.close();
  }, 60_000);
});
