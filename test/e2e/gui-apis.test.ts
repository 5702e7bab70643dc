import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../helpers/browser';
import { screenshotPath, startGui, type GuiHarness } from './gui-harness';

const TOKEN = 'ghp_e2e_upstream_token_5e4d3c2b1a';

const OPENAPI = `openapi: 3.0.3
info:
  title: Octo API
  version: "2.1"
paths:
  /repos/{owner}/{repo}:
    get:
      summary: Get a repository
      parameters:
        - { name: owner, in: path, required: true, schema: { type: string } }
        - { name: repo, in: path, required: true, schema: { type: string } }
  /repos/{owner}/{repo}/issues:
    post:
      summary: Create an issue
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object }
`;

/** A plain REST upstream: answers every call with what it received, and remembers the calls. */
async function startRestUpstream() {
  const calls: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }> = [];
  const server = http.createServer((request, response) => {
    calls.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'octo' });
      response.end(JSON.stringify({ name: 'hello', full_name: 'octo/hello', stars: 42 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    calls,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!hasChromium)('APIs screen', () => {
  let gui: GuiHarness;
  let upstream: Awaited<ReturnType<typeof startRestUpstream>>;
  beforeAll(async () => {
    upstream = await startRestUpstream();
    gui = await startGui();
  }, 60_000);
  afterAll(async () => {
    await gui?.stop();
    await upstream?.stop();
  });

  it('says what to do when there are no APIs', async () => {
    await gui.open('apis', 'APIs');
    await gui.page.getByText('No REST APIs yet').waitFor();
  });

  it('registers an API with a write-only credential and its settings', async () => {
    const { page } = gui;
    await page.getByRole('button', { name: 'Register an API' }).click();
    const dialog = page.getByRole('dialog', { name: 'New REST API' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Octo');
    expect(await dialog.getByRole('textbox', { name: 'Slug' }).inputValue()).toBe('octo');
    await dialog.getByRole('textbox', { name: 'Base URLs' }).fill(upstream.url);
    await dialog.getByRole('button', { name: 'Create API' }).click();
    await dialog.getByText('Paste the credential; it goes to the OS keychain').waitFor();
    await dialog.getByLabel('Credential', { exact: true }).fill(TOKEN);
    await dialog.getByRole('button', { name: 'Add header' }).click();
    await dialog.getByLabel('Header 1 name').fill('Accept');
    await dialog.getByLabel('Header 1 value').fill('application/json');
    await dialog.getByLabel('Timeout (ms)').fill('5000');
    await dialog.getByLabel('Tries').fill('3');
    await dialog.getByLabel('Rate limit / min').fill('100');
    await dialog.getByLabel('Cache GET responses').check();
    await dialog.getByLabel('Cache TTL override (s)').fill('60');
    await dialog.getByText('GET', { exact: true }).click();
    await dialog.getByText('POST', { exact: true }).click();
    expect(await dialog.getByRole('checkbox', { name: 'POST', exact: true }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Create API' }).click();
    await page.getByRole('heading', { name: 'Octo', level: 2 }).waitFor();
    expect(page.url()).toContain('#/apis/octo');

    expect(gui.keychain.values.get('api.octo')).toBe(TOKEN);
    await page.getByText('credential …2b1a').waitFor();
    expect(await page.content()).not.toContain(TOKEN);
    const saved = await gui.admin('/admin/apis/octo');
    expect(saved.body).toMatchObject({
      slug: 'octo',
      label: 'Octo',
      baseUrls: [upstream.url],
      auth: {
        type: 'header',
        name: 'Authorization',
        template: 'Bearer {{secret}}',
        secret: 'keychain:api.octo',
      },
      defaultHeaders: { Accept: 'application/json' },
      timeoutMs: 5000,
      retry: { attempts: 3 },
      rateLimit: { requestsPerMinute: 100 },
      cache: { enabled: true, ttlSeconds: 60 },
      allowedMethods: ['GET', 'POST'],
      secret: { stored: true },
    });
    expect(JSON.stringify(saved.body)).not.toContain(TOKEN);
  });

  it('imports an OpenAPI document and lists its operations', async () => {
    const { page } = gui;
    await page.getByRole('button', { name: 'Import OpenAPI' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import OpenAPI for octo' });
    await dialog.getByLabel('OpenAPI 3 document').fill('swagger: "2.0"\npaths: {}');
    await dialog.getByRole('button', { name: 'Import' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/Only OpenAPI 3 documents are supported/)
      .waitFor();
    await dialog.getByLabel('OpenAPI 3 document').fill(OPENAPI);
    await dialog.getByRole('button', { name: 'Import' }).click();
    await page.getByText('Imported 2 operations').waitFor();
    const operations = page.getByRole('table', { name: 'Operations' });
    await operations.getByText('/repos/{owner}/{repo}', { exact: true }).waitFor();
    await operations.getByText('Create an issue').waitFor();
    await page.getByText('Octo API 2.1 · 2 operations').waitFor();
  });

  it('tries an operation through the gateway: status, headers and body, then a cache hit', async () => {
    const { page } = gui;
    await page.getByRole('button', { name: 'Try GET /repos/{owner}/{repo}' }).click();
    const path = page.getByRole('textbox', { name: 'Path and query' });
    expect(await path.inputValue()).toBe('/repos/{owner}/{repo}');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Fill in {owner} in the path.').waitFor();
    await path.fill('/repos/octo/hello?per_page=5');
    await page.getByRole('button', { name: 'Send' }).click();
    const response = page.getByRole('region', { name: 'Response' });
    await response.getByLabel('Status 200').waitFor();
    await response.getByRole('table', { name: 'Response headers' }).getByText('x-upstream').waitFor();
    expect(await response.getByLabel('Response body').textContent()).toContain('"full_name": "octo/hello"');
    expect(upstream.calls).toHaveLength(1);
    expect(upstream.calls[0]).toMatchObject({ method: 'GET', url: '/repos/octo/hello?per_page=5' });
    expect(upstream.calls[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(upstream.calls[0]!.headers.accept).toBe('application/json');

    await page.getByRole('button', { name: 'Send' }).click();
    await response.getByText('from cache').waitFor();
    expect(upstream.calls).toHaveLength(1);

    await page.getByRole('combobox', { name: 'Method' }).click();
    await page.getByRole('option', { name: 'DELETE' }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await response.getByLabel('Status 405').waitFor();
    expect(upstream.calls).toHaveLength(1);
  });

  it('edits the API and keeps the stored credential', async () => {
    const { page } = gui;
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit API octo' });
    expect(await dialog.getByRole('textbox', { name: 'Slug' }).isDisabled()).toBe(true);
    await dialog.getByText(/A credential is stored \(ending …2b1a\)\. Leave empty to keep it\./).waitFor();
    expect(await dialog.getByLabel('Replace the stored credential').inputValue()).toBe('');
    await dialog.getByLabel('Rate limit / min').fill('250');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved octo').waitFor();
    expect((await gui.admin('/admin/apis/octo')).body).toMatchObject({
      rateLimit: { requestsPerMinute: 250 },
      auth: { secret: 'keychain:api.octo' },
      secret: { stored: true },
    });
    expect(gui.keychain.values.get('api.octo')).toBe(TOKEN);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`screenshots the APIs screen in the ${theme} theme`, async () => {
      const { page } = gui;
      await gui.admin('/admin/settings', { method: 'PATCH', body: { theme } });
      await gui.open('apis', 'APIs');
      await page.getByRole('link', { name: 'Octo' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.mantineColorScheme)).toBe(theme);
      await page.screenshot({ path: screenshotPath(`gui-apis-list-${theme}`), fullPage: true });
      await page.getByRole('link', { name: 'Octo' }).click();
      await page.getByRole('button', { name: 'Try GET /repos/{owner}/{repo}' }).click();
      await page.getByRole('textbox', { name: 'Path and query' }).fill('/repos/octo/hello');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('region', { name: 'Response' }).getByLabel('Status 200').waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: screenshotPath(`gui-apis-${theme}`), fullPage: true });
      await page.getByRole('button', { name: 'Edit' }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit API octo' });
      await dialog.getByText('Behaviour').waitFor();
      await page.screenshot({ path: screenshotPath(`gui-apis-editor-${theme}`) });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    }, 60_000);
  }

  it('works by keyboard and fits 1024×700', async () => {
    const context = await gui.browser.browser.newContext({ viewport: { width: 1024, height: 700 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(gui.gateway.uiLoginUrl());
    await page.goto(`${gui.gateway.url}/ui/#/apis`);
    const link = page.getByRole('link', { name: 'Octo' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Octo', level: 2 }).waitFor();
    await page.getByRole('table', { name: 'Operations' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('gui-apis-1024') });
    await context.close();
  });
});
