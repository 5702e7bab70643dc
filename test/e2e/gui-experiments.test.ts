import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser';
import { chatCompletion } from '../helpers/mock-openai';
import { screenshotPath, startGui, type GuiHarness, type Json } from './gui-harness';

/** Enough subjects that each arm of a 50/50 split passes the 30-per-arm minimum (short of it: ~1 in 30,000). */
const SUBJECTS = 100;

/** A provider in front of the mock, a gateway key, and a prompt with two versions and a production label. */
async function seed(gui: GuiHarness): Promise<string> {
  const ok = async (path: string, method: string, body?: unknown) => {
    const answer = await gui.admin(path, { method, body });
    if (answer.status >= 300)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  await ok('/admin/providers', 'POST', { id: 'openai', type: 'openai', baseUrl: gui.mock.url });
  await ok('/admin/providers/openai/secret', 'PUT', { value: 'sk-experiments-e2e-provider-key-99' });
  const version = (system: string, commitMessage: string) => ({
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: 'Customer {{customer}} asks about their order.' },
    ],
    variables: [{ name: 'customer', type: 'string' }],
    model: 'openai/gpt-4o-mini',
    commitMessage,
  });
  await ok('/admin/prompts', 'POST', {
    slug: 'support-reply',
    name: 'Support reply',
    version: version('You are a support agent.', 'First version'),
    labels: ['production'],
  });
  await ok(
    '/admin/prompts/support-reply/versions',
    'POST',
    version('You are a friendly support agent.', 'Friendlier'),
  );
  return (await ok('/admin/keys', 'POST', { name: 'experiment-traffic' })).key as string;
}

describe.skipIf(!hasChromium)('Experiments screen', () => {
  let gui: GuiHarness;
  let gatewayKey = '';
  let experimentId = '';
  const arms = new Map<string, string[]>();

  /** One call as a subject, the way an app using the openai SDK sends it; notes the arm it got. */
  async function call(user: string): Promise<void> {
    const { data, response } = await gui
      .client(gatewayKey)
      .chat.completions.create({
        model: 'prompt:support-reply@production',
        messages: [],
        user,
        metadata: { variables: { customer: user } } as unknown as Record<string, string>,
      })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Happy to help.');
    const arm = response.headers.get('x-gatehouse-experiment')?.split(':')[1];
    expect(arm).toMatch(/^[ab]$/);
    const requestId = response.headers.get('x-gatehouse-request-id')!;
    arms.set(arm!, [...(arms.get(arm!) ?? []), requestId]);
  }

  beforeAll(async () => {
    gui = await startGui();
    gatewayKey = await seed(gui);
    gui.mock.chat = { kind: 'json', body: chatCompletion('Happy to help.') };
  }, 60_000);
  afterAll(async () => {
    await gui?.stop();
  });

  it('says what to do when there are no experiments', async () => {
    await gui.open('experiments', 'Experiments');
    await gui.page.getByText('No experiments yet').waitFor();
    await gui.page.getByRole('link', { name: 'Go to Prompts' }).waitFor();
  });

  it('creates an experiment on a prompt label; the weights must sum to 100', async () => {
    const { page } = gui;
    await page.getByRole('button', { name: 'Create an experiment' }).click();
    const dialog = page.getByRole('dialog', { name: 'New experiment' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Friendlier replies');
    await dialog.getByRole('combobox', { name: 'Prompt', exact: true }).click();
    await page.getByRole('option', { name: 'Support reply (support-reply)' }).click();
    await dialog.getByRole('combobox', { name: 'Label', exact: true }).click();
    await page.getByRole('option', { name: 'production (v1)' }).click();
    await dialog.getByRole('combobox', { name: 'Arm a prompt version' }).click();
    await page.getByRole('option', { name: /^v1 \(label now\)/ }).click();
    await dialog.getByRole('combobox', { name: 'Arm b prompt version' }).click();
    await page.getByRole('option', { name: /^v2/ }).click();
    await dialog.getByText('Who gets which arm').waitFor();

    await dialog.getByLabel('Arm b weight').fill('30');
    await dialog.getByText('Weights sum to 80 — must be 100').waitFor();
    await dialog.getByRole('button', { name: 'Create as draft' }).click();
    await dialog.getByRole('alert').getByText('The weights must sum to 100; they sum to 80.').waitFor();
    expect((await gui.admin('/admin/experiments')).body.items).toHaveLength(0);

    await dialog.getByLabel('Arm b weight').fill('50');
    await dialog.getByText('Weights sum to 100', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Create as draft' }).click();
    await page.getByRole('heading', { name: 'Friendlier replies', level: 2 }).waitFor();
    const [created] = (await gui.admin('/admin/experiments')).body.items as Json[];
    experimentId = created!.id as string;
    expect(created).toMatchObject({
      status: 'draft',
      control: 'a',
      target: { kind: 'prompt', prompt: 'support-reply', label: 'production' },
      arms: [
        { name: 'a', promptVersion: 1, weight: 50 },
        { name: 'b', promptVersion: 2, weight: 50 },
      ],
    });
    expect(page.url()).toContain(`#/experiments/${experimentId}`);
  });

  it('starts, pauses and resumes', async () => {
    const { page } = gui;
    await page.getByText('A draft does not touch traffic.').waitFor();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByText('Requests for prompt:support-reply@production are split').waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('Paused: every request gets').waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    expect((await gui.admin(`/admin/experiments/${experimentId}`)).body.status).toBe('running');
  });

  it('shows per-arm results live, says when there is not enough data, then gives a verdict', async () => {
    const { page } = gui;
    for (let index = 0; index < 4; index += 1) await call(`user-${index}`);
    const table = page.getByRole('table', { name: 'Results per arm' });
    /** The Requests column (the second) of each arm's row, as shown. */
    const shown = async () =>
      [
        await table.getByRole('row', { name: /^a / }).locator('td').nth(1).textContent(),
        await table.getByRole('row', { name: /^b / }).locator('td').nth(1).textContent(),
      ].join(',');
    // Refreshes by itself: no reload between the calls and the numbers.
    await expect
      .poll(shown, { timeout: 15_000 })
      .toBe(`${arms.get('a')?.length ?? 0},${arms.get('b')?.length ?? 0}`);
    await page.getByText(/b vs a: not enough data yet \(needs 30 per arm/).waitFor();

    for (let index = 4; index < SUBJECTS; index += 1) await call(`user-${index}`);
    // The same subject always gets the same arm.
    const again = arms.get('a')!.length;
    await call('user-1');
    await call('user-1');
    const sticky = arms.get('a')!.length - again;
    expect([0, 2]).toContain(sticky);
    // Feedback: arm b is liked, arm a is not, with some spread in both.
    for (const [arm, ids] of arms) {
      for (const [index, requestId] of ids.entries()) {
        const score = index % 4 === 0 ? 0.5 : arm === 'b' ? 1 : 0.1;
        const response = await fetch(`${gui.gateway.url}/v1/feedback`, {
          method: 'POST',
          headers: { authorization: `Bearer ${gatewayKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ request_id: requestId, score }),
        });
        expect(response.status).toBeLessThan(300);
      }
    }

    const results = (await gui.admin(`/admin/experiments/${experimentId}/results`)).body;
    const requests = (arm: string) =>
      (results.arms as Json[]).find((each) => each.arm === arm)!.requests as number;
    expect(requests('a') + requests('b')).toBe(SUBJECTS + 2);
    await expect.poll(shown, { timeout: 15_000 }).toBe(`${requests('a')},${requests('b')}`);
    await page
      .getByText(/^b is rated higher than a, p < 0\.001 \(mean feedback score \+0\.\d+, 95% CI/)
      .waitFor();
    // A chart per metric, with a bar per arm (an error rate of 0 draws a bar of no height).
    for (const chart of ['Latency (mean)', 'Error rate', 'Feedback score (mean)', 'Positive feedback']) {
      const bars = page.getByRole('region', { name: chart }).locator('.recharts-bar-rectangle');
      await expect.poll(() => bars.count()).toBeGreaterThanOrEqual(2);
    }
  }, 90_000);

  for (const theme of ['light', 'dark'] as const) {
    it(`screenshots the experiment in the ${theme} theme`, async () => {
      const { page } = gui;
      await gui.admin('/admin/settings', { method: 'PATCH', body: { theme } });
      await gui.open('experiments', 'Experiments');
      await page.getByRole('link', { name: 'Friendlier replies' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.mantineColorScheme)).toBe(theme);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: screenshotPath(`gui-experiments-list-${theme}`), fullPage: true });
      await page.getByRole('button', { name: 'New experiment' }).click();
      const dialog = page.getByRole('dialog', { name: 'New experiment' });
      await dialog.getByRole('combobox', { name: 'Prompt', exact: true }).click();
      await page.getByRole('option', { name: 'Support reply (support-reply)' }).click();
      await dialog.getByRole('combobox', { name: 'Label', exact: true }).click();
      await page.getByRole('option', { name: 'production (v1)' }).click();
      await page.screenshot({ path: screenshotPath(`gui-experiments-create-${theme}`) });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await gui.open(`experiments/${experimentId}`, 'Friendlier replies');
      await page.getByText(/^b is rated higher than a/).waitFor();
      await page
        .getByRole('region', { name: 'Positive feedback' })
        .locator('.recharts-bar-rectangle')
        .first()
        .waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: screenshotPath(`gui-experiments-${theme}`), fullPage: true });
    }, 60_000);
  }

  it('fits 1024×700', async () => {
    const context = await gui.browser.browser.newContext({ viewport: { width: 1024, height: 700 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(gui.gateway.uiLoginUrl());
    await page.goto(`${gui.gateway.url}/ui/#/experiments/${experimentId}`);
    await page.getByText(/^b is rated higher than a/).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('gui-experiments-1024') });
    await context.close();
  });

  it('promotes the winner after a confirmation: the label moves and the experiment stops', async () => {
    const { page } = gui;
    await gui.open(`experiments/${experimentId}`, 'Friendlier replies');
    await page.getByRole('button', { name: 'Promote winner…' }).click();
    await page.getByRole('menuitem', { name: 'Promote b (v2)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Promote arm b?' });
    await dialog.getByText('The label production of prompt support-reply moves to version 2').waitFor();
    expect((await gui.admin('/admin/prompts/support-reply')).body.labels.production).toBe(1);
    await dialog.getByRole('button', { name: 'Promote b' }).click();
    await page.getByText('Winner promoted').waitFor();
    await page.getByText(/Promoted arm "b": moved label "production" from version 1 to 2/).waitFor();
    await page.getByText('Stopped after promoting arm b.').waitFor();
    expect((await gui.admin('/admin/prompts/support-reply')).body.labels.production).toBe(2);
    expect((await gui.admin(`/admin/experiments/${experimentId}`)).body).toMatchObject({
      status: 'stopped',
      promotedArm: 'b',
    });
  });
});
