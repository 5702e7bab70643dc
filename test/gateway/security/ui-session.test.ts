import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../../../src/gateway/start-gateway';
import { startHarness, tempDir, type Harness } from '../../helpers/gateway-harness';

describe('web UI login link and session cookie', () => {
  let harness: Harness;
  let url: string;
  let cookieName: string;
  beforeAll(async () => {
    harness = await startHarness();
    url = harness.gateway.url;
    cookieName = `gatehouse_session_${harness.gateway.port}`;
  });
  afterAll(async () => harness.stop());

  /** Follows the one-time link like a browser would, returning the session cookie it set. */
  async function logIn(): Promise<string> {
    const response = await fetch(harness.gateway.uiLoginUrl(), { redirect: 'manual' });
    expect(response.status).toBe(303);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith(`${cookieName}=`));
    return cookie!.split(';')[0]!;
  }

  it('the link sets an HttpOnly, SameSite=Strict session cookie and redirects to /ui/, once', async () => {
    const link = harness.gateway.uiLoginUrl();
    expect(link).toMatch(new RegExp(`^${url}/ui/login\\?code=[A-Za-z0-9_-]{20,}$`));
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/ui/');
    const [cookie] = first.headers.getSetCookie();
    expect(cookie).toMatch(new RegExp(`^${cookieName}=[A-Za-z0-9_-]{40,};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');

    const second = await fetch(link, { redirect: 'manual' });
    expect(second.status).toBe(401);
    expect(second.headers.getSetCookie()).toEqual([]);
    expect(await second.text()).toContain('This login link is used up or not valid');
    const unknown = await fetch(`${url}/ui/login?code=made-up-code`, { redirect: 'manual' });
    expect(unknown.status).toBe(401);
    expect((await fetch(`${url}/ui/login`, { redirect: 'manual' })).status).toBe(401);
  });

  it('the session cookie opens the admin API to same-origin requests only', async () => {
    const cookie = await logIn();
    const own = `http://127.0.0.1:${harness.gateway.port}`;
    const get = (headers: Record<string, string>) => fetch(`${url}/admin/logs?limit=1`, { headers });
    expect((await get({ cookie })).status).toBe(200);
    expect((await get({ cookie, origin: own, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    // Another site, or another local page (another port on 127.0.0.1 is the same *site*): CSRF.
    expect((await get({ cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await get({ cookie, origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await get({ cookie, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await get({ cookie, origin: 'null' })).status).toBe(403);

    // A state-changing call must show where it comes from.
    const mint = (headers: Record<string, string>) =>
      fetch(`${url}/admin/ui/login-links`, { method: 'POST', headers });
    expect((await mint({ cookie })).status).toBe(403);
    expect((await mint({ cookie, origin: own })).status).toBe(201);
  });

  it('without cookie or token the admin API answers 401 and /ui answers a sign-in page', async () => {
    const admin = await fetch(`${url}/admin/logs`);
    expect(admin.status).toBe(401);
    expect(await admin.json()).toMatchObject({ error: { type: 'authentication_error' } });
    expect((await fetch(`${url}/admin/logs`, { headers: { cookie: `${cookieName}=forged` } })).status).toBe(
      401,
    );
    const page = await fetch(`${url}/ui/`);
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('gatehouse serve');
  });

  it('serves the built renderer at /ui/ to a signed-in browser, not frameable', async () => {
    const cookie = await logIn();
    const redirect = await fetch(`${url}/ui`, { headers: { cookie }, redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/ui/');
    const page = await fetch(`${url}/ui/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(await page.text()).toContain('<div id="root">');
  });

  it('a link minted through the admin API works, and logging out ends the session', async () => {
    const minted = await harness.admin('/admin/ui/login-links', { method: 'POST' });
    expect(minted.status).toBe(201);
    const { url: link } = (await minted.json()) as { url: string };
    expect(link).toContain(`${url}/ui/login?code=`);
    const response = await fetch(link, { redirect: 'manual' });
    const cookie = response.headers.getSetCookie()[0]!.split(';')[0]!;
    expect((await fetch(`${url}/admin/logs?limit=1`, { headers: { cookie } })).status).toBe(200);
    const forged = await fetch(`${url}/ui/logout`, {
      method: 'POST',
      headers: { cookie, origin: 'http://127.0.0.1:1' },
    });
    expect(forged.status).toBe(403);
    expect((await fetch(`${url}/admin/logs?limit=1`, { headers: { cookie } })).status).toBe(200);
    const logout = await fetch(`${url}/ui/logout`, { method: 'POST', headers: { cookie } });
    expect(logout.status).toBe(204);
    expect((await fetch(`${url}/admin/logs?limit=1`, { headers: { cookie } })).status).toBe(401);
  });
});

describe('web UI not built', () => {
  it('answers /ui with 503 and says how to build it', async () => {
    const gateway = await startGateway({ dataDir: tempDir(), port: 0, host: '127.0.0.1', uiRoot: null });
    try {
      for (const path of ['/ui', '/ui/', '/ui/assets/app.js']) {
        const response = await fetch(`${gateway.url}${path}`);
        expect(response.status, path).toBe(503);
        expect(await response.text()).toContain('UI not built: run npm run build');
      }
    } finally {
      await gateway.close();
    }
  });
});
