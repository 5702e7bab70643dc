// Electron glue: every decision lives in the modules imported below, which tests load without Electron.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, clipboard, dialog, ipcMain, session, shell, type WebContents } from 'electron';
import { defaultDataDir } from '../gateway/config/data-dir';
import { startGateway, type RunningGateway } from '../gateway/start-gateway';
import { startAutoUpdates } from './auto-update';
import { withContentSecurityPolicy } from './content-security-policy';
import { readDesktopSettings, writeDesktopSettings } from './desktop-settings';
import { registerDesktopIpc, type BridgeValues } from './desktop-ipc';
import { DesktopTray } from './desktop-tray';
import { findFreePort } from './free-port';
import { GatewayController } from './gateway-controller';
import { isAllowedNavigation, isSafeExternalUrl } from './navigation-guard';
import { PortChoiceDeclined, startWithPortFallback } from './port-conflict';
import { countRequestsToday } from './requests-today';
import { createLoginItem, wasLaunchedAtLogin } from './start-at-login';
import { trayModel, type TrayModel } from './tray-model';
import { createWindowOptions } from './window-options';

// Before anything reads a path: the name decides Electron's userData folder and the instance lock.
app.setName('Gatehouse');

const GATEWAY_HOST = '127.0.0.1';
const GATEWAY_CLOSE_TIMEOUT_MS = 5000;
const TRAY_REFRESH_MS = 5000;

const preloadPath = path.join(import.meta.dirname, '../preload/index.cjs');
const rendererIndexPath = path.join(import.meta.dirname, '../renderer/index.html');
// resources/ sits beside out/ in the project and inside app.asar when packaged.
const resourcesFolder = path.join(app.getAppPath(), 'resources');
// The dev server URL is only trusted in unpackaged builds, so an environment variable cannot point a
// shipped app at a foreign page.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const appUrl = devServerUrl ?? pathToFileURL(rendererIndexPath).href;

const dataDir = defaultDataDir();
// This launch's admin token, held in memory only and the same across pause and resume.
const launchAdminToken = randomBytes(32).toString('base64url');
let windowGatewayUrl: string | null = null;

const loginItem = createLoginItem({
  platform: process.platform,
  app,
  env: process.env,
  execPath: process.execPath,
});
let startAtLogin: boolean | null = null;
let requestsToday: number | null = null;
let mainWindow: BrowserWindow | undefined;
let tray: DesktopTray | undefined;
let started = false;
let openWindowWhenStarted = false;
let quitRequested = false;
let readyToQuit = false;

const controller = new GatewayController<RunningGateway>({
  port: loadPort(),
  start: startOnPort,
});

if (process.platform === 'win32') app.setAppUserModelId('dev.gatehouse.app');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (started) openMainWindow();
    else openWindowWhenStarted = true;
  });
  app.on('before-quit', holdQuitUntilGatewayClosed);
  // Closing the window leaves the gateway serving from the tray; without a tray there is no way
  // back in, so then the app quits as usual.
  app.on('window-all-closed', () => {
    if (!tray && process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (started) openMainWindow();
  });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => failAndQuit(error));
}

async function onReady(): Promise<void> {
  startAtLogin = readLoginItem();
  denyPermissionRequests();
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details, devServerUrl) });
  });
  registerDesktopIpc(ipcMain, {
    appUrl: () => appUrl,
    bridge: bridgeValues,
    openExternal: (url) => shell.openExternal(url),
    copyText: (text) => clipboard.writeText(text),
    getLoginItem: () => startAtLogin ?? undefined,
    setLoginItem: setStartAtLogin,
  });
  controller.onChange((state) => {
    // A resume on another port (the old one was taken meanwhile) changes the URL the page uses.
    if (state.status === 'running' && windowGatewayUrl !== null && state.url !== windowGatewayUrl) {
      mainWindow?.webContents.reload();
    }
    refreshTray();
  });

  try {
    await controller.start();
  } catch (error) {
    if (error instanceof PortChoiceDeclined) app.quit();
    else failAndQuit(error);
    return;
  }
  started = true;
  tray = createTray();
  setInterval(refreshTray, TRAY_REFRESH_MS).unref();

  const atLogin = wasLaunchedAtLogin(
    process.argv,
    process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
  );
  if (!atLogin || !tray || openWindowWhenStarted) openMainWindow();
  startAutoUpdates({
    packaged: app.isPackaged,
    env: process.env,
    resourcesPath: process.resourcesPath,
  }).catch((error: unknown) => console.error('Automatic updates could not start', error));
}

function loadPort(): number {
  const { settings, problems } = readDesktopSettings(dataDir);
  for (const problem of problems) console.warn(problem);
  return settings.port;
}

async function startOnPort(port: number): Promise<RunningGateway> {
  const { gateway } = await startWithPortFallback({
    port,
    start: (candidate) =>
      startGateway({
        dataDir,
        port: candidate,
        host: GATEWAY_HOST,
        adminToken: launchAdminToken,
        // file:// pages are the desktop's by default; the dev server's origin has to be named.
        desktopOrigins: devServerUrl ? [new URL(devServerUrl).origin] : [],
      }),
    findFreePort: (busyPort) => findFreePort(busyPort, GATEWAY_HOST),
    ask: async (options) => (await dialog.showMessageBox(options)).response,
    remember: (chosen) =>
      writeDesktopSettings(dataDir, { ...readDesktopSettings(dataDir).settings, port: chosen }),
  });
  for (const warning of gateway.warnings) console.warn(warning);
  return gateway;
}

function bridgeValues(): BridgeValues {
  const url = controller.state.url ?? `http://${GATEWAY_HOST}:${loadPort()}`;
  windowGatewayUrl = url;
  return { adminUrl: url, adminToken: launchAdminToken, version: app.getVersion() };
}

function openMainWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
    return;
  }
  const window = new BrowserWindow(
    createWindowOptions({
      preloadPath,
      iconPath: process.platform === 'linux' ? path.join(resourcesFolder, 'icon.png') : undefined,
    }),
  );
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererIndexPath);
}

/** Every web contents (the window, and anything it might spawn) stays on the app's page. */
function guardWebContents(contents: WebContents): void {
  const refuse = (event: Electron.Event, url: string) => {
    if (isAllowedNavigation(url, appUrl)) return;
    event.preventDefault();
    openExternally(url);
  };
  contents.on('will-navigate', (event) => refuse(event, event.url));
  contents.on('will-redirect', (event) => refuse(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
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

function createTray(): DesktopTray | undefined {
  try {
    return new DesktopTray(
      resourcesFolder,
      {
        open: openMainWindow,
        'copy-url': () => {
          if (controller.state.url) clipboard.writeText(controller.state.url);
        },
        pause: () => void controller.pause().catch((error: unknown) => console.error('Pause failed', error)),
        resume: () =>
          void controller.resume().catch((error: unknown) => console.error('Resume failed', error)),
        'toggle-start-at-login': () => setStartAtLogin(!startAtLogin),
        quit: () => app.quit(),
      },
      currentTrayModel(),
    );
  } catch (error) {
    // Some Linux desktops have no tray; the window is then the app.
    console.error('No tray icon', error);
    return undefined;
  }
}

function refreshTray(): void {
  tray?.show(currentTrayModel());
}

function currentTrayModel(): TrayModel {
  const running = controller.gateway;
  if (running) {
    try {
      requestsToday = countRequestsToday(running.services.logs);
    } catch (error) {
      console.error('Cannot count today’s requests', error);
    }
  }
  return trayModel({ state: controller.state, requestsToday, startAtLogin });
}

function readLoginItem(): boolean | null {
  try {
    return loginItem ? loginItem.get() : null;
  } catch (error) {
    console.error('Cannot read the login item', error);
    return null;
  }
}

function setStartAtLogin(enabled: boolean): void {
  try {
    loginItem?.set(enabled);
  } catch (error) {
    console.error('Cannot change the login item', error);
  }
  startAtLogin = readLoginItem();
  refreshTray();
}

function holdQuitUntilGatewayClosed(event: Electron.Event): void {
  if (readyToQuit) return;
  // Hold the quit until the gateway has flushed its logs and released the port, then quit again.
  event.preventDefault();
  if (quitRequested) return;
  quitRequested = true;
  void controller.closeWithin(GATEWAY_CLOSE_TIMEOUT_MS).then((outcome) => {
    if (outcome === 'timed-out') {
      console.error(`Gateway did not close within ${GATEWAY_CLOSE_TIMEOUT_MS} ms; quitting anyway.`);
    }
    readyToQuit = true;
    tray?.destroy();
    app.quit();
  });
}

function failAndQuit(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox('Gatehouse could not start', message);
  app.quit();
}
