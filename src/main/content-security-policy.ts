// No electron import: index.ts hands each response's details to this module.

/**
 * The renderer's policy, the same text as the <meta> in src/renderer/index.html (a test keeps them
 * equal). Scripts only from the app itself; fetches only to itself and the local gateway.
 */
export const RENDERER_CSP =
  "default-src 'self'; connect-src 'self' http://127.0.0.1:* http://localhost:*; img-src 'self' data:; " +
  "style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'";

/** A header can say what a <meta> cannot: nobody may frame the app. */
export const RENDERER_CSP_HEADER = `${RENDERER_CSP}; frame-ancestors 'none'`;

export interface ResponseDetails {
  url: string;
  resourceType: string;
  responseHeaders?: Record<string, string[]>;
}

/**
 * Response headers with the app's CSP added to every document the session loads, except from the
 * dev server (whose HMR client needs the relaxed policy in its own <meta>). The policy is appended,
 * never swapped for an existing one: several policies are all enforced, so this only tightens.
 */
export function withContentSecurityPolicy(
  details: ResponseDetails,
  devServerUrl: string | undefined,
): Record<string, string[]> | undefined {
  const headers = details.responseHeaders;
  if (details.resourceType !== 'mainFrame' && details.resourceType !== 'subFrame') return headers;
  if (devServerUrl !== undefined && sameOrigin(details.url, devServerUrl)) return headers;
  const result: Record<string, string[]> = { ...headers };
  const existingKey = Object.keys(result).find((key) => key.toLowerCase() === 'content-security-policy');
  const key = existingKey ?? 'Content-Security-Policy';
  result[key] = [...(result[key] ?? []), RENDERER_CSP_HEADER];
  return result;
}

function sameOrigin(url: string, other: string): boolean {
  try {
    const origin = new URL(url).origin;
    return origin !== 'null' && origin === new URL(other).origin;
  } catch {
    return false;
  }
}
