// Pure: decides whether and where the packaged app looks for updates. auto-update.ts acts on it.

/** Where electron-builder writes the `publish` settings of a build, under process.resourcesPath. */
export const PUBLISH_CONFIG_FILE = 'app-update.yml';

export type UpdateFeed =
  | { enabled: false; reason: string }
  /** A generic feed (latest.yml and the installers) at the URL from GATEHOUSE_UPDATE_URL. */
  | { enabled: true; source: 'environment'; url: string }
  /** The `publish` provider baked into the build (app-update.yml). */
  | { enabled: true; source: 'publish' };

export interface UpdateFeedInput {
  packaged: boolean;
  env: NodeJS.ProcessEnv;
  publishConfigExists: boolean;
}

/** Updates stay off until someone configures a feed: no request leaves the machine by default. */
export function resolveUpdateFeed(input: UpdateFeedInput): UpdateFeed {
  if (!input.packaged) return { enabled: false, reason: 'a development build does not update itself' };
  const url = input.env.GATEHOUSE_UPDATE_URL?.trim();
  if (url) {
    return isAcceptableFeedUrl(url)
      ? { enabled: true, source: 'environment', url }
      : { enabled: false, reason: `GATEHOUSE_UPDATE_URL must be an https:// URL, got "${url}"` };
  }
  if (input.publishConfigExists) return { enabled: true, source: 'publish' };
  return { enabled: false, reason: 'no update feed configured (GATEHOUSE_UPDATE_URL or publish)' };
}

// Installers fetched over plain http could be swapped on the way; loopback is allowed for testing a feed.
function isAcceptableFeedUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}
