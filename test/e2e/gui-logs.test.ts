import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, type TestBrowser } from '../helpers/browser';
import { startServe, type ServeProcess } from '../helpers/cli-process';
import { tempDir } from '../helpers/gateway-harness';
import { chatCompletion, MockOpenAi } from '../helpers/mock-openai';
import { seededRecord, seedLogRows } from '../gateway/admin-gui/seed-log-rows';

const KEY = 'gh_gui_logs_key_0123456789abcdef';
const RESULTS = path.resolve(__dirname, '../../test-results');
const SEEDED = 100_000;
const seededModels = ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-5', 'gpt-4.1-mini', 'llama3.2'];

describe.skipIf(!hasChromium)('Logs screen in Chromium against gatehouse serve', () => {
  let mock: MockOpenAi;
  let served: ServeProcess;
  let browser: TestBrowser;
  let page: Page;
  let client: OpenAI;
  /** Seeded ids, newest first: the order the list shows them in. */
  let seededIds: string[];

  beforeAll(async () => {
    mock = await new MockOpenAi().start();
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const configFile = path.join(dir, 'gatehouse.yaml');
    fs.writeFileSync(
      configFile,
      [
        'providers:',
        '  - id: openai',
        '    type: openai',
        `    baseUrl: ${mock.url}`,
        '    apiKey: env:UPSTREAM_KEY',
        'keys:',
        '  - name: ci',
        '    key: env:GUI_KEY',
      ].join('\n'),
    );
    // 100,000 older requests, one every 5 s up to a minute ago, written straight into the database.
    const newest = Date.now() - 60_000;
    const records = Array.from({ length: SEEDED }, (_, index) => {
      const time = newest - (SEEDED - 1 - index) * 5000;
      const model = seededModels[index % seededModels.length]!;
      const failed = index % 37 === 0;
      return seededRecord(
        {
          time,
          model,
          provider: model.startsWith('claude')
            ? 'anthropic'
            : model.startsWith('llama')
              ? 'ollama'
              : 'openai',
          ...(failed ? { status: 429, outcome: 'error' as const, error: 'Rate limit reached' } : {}),
        },
        index,
      );
    });
    seededIds = records.map((record) => record.id).reverse();
    seedLogRows(dataDir, records);

    served = await startServe(['--config', configFile, '--port', '0', '--data-dir', dataDir], {
      UPSTREAM_KEY: 'sk-upstream-gui',
      GUI_KEY: KEY,
    });
    client = new OpenAI({ apiKey: KEY, baseURL: `${served.url}/v1`, maxRetries: 0 });
    browser = await launchBrowser();
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.url });
    page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(served.loginUrl);
    await page.goto(`${served.url}/ui/#/logs`);
    await waitForList(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    served?.child.kill('SIGTERM');
    await served?.exited;
    await mock?.stop();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Json = Record<string, any>;
  const admin = async (pathAndQuery: string): Promise<Json> => {
    const response = await fetch(`${served.url}${pathAndQuery}`, {
      headers: { authorization: `Bearer ${served.adminToken}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Json;
  };
  const row = (id: string) => page.locator(`[data-testid="log-row"][data-id="${id}"]`);
  const ask = async (content: string): Promise<string> => {
    const { response } = await client.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content }] })
      .withResponse();
    return response.headers.get('x-gatehouse-request-id')!;
  };
  const visibleRows = () =>
    page.$$eval('[data-testid="log-row"]', (rows) =>
      rows.map((element) => ({
        id: element.getAttribute('data-id'),
        model: element.querySelector('[data-testid="log-model"]')?.textContent,
        status: Number(element.querySelector('[data-testid="log-status"]')?.textContent),
        top: element.getBoundingClientRect().top,
      })),
    );
  const applyFilter = async (name: string, value: string) => {
    const input = page.getByTestId(`filter-${name}`);
    await input.fill(value);
    await input.press('Enter');
    await page.keyboard.press('Escape');
    await waitForList(page);
  };
  const clearFilters = async () => {
    await page.getByTestId('clear-filters').click();
    await waitForList(page);
  };

  it('requests sent with the openai SDK appear in the live tail without a reload', async () => {
    await expect.poll(() => page.getByTestId('live-status').textContent(), { timeout: 10_000 }).toBe('Live');
    const urlBefore = page.url();
    // The page stamps each row the moment it is first drawn (page and test share the wall clock).
    await page.evaluate(() => {
      const seen = new Map<string, number>();
      (window as unknown as { seenRows: Map<string, number> }).seenRows = seen;
      const stamp = () => {
        for (const element of document.querySelectorAll('[data-testid="log-row"]')) {
          const id = element.getAttribute('data-id');
          if (id && !seen.has(id)) seen.set(id, Date.now());
        }
      };
      stamp();
      new MutationObserver(stamp).observe(document.querySelector('[data-testid="log-list"]')!, {
        childList: true,
        subtree: true,
      });
    });
    for (const question of ['What is the capital of France?', 'And of Italy?', 'And of Spain?']) {
      const id = await ask(question);
      const answeredAt = Date.now();
      await expect
        .poll(
          () =>
            page.evaluate(
              (wanted) => (window as unknown as { seenRows: Map<string, number> }).seenRows.get(wanted),
              id,
            ),
          {
            timeout: 5000,
          },
        )
        .toBeDefined();
      const shownAt = await page.evaluate(
        (wanted) => (window as unknown as { seenRows: Map<string, number> }).seenRows.get(wanted)!,
        id,
      );
      console.info(
        `live tail: on screen ${Math.max(0, shownAt - answeredAt)} ms after the SDK had its answer`,
      );
      expect((await visibleRows())[0]?.id).toBe(id);
    }
    expect(page.url()).toBe(urlBefore);
  });

  it('opens a request in the drawer: tokens, cost, timings, attempts, pretty JSON, and a curl that replays it', async () => {
    mock.chat = { kind: 'json', body: chatCompletion('Paris is the capital of France') };
    const id = await ask('Which city is the capital of France? Say it once.');
    await row(id).click();
    const drawer = page.getByTestId('log-detail');
    await drawer.waitFor({ timeout: 5000 });
    const record = await admin(`/admin/logs/${id}`);
    expect(await page.getByTestId('detail-model').textContent()).toBe(record.model);
    expect(await page.getByTestId('detail-input-tokens').textContent()).toBe(String(record.inputTokens));
    expect(await page.getByTestId('detail-output-tokens').textContent()).toBe(String(record.outputTokens));
    expect(await page.getByTestId('detail-status').textContent()).toContain('200');
    expect(await page.getByTestId('detail-latency').textContent()).toMatch(/\d+ ms|s$/);
    expect(await page.getByTestId('detail-cost').textContent()).toMatch(/^\$0\.0+[1-9]\d?$/);
    fs.mkdirSync(RESULTS, { recursive: true });
    await settle(page);
    await page.screenshot({ path: path.join(RESULTS, 'gui-logs-drawer-light.png') });
    expect(await page.getByTestId('log-attempts').textContent()).toContain('openai');
    // The bodies are trees, not raw strings.
    await expect
      .poll(() => drawer.getByLabel('Request body').textContent())
      .toContain('Which city is the capital of France? Say it once.');
    expect(await drawer.getByLabel('Response body').textContent()).toContain(
      'Paris is the capital of France',
    );

    const curl = (await page.getByTestId('curl-text').textContent())!;
    expect(curl).toContain('$GATEHOUSE_KEY');
    expect(curl).not.toContain(KEY);
    await drawer.getByRole('button', { name: 'Copy as curl' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(curl);

    // The copied command, run by a shell with the key in the environment, gets the same answer.
    const before = mock.requests.length;
    const output = await new Promise<string>((resolve, reject) =>
      execFile('bash', ['-c', curl], { env: { ...process.env, GATEHOUSE_KEY: KEY } }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    );
    expect(JSON.parse(output)).toMatchObject({
      choices: [{ message: { content: 'Paris is the capital of France' } }],
    });
    expect(mock.requests.length).toBe(before + 1);
    expect(mock.requests.at(-1)?.body).toMatchObject({
      messages: [{ role: 'user', content: 'Which city is the capital of France? Say it once.' }],
    });

    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('filters by model, status and free text on the gateway', async () => {
    await applyFilter('model', 'claude-sonnet-4-5');
    await expect
      .poll(async () => new Set((await visibleRows()).map((entry) => entry.model)))
      .toEqual(new Set(['claude-sonnet-4-5']));
    const claude = await visibleRows();
    expect(claude.length).toBeGreaterThan(5);
    expect(new Set(claude.map((entry) => entry.model))).toEqual(new Set(['claude-sonnet-4-5']));
    const expected = await admin('/admin/logs?model=claude-sonnet-4-5&limit=5');
    expect(claude.slice(0, 5).map((entry) => entry.id)).toEqual(expected.items.map((item: Json) => item.id));
    await clearFilters();

    mock.chat = { kind: 'json', status: 503, body: { error: { message: 'upstream overloaded' } } };
    await client.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
      .catch(() => undefined);
    mock.chat = { kind: 'json', body: chatCompletion('Hello from the mock') };
    await applyFilter('status', '5xx');
    await expect.poll(async () => (await visibleRows()).every((entry) => entry.status >= 500)).toBe(true);
    const failed = await visibleRows();
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((entry) => entry.status >= 500)).toBe(true);
    await applyFilter('status', '429');
    await expect.poll(async () => (await visibleRows()).every((entry) => entry.status === 429)).toBe(true);
    await clearFilters();

    const id = await ask('A question about zanzibar spices');
    await page.getByTestId('log-search').fill('ZANZIBAR');
    await expect
      .poll(async () => (await visibleRows()).map((entry) => entry.id), { timeout: 5000 })
      .toEqual([id]);
    // A live request that matches the search joins the filtered list; one that does not, does not.
    const second = await ask('Zanzibar again');
    await ask('Something else entirely');
    await expect
      .poll(async () => (await visibleRows()).map((entry) => entry.id), { timeout: 5000 })
      .toEqual([second, id]);
    await clearFilters();
  });

  it('pause holds new rows as "N new" without moving the list; resume puts them on top', async () => {
    await page.getByTestId('pause').click();
    await expect.poll(() => page.getByTestId('live-status').textContent()).toBe('Paused');
    const before = await visibleRows();
    const ids = [await ask('paused 1'), await ask('paused 2'), await ask('paused 3')];
    await expect
      .poll(() => page.getByTestId('resume').textContent(), { timeout: 5000 })
      .toBe('Resume · 3 new');
    const during = await visibleRows();
    expect(during.slice(0, 10)).toEqual(before.slice(0, 10));

    await page.getByTestId('resume').click();
    await expect
      .poll(async () => (await visibleRows()).slice(0, 3).map((entry) => entry.id))
      .toEqual([...ids].reverse());
    expect(await page.getByTestId('live-status').textContent()).toBe('Live');
  });

  it('works from the keyboard: arrows move, Enter opens, Escape closes and returns to the list', async () => {
    const list = page.getByTestId('log-list');
    await list.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const third = (await visibleRows())[2]!.id!;
    expect(await list.getAttribute('aria-activedescendant')).toBe(`log-row-${third}`);
    await page.keyboard.press('Enter');
    await page.getByTestId('log-detail').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('log-detail').textContent()).toContain(third);
    await page.keyboard.press('Escape');
    await page.getByTestId('log-detail').waitFor({ state: 'hidden' });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('log-list');
  });

  it('with 100,000 rows loaded, the list stays virtualised, deep rows are right, and a filter applies in under a second', async () => {
    const live = (await admin('/admin/logs?limit=500')).items.filter(
      (item: Json) => !seededIds.includes(item.id),
    );
    // Scroll to the end again and again: each time the next page loads (bounded in rounds and time).
    const loaded = await page.evaluate(async (target) => {
      const list = document.querySelector<HTMLElement>('[data-testid="log-list"]')!;
      const deadline = Date.now() + 180_000;
      for (let round = 0; round < 5000 && Date.now() < deadline; round += 1) {
        if (Number(list.dataset.rows) >= target) break;
        list.scrollTop = list.scrollHeight;
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      return Number(list.dataset.rows);
    }, SEEDED + live.length);
    expect(loaded).toBe(SEEDED + live.length);
    expect(await page.getByTestId('log-list-footer').textContent()).toBe('The start of the log');

    const ids = [...live.map((item: Json) => item.id as string), ...seededIds];
    for (const index of [live.length + 1234, 50_000, ids.length - 1]) {
      const rendered = await page.evaluate(async (position) => {
        const list = document.querySelector<HTMLElement>('[data-testid="log-list"]')!;
        list.scrollTop = position * 36;
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        const rows = [...list.querySelectorAll<HTMLElement>('[data-testid="log-row"]')];
        const top = list.getBoundingClientRect().top;
        const first = rows
          .filter((element) => element.getBoundingClientRect().top >= top - 1)
          .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0];
        // The browser stops at the end, so the first row in view follows from where it really is.
        return { inDom: rows.length, firstId: first?.getAttribute('data-id'), scrollTop: list.scrollTop };
      }, index);
      expect(rendered.inDom).toBeLessThan(80);
      expect(rendered.firstId).toBe(ids[Math.ceil(rendered.scrollTop / 36)]);
      expect(Math.ceil(rendered.scrollTop / 36)).toBeGreaterThanOrEqual(Math.min(index, ids.length - 30));
    }

    // Measured in the page: from pressing Enter in the model filter to the filtered rows on screen.
    const elapsed = await page.evaluate(async (model) => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="filter-model"]')!;
      input.focus();
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setValue.call(input, model);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const start = performance.now();
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      const deadline = start + 10_000;
      while (performance.now() < deadline) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const results = document.querySelector('[data-testid="log-results"]');
        const models = [...document.querySelectorAll('[data-testid="log-model"]')].map(
          (cell) => cell.textContent,
        );
        if (
          results?.getAttribute('data-state') === 'ready' &&
          models.length > 0 &&
          models.every((name) => name === model)
        )
          return performance.now() - start;
      }
      return null;
    }, 'gpt-4.1-mini');
    console.info(`filter on 100,000 loaded rows: ${elapsed?.toFixed(0)} ms`);
    expect(elapsed).not.toBeNull();
    expect(elapsed!).toBeLessThan(1000);
    await page.keyboard.press('Escape');
    await clearFilters();
  }, 240_000);

  it('light and dark screenshots of the list and the drawer', async () => {
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.evaluate(() => document.querySelector('[data-testid="log-list"]')!.scrollTo({ top: 0 }));
    await page.screenshot({ path: path.join(RESULTS, 'gui-logs-light.png') });
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.waitForFunction(
      () => document.documentElement.getAttribute('data-mantine-color-scheme') === 'dark',
    );
    // Away from the theme button, so its tooltip is not in the picture.
    await page.mouse.move(640, 790);
    await settle(page);
    await page.screenshot({ path: path.join(RESULTS, 'gui-logs-dark.png') });
    const first = (await visibleRows())[0]!.id!;
    await row(first).click();
    await page.getByTestId('log-detail').waitFor({ timeout: 5000 });
    await settle(page);
    await page.screenshot({ path: path.join(RESULTS, 'gui-logs-drawer-dark.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('log-detail').waitFor({ state: 'hidden' });
    await page.setViewportSize({ width: 1024, height: 700 });
    await settle(page);
    await page.screenshot({ path: path.join(RESULTS, 'gui-logs-1024-dark.png') });
    // Usable at 1024×700: nothing runs off to the side.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});

/** Lets the drawer's slide-in and tooltips finish, so a screenshot shows the settled screen. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
  await page.waitForTimeout(350);
}

async function waitForList(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="log-results"][data-state="ready"] [data-testid="log-row"]', {
    timeout: 15_000,
  });
}
