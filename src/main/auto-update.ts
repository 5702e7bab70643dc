import fs from 'node:fs';
import path from 'node:path';
import { PUBLISH_CONFIG_FILE, resolveUpdateFeed } from './update-feed';

const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface AutoUpdateOptions {
  packaged: boolean;
  env: NodeJS.ProcessEnv;
  /** process.resourcesPath, where a build with `publish` settings carries app-update.yml. */
  resourcesPath: string;
}

/**
 * Checks for updates at start and every few hours, downloads in the background and installs on
 * quit — only when a feed is configured. electron-updater is loaded only then, so an unconfigured
 * app never touches it.
 */
export async function startAutoUpdates(options: AutoUpdateOptions): Promise<void> {
  const feed = resolveUpdateFeed({
    packaged: options.packaged,
    env: options.env,
    publishConfigExists:
      options.packaged && fs.existsSync(path.join(options.resourcesPath, PUBLISH_CONFIG_FILE)),
  });
  if (!feed.enabled) {
    console.info(`Automatic updates are off: ${feed.reason}.`);
    return;
  }
  const { autoUpdater } = await import('electron-updater');
  autoUpdater.logger = console;
  if (feed.source === 'environment') autoUpdater.setFeedURL({ provider: 'generic', url: feed.url });
  // An unreachable feed is an ordinary event for a desktop app, never a crash.
  autoUpdater.on('error', (error) => console.error('Update check failed', error));
  const check = () => {
    autoUpdater
      .checkForUpdatesAndNotify()
      .catch((error: unknown) => console.error('Update check failed', error));
  };
  check();
  setInterval(check, CHECK_INTERVAL_MS).unref();
}
