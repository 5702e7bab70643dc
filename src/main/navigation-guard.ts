// Pure helpers (no electron import) so the rules can be unit-tested in plain Node.

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Whether the app window may navigate to `url`: only within the page it was opened on —
 * the same built `index.html` (file URL) or the same dev-server origin.
 */
export function isAllowedNavigation(url: string, appUrl: string): boolean {
  const target = parseUrl(url);
  const app = parseUrl(appUrl);
  if (!target || !app) return false;
  if (app.protocol === 'file:') {
    return target.protocol === 'file:' && target.host === app.host && target.pathname === app.pathname;
  }
  if (app.protocol === 'http:' || app.protocol === 'https:') return target.origin === app.origin;
  return false;
}

/** Whether `url` may be handed to the OS browser: plain http(s) links only. */
export function isSafeExternalUrl(url: string): boolean {
  const target = parseUrl(url);
  return target !== undefined && (target.protocol === 'http:' || target.protocol === 'https:');
}
