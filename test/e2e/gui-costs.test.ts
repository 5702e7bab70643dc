import fs from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/shared/schemas/log-record';
import { hasChromium, launchBrowser, type TestBrowser } from '../helpers/browser';
import { startServe, type ServeProcess } from '../helpers/cli-process';
import { tempDir } from '../helpers/gateway-harness';
import { chatCompletion, MockOpenAi } from '../helpers/mock-openai';
import { seededRecord, seedLogRows } from '../gateway/admin-gui/seed-log-rows';

const KEY = 'gh_gui_costs_key_0123456789abcdef';
const RESULTS = path.resolve(__dirname, '../../test-results');
const dayMs = 24 * 60 * 60 * 1000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const utcDay = (time: number) => new Date(time).toISOString().slice(0, 10);
const addDays = (day: string, days: number) => utcDay(Date.parse(`${day}T00:00:00Z`) + days * dayMs);

/** Three weeks of traffic: three models over three providers, two keys, an unpriced local model. */
function history(now: number): LogRecord[] {
  const records: LogRecord[] = [];
  let sequence = 0;
  for (let daysAgo = 20; daysAgo >= 1; daysAgo -= 1) {
    // Some days have no traffic at all, so the chart must show gaps as zero.
    if (daysAgo % 6 === 0) continue;
    const start = Date.parse(`${utcDay(now - daysAgo * dayMs)}T08:00:00Z`);
    for (let index = 0; index < 12; index += 1) {
      const kind = index % 3;
      const model = ['gpt-4o-mini', 'claude-sonnet-4-5', 'llama3.2'][kind]!;
      records.push(
        seededRecord(
          {
            time: start + index * 60_000,
            model,
            provider: ['openai', 'anthropic', 'ollama'][kind]!,
            keyName: index % 4 === 0 ? 'batch-jobs' : 'ci',
            costUsd: kind === 2 ? null : Number(((kind + 1) * 0.0013 * (1 + (daysAgo % 5))).toFixed(6)),
            inputTokens: 200 + daysAgo * 10,
            outputTokens: 50 + index,
            latencyMs: 80 + index * 40 + daysAgo,
            ...(index === 11 && daysAgo % 4 === 0 ? { status: 500, outcome: 'error' as const } : {}),
          },
          sequence++,
        ),
      );
    }
  }
  return records;
}

describe.skipIf(!hasChromium)('Costs screen in Chromium against gatehouse serve', () => {
  let mock: MockOpenAi;
  let served: ServeProcess;
  let browser: TestBrowser;
  let page: Page;
  const today = utcDay(Date.now());

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
    seedLogRows(dataDir, history(Date.now()));
    served = await startServe(['--config', configFile, '--port', '0', '--data-dir', dataDir], {
      UPSTREAM_KEY: 'sk-upstream-gui',
      GUI_KEY: KEY,
    });
    // Today's traffic goes through the gateway, priced by the bundled price table.
    const client = new OpenAI({ apiKey: KEY, baseURL: `${served.url}/v1`, maxRetries: 0 });
    const usage = { prompt_tokens: 40_000, completion_tokens: 8_000, total_tokens: 48_000 };
    mock.chat = { kind: 'json', body: chatCompletion('ok', usage) };
    for (let index = 0; index < 3; index += 1) {
      await client.chat.completions.create({
        model: 'openai/gpt-4o-mini',
        messages: [{ role: 'user', content: `today ${index}` }],
      });
    }

    browser = await launchBrowser();
    const context = await browser.newContext();
    page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(served.loginUrl);
    await page.goto(`${served.url}/ui/#/costs`);
    await waitForCosts(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    served?.child.kill('SIGTERM');
    await served?.exited;
    await mock?.stop();
  });

  const stats = async (from: string, to: string, stackBy: string): Promise<Json> => {
    const query = new URLSearchParams({ groupBy: 'day', stackBy, withLatency: 'true', from, to });
    const response = await fetch(`${served.url}/admin/stats/costs?${query}`, {
      headers: { authorization: `Bearer ${served.adminToken}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Json;
  };
  const dailyTable = () =>
    page.$$eval('[data-testid="costs-daily-table"] tbody tr', (rows) =>
      rows.map((row) => {
        const data = (row as HTMLElement).dataset;
        const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
        return {
          day: data.day!,
          requests: Number(data.requests),
          costUsd: Number(data.cost),
          inputTokens: Number(data.inputTokens),
          outputTokens: Number(data.outputTokens),
          latencyP50Ms: number(data.p50),
          latencyP95Ms: number(data.p95),
        };
      }),
    );
  const stackedTable = () =>
    page.$$eval('[data-testid="costs-stacked-table"] tbody tr', (rows) =>
      rows.map((row) => {
        const data = (row as HTMLElement).dataset;
        return {
          group: data.day!,
          stack: data.stack!,
          requests: Number(data.requests),
          costUsd: Number(data.cost),
        };
      }),
    );
  /** What the API says for each day of the range, days without requests as zero (as the screen shows them). */
  const expectedDaily = (body: Json, from: string, to: string) => {
    const rows = new Map((body.rows as Json[]).map((row) => [row.group, row]));
    const days: Json[] = [];
    for (let day = to; day >= from; day = addDays(day, -1)) {
      const row = rows.get(day);
      days.push({
        day,
        requests: row?.requests ?? 0,
        costUsd: row?.costUsd ?? 0,
        inputTokens: row?.inputTokens ?? 0,
        outputTokens: row?.outputTokens ?? 0,
        latencyP50Ms: row?.latencyP50Ms,
        latencyP95Ms: row?.latencyP95Ms,
      });
    }
    return days;
  };
  const showTable = async (name: RegExp) => {
    await page.getByRole('tab', { name }).click();
  };

  it('the cost chart, its tables and totals draw the numbers GET /admin/stats/costs returns', async () => {
    const from = addDays(today, -29);
    const body = await stats(from, addDays(today, 1), 'model');
    expect(body.total.requests).toBeGreaterThan(100);

    expect(await dailyTable()).toEqual(expectedDaily(body, from, today));
    await showTable(/Per day and model/);
    expect(await stackedTable()).toEqual(
      body.stacked.map((row: Json) => ({
        group: row.group,
        stack: row.stack,
        requests: row.requests,
        costUsd: row.costUsd,
      })),
    );
    expect(await page.getByTestId('total-requests').textContent()).toBe(body.total.requests.toLocaleString());

    // The bars themselves: hover each day's bar and read the chart's own tooltip.
    await page.evaluate(() => window.scrollTo(0, 0));
    const bars = await page.$$eval('[data-testid="cost-chart"] .recharts-bar-rectangle path', (paths) => {
      const centres = new Map<number, { x: number; y: number }>();
      for (const element of paths) {
        const box = element.getBoundingClientRect();
        if (box.height > 0)
          centres.set(Math.round(box.x), { x: box.x + box.width / 2, y: box.y + box.height / 2 });
      }
      return [...centres.values()];
    });
    const pricedDays = new Set(
      body.stacked.filter((row: Json) => row.costUsd > 0).map((row: Json) => row.group),
    );
    expect(bars.length).toBe(pricedDays.size);
    for (const bar of bars) {
      await page.mouse.move(bar.x, bar.y);
      await page
        .locator('[data-testid="cost-chart"] .mantine-ChartTooltip-tooltipLabel')
        .waitFor({ timeout: 5000 });
      const read = await page.$eval('[data-testid="cost-chart"]', (chart) => ({
        day: chart.querySelector('.mantine-ChartTooltip-tooltipLabel')?.textContent,
        items: [...chart.querySelectorAll('.mantine-ChartTooltip-tooltipItem')].map((item) => ({
          name: item.querySelector('.mantine-ChartTooltip-tooltipItemName')?.textContent,
          value: item.querySelector('.mantine-ChartTooltip-tooltipItemData')?.textContent ?? '',
        })),
      }));
      const drawn = new Map(read.items.map((item) => [item.name, Number(item.value.replace(/[$,]/g, ''))]));
      const day = body.stacked.filter((row: Json) => row.group === read.day);
      expect(day.length).toBeGreaterThan(0);
      for (const row of day) {
        // The tooltip shows dollars to 4 decimals.
        expect(Math.abs(drawn.get(row.stack)! - row.costUsd)).toBeLessThan(0.00005 + 1e-12);
      }
    }
    await page.mouse.move(0, 0);
  });

  it('splits the bars by provider or by key', async () => {
    const from = addDays(today, -29);
    for (const [label, stackBy] of [
      ['Provider', 'provider'],
      ['Key', 'key'],
      ['Model', 'model'],
    ] as const) {
      await page.getByTestId('cost-stack-by').getByText(label, { exact: true }).click();
      await waitForCosts(page);
      await showTable(new RegExp(`Per day and ${stackBy}`));
      const body = await stats(from, addDays(today, 1), stackBy);
      await expect.poll(stackedTable).toEqual(
        body.stacked.map((row: Json) => ({
          group: row.group,
          stack: row.stack,
          requests: row.requests,
          costUsd: row.costUsd,
        })),
      );
      const legend = await page.$$eval('[data-testid="cost-chart"] [class*="legendItemName"]', (items) =>
        items.map((item) => item.textContent),
      );
      expect(new Set(legend)).toEqual(new Set(body.stacked.map((row: Json) => row.stack)));
    }
  });

  it('date range: presets, a custom range from the date inputs, and a range that cannot work', async () => {
    await page.getByTestId('cost-presets').getByText('7 days', { exact: true }).click();
    await waitForCosts(page);
    await showTable(/^Per day$/);
    const week = await dailyTable();
    expect(week.map((row) => row.day)).toEqual(
      Array.from({ length: 7 }, (_, index) => addDays(today, -index)),
    );

    const from = addDays(today, -15);
    const to = addDays(today, -3);
    await page.getByTestId('cost-from').fill(from);
    await page.getByTestId('cost-to').fill(to);
    await waitForCosts(page);
    const body = await stats(from, addDays(to, 1), 'model');
    await expect.poll(dailyTable).toEqual(expectedDaily(body, from, to));

    await page.getByTestId('cost-from').fill(addDays(to, 2));
    expect(await page.getByText('The start date is after the end date: swap them.').isVisible()).toBe(true);
    await page.getByTestId('cost-from').fill(from);
    await waitForCosts(page);
  });

  it('exports the shown table as CSV', async () => {
    const from = addDays(today, -15);
    const to = addDays(today, -3);
    const body = await stats(from, addDays(to, 1), 'model');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`gatehouse-costs-per-day-${from}-to-${to}.csv`);
    const lines = fs
      .readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'day,requests,errors,input_tokens,output_tokens,cached_tokens,cost_usd,unpriced_requests,latency_p50_ms,latency_p95_ms',
    );
    expect(lines).toHaveLength(1 + 13);
    for (const row of body.rows as Json[]) {
      expect(lines).toContain(
        [
          row.group,
          row.requests,
          row.errors,
          row.inputTokens,
          row.outputTokens,
          row.cachedTokens,
          row.costUsd,
          row.unpricedRequests,
          row.latencyP50Ms,
          row.latencyP95Ms,
        ].join(','),
      );
    }

    await showTable(/Per day and model/);
    const [stacked] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    const stackedLines = fs
      .readFileSync((await stacked.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(stackedLines).toHaveLength(1 + body.stacked.length);
    expect(stackedLines[1]).toBe(
      [
        body.stacked[0].group,
        body.stacked[0].stack,
        body.stacked[0].requests,
        body.stacked[0].errors,
        body.stacked[0].inputTokens,
        body.stacked[0].outputTokens,
        body.stacked[0].costUsd,
        body.stacked[0].unpricedRequests,
      ].join(','),
    );
  });

  it('says what to do when the range has no requests', async () => {
    await page.getByTestId('cost-from').fill('2020-01-01');
    await page.getByTestId('cost-to').fill('2020-01-31');
    await page.getByTestId('costs-empty').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('costs-empty').textContent()).toContain('Pick a longer range');
  });

  it('light and dark screenshots', async () => {
    await page.getByTestId('cost-presets').getByText('30 days', { exact: true }).click();
    await waitForCosts(page);
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'gui-costs-light.png') });
    await page.screenshot({ path: path.join(RESULTS, 'gui-costs-full-light.png'), fullPage: true });
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.waitForFunction(
      () => document.documentElement.getAttribute('data-mantine-color-scheme') === 'dark',
    );
    // Away from the theme button, so its tooltip is not in the picture.
    await page.mouse.move(640, 790);
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(RESULTS, 'gui-costs-dark.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: path.join(RESULTS, 'gui-costs-1024-dark.png') });
    // Usable at 1024×700: nothing runs off to the side.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
  });
});

async function waitForCosts(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="costs-screen"][data-state="ready"]', { timeout: 15_000 });
}
