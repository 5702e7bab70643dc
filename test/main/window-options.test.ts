import { describe, expect, it } from 'vitest';
import { isAllowedNavigation, isSafeExternalUrl } from '../../src/main/navigation-guard';
import { createWindowOptions } from '../../src/main/window-options';

const input = {
  preloadPath: '/opt/Gatehouse/resources/app/out/preload/index.cjs',
};

describe('createWindowOptions', () => {
  it('isolates the renderer from Node and Electron', () => {
    const { webPreferences } = createWindowOptions(input);
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: input.preloadPath,
    });
  });

  it('opens at 1200×800 and cannot shrink below 1024×700', () => {
    expect(createWindowOptions(input)).toMatchObject({
      width: 1200,
      height: 800,
      minWidth: 1024,
      minHeight: 700,
    });
  });

  it('puts nothing on the renderer command line, where other local users could read the token', () => {
    const options = createWindowOptions(input);
    expect(options.webPreferences?.additionalArguments).toBeUndefined();
    expect(JSON.stringify(options)).not.toMatch(/token/i);
  });

  it('sets a window icon only when given one', () => {
    expect(createWindowOptions(input)).not.toHaveProperty('icon');
    expect(createWindowOptions({ ...input, iconPath: '/opt/Gatehouse/icon.png' }).icon).toBe(
      '/opt/Gatehouse/icon.png',
    );
  });
});

describe('isAllowedNavigation', () => {
  const builtApp = 'file:///opt/Gatehouse/out/renderer/index.html';
  const devServer = 'http://localhost:5173/';

  it('allows staying on the built page, including hash routes', () => {
    expect(isAllowedNavigation('file:///opt/Gatehouse/out/renderer/index.html#/logs', builtApp)).toBe(true);
  });

  it('allows navigation within the dev server', () => {
    expect(isAllowedNavigation('http://localhost:5173/logs?live=1', devServer)).toBe(true);
  });

  it.each([
    ['a foreign site', 'https://evil.example/phish', builtApp],
    ['another local file', 'file:///etc/passwd', builtApp],
    ['another file beside the app', 'file:///opt/Gatehouse/out/renderer/other.html', builtApp],
    ['a javascript: URL', 'javascript:alert(1)', builtApp],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>', builtApp],
    ['another port on localhost', 'http://localhost:4141/', devServer],
    ['a look-alike host', 'http://localhost.evil.example:5173/', devServer],
    ['a file URL in dev', 'file:///etc/passwd', devServer],
    ['garbage', 'not a url', builtApp],
  ])('refuses %s', (_label, url, appUrl) => {
    expect(isAllowedNavigation(url, appUrl)).toBe(false);
  });
});

describe('isSafeExternalUrl', () => {
  it.each(['https://docs.example.com/guide', 'http://127.0.0.1:4141/ui/'])(
    'opens %s in the browser',
    (url) => {
      expect(isSafeExternalUrl(url)).toBe(true);
    },
  );

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'smb://server/share',
    'data:text/html,hi',
    'vbscript:msgbox',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});
