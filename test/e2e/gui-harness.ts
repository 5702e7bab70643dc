import fs from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import type { BrowserContext, Page } from 'playwright-core';
import { startGateway, type RunningGateway } from '../../src/gateway/start-gateway';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { tempDir } from '../helpers/gateway-harness';
import { MockOpenAi } from '../helpers/mock-openai';
import { MemorySecretStore } from '../gateway/secrets/memory-secret-store';

export const RENDERER_ROOT = path.resolve(__dirname, '../../out/renderer');
export const RESULTS = path.resolve(__dirname, '../../test-results');

// Loose on purpose: tests assert on the shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface GuiHarness {
  gateway: RunningGateway;
  mock: MockOpenAi;
  keychain: MemorySecretStore;
  browser: TestBrowser;
  context: BrowserContext;
  page: Page;
  /** The admin API with the process token, as a script would call it. */
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: Json }>;
  /** An OpenAI SDK client for the gateway with the given gateway key. */
  client(key: string): OpenAI;
  /** Opens #/<screen> and waits for its heading. */
  open(screen: string, heading: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real headless gateway (in-process, serving the built renderer at /ui) in front of a mock OpenAI
 * upstream, with an in-memory keychain, and Chromium signed in through the one-time login link.
 */
export async function startGui(viewport = { width: 1280, height: 800 }): Promise<GuiHarness> {
  const mock = await new MockOpenAi().start();
  const keychain = new MemorySecretStore();
  const gateway = await startGateway({
    dataDir: tempDir('gatehouse-gui-'),
    port: 0,
    host: '127.0.0.1',
    uiRoot: await snapshotRenderer(),
    secretStores: [keychain],
  });
  const browser = await launchBrowser();
  const context = await browser.browser.newContext({
    viewport,
    permissions: ['clipboard-read', 'clipboard-write'],
    colorScheme: 'light',
  });
  const page = await context.newPage();
  // Shorter than a test's own timeout, so a failure names the step that waited.
  page.setDefaultTimeout(10_000);
  await page.goto(gateway.uiLoginUrl());
  const admin = async (pathAndQuery: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${gateway.url}${pathAndQuery}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${gateway.adminToken}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    let body: Json = {};
    try {
      body = text ? (JSON.parse(text) as Json) : {};
    } catch {
      body = { text };
    }
    return { status: response.status, body };
  };
  return {
    gateway,
    mock,
    keychain,
    browser,
    context,
    page,
    admin,
    client: (key) => new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 }),
    async open(screen, heading) {
      await page.goto(`${gateway.url}/ui/#/${screen}`);
      // Only the hash changed: reload, so the screen starts from fresh data like a user opening it.
      await page.reload();
      await page.getByRole('heading', { name: heading, exact: true, level: 2 }).waitFor();
    },
    async stop() {
      await context.close().catch(() => undefined);
      await browser.close();
      await gateway.close();
      await mock.stop();
    },
  };
}

/**
 * A private copy of the renderer build: other test runs rebuild out/renderer (emptying it first) whenever a
 * renderer source changed, which would pull the page from under a running browser. A copy taken mid-build
 * misses an asset the page names, so it is taken again (bounded).
 */
async function snapshotRenderer(): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const copy = tempDir('gatehouse-renderer-');
    if (fs.existsSync(path.join(RENDERER_ROOT, 'index.html')))
      fs.cpSync(RENDERER_ROOT, copy, { recursive: true });
    const index = fs.existsSync(path.join(copy, 'index.html'))
      ? fs.readFileSync(path.join(copy, 'index.html'), 'utf8')
      : '';
    const assets = [...index.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((match) => match[1]!);
    if (assets.length > 0 && assets.every((asset) => fs.existsSync(path.join(copy, asset)))) return copy;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `No complete renderer build in ${RENDERER_ROOT}: run npm run build (the test setup builds it when sources change)`,
  );
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(RESULTS, { recursive: true });
  return path.join(RESULTS, `${name}.png`);
}
