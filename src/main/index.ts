import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { defaultDataDir } from '../gateway/config/data-dir';
import { startGateway, type RunningGateway } from '../gateway/start-gateway';
import { isAllowedNavigation, isSafeExternalUrl } from './navigation-guard';
import { createWindowOptions } from './window-options';

const GATEWAY_PORT = 4141;
const GATEWAY_HOST = '127.0.0.1';
const GATEWAY_CLOSE_TIMEOUT_MS = 5000;

const preloadPath = path.join(import.meta.dirname, '../preload/index.cjs');
const rendererIndexPath = path.join(import.meta.dirname, '../renderer/index.html');

let gateway: RunningGateway | undefined;
let mainWindow: BrowserWindow | undefined;

app.setName('Gatehouse');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('before-quit', closeGatewayBeforeQuit);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (gateway && BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(gateway);
  });
  app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => failAndQuit(error));
}

async function onReady(): Promise<void> {
  try {
    gateway = await startGateway({ dataDir: defaultDataDir(), port: GATEWAY_PORT, host: GATEWAY_HOST });
  } catch (error) {
    failAndQuit(error);
    return;
  }
  denyPermissionRequests();
  mainWindow = createMainWindow(gateway);
}

function createMainWindow(running: RunningGateway): BrowserWindow {
  const window = new BrowserWindow(
    createWindowOptions({
      preloadPath,
      adminUrl: running.url,
      adminToken: running.adminToken,
      appVersion: app.getVersion(),
    }),
  );
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });

  // The dev server URL is only trusted in unpackaged builds, so an environment variable cannot
  // point a shipped app at a foreign page.
  const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const appUrl = devServerUrl ?? pathToFileURL(rendererIndexPath).href;
  guardNavigation(window, appUrl);

  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererIndexPath);
  return window;
}

function guardNavigation(window: BrowserWindow, appUrl: string): void {
  window.webContents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url, appUrl)) return;
    event.preventDefault();
    openExternally(event.url);
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

function openExternally(url: string): void {
  if (!isSafeExternalUrl(url)) return;
  shell.openExternal(url).catch((error: unknown) => console.error('Could not open link', url, error));
}

function denyPermissionRequests(): void {
  // The GUI needs no camera, location, notifications, … — only writing to the clipboard.
  session.defaultSession.setPermissionRequestHandler((_webContents, permission, callback) => {
    callback(permission === 'clipboard-sanitized-write');
  });
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function closeGatewayBeforeQuit(event: Electron.Event): void {
  if (!gateway) return;
  // Hold the quit until the gateway has flushed its logs and released the port, then quit again.
  event.preventDefault();
  const closing = gateway;
  gateway = undefined;
  void closeWithTimeout(closing).finally(() => app.quit());
}

async function closeWithTimeout(running: RunningGateway): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`Gateway did not close within ${GATEWAY_CLOSE_TIMEOUT_MS} ms; quitting anyway.`);
      resolve();
    }, GATEWAY_CLOSE_TIMEOUT_MS);
  });
  try {
    await Promise.race([running.close(), timeout]);
  } catch (error) {
    console.error('Gateway failed to close cleanly', error);
  } finally {
    clearTimeout(timer);
  }
}

function failAndQuit(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox('Gatehouse could not start', message);
  app.quit();
}
