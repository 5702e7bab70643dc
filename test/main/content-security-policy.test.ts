import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  RENDERER_CSP,
  RENDERER_CSP_HEADER,
  withContentSecurityPolicy,
} from '../../src/main/content-security-policy';

const indexHtml = fs.readFileSync(new URL('../../src/renderer/index.html', import.meta.url), 'utf8');

describe('the renderer’s Content-Security-Policy', () => {
  it('is the same policy as the <meta> in index.html', () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(indexHtml);
    expect(meta?.[1]).toBe(RENDERER_CSP);
  });

  it('allows scripts only from the app and fetches only to the app and the local gateway', () => {
    const directives = new Map(
      RENDERER_CSP.split(';').map((directive) => {
        const [name, ...values] = directive.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:*', 'http://localhost:*']);
    for (const [name, values] of directives) {
      expect(values, name).not.toContain('*');
      expect(values, name).not.toContain("'unsafe-eval'");
    }
    expect(RENDERER_CSP_HEADER).toMatch(/frame-ancestors 'none'$/);
  });
});

describe('withContentSecurityPolicy', () => {
  const devServer = 'http://localhost:5173/';

  it('adds the policy to documents', () => {
    const headers = withContentSecurityPolicy(
      {
        url: 'file:///opt/Gatehouse/out/renderer/index.html',
        resourceType: 'mainFrame',
        responseHeaders: {},
      },
      undefined,
    );
    expect(headers).toEqual({ 'Content-Security-Policy': [RENDERER_CSP_HEADER] });
  });

  it('adds to a page’s own policy instead of replacing it, so it can only get stricter', () => {
    const headers = withContentSecurityPolicy(
      {
        url: 'https://example.com/',
        resourceType: 'subFrame',
        responseHeaders: { 'content-security-policy': ["default-src 'none'"], 'content-type': ['text/html'] },
      },
      devServer,
    );
    expect(headers).toEqual({
      'content-security-policy': ["default-src 'none'", RENDERER_CSP_HEADER],
      'content-type': ['text/html'],
    });
  });

  it('leaves the dev server’s pages and non-documents alone', () => {
    const original = { 'content-type': ['text/html'] };
    expect(
      withContentSecurityPolicy(
        { url: 'http://localhost:5173/', resourceType: 'mainFrame', responseHeaders: original },
        devServer,
      ),
    ).toBe(original);
    expect(
      withContentSecurityPolicy(
        { url: 'http://127.0.0.1:4141/admin/logs', resourceType: 'xhr', responseHeaders: original },
        devServer,
      ),
    ).toBe(original);
  });
});
