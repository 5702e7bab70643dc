// Sandboxed preload: only `electron` (contextBridge, ipcRenderer) and the shared bridge type; built as
// one CommonJS file. Everything the page gets is listed here; main checks every call again.
import { contextBridge, ipcRenderer } from 'electron';
import type { GatehouseBridge } from '../shared/desktop-bridge';

// The same strings as DESKTOP_CHANNELS in src/main/desktop-ipc.ts, which preload may not import;
// test/main/preload.test.ts keeps the two lists equal.
const CHANNELS = {
  bridge: 'gatehouse:bridge',
  openExternal: 'gatehouse:open-external',
  copyText: 'gatehouse:copy-text',
  getLoginItem: 'gatehouse:get-login-item',
  setLoginItem: 'gatehouse:set-login-item',
} as const;

/** Desktop-only actions, as `window.gatehouse.desktop`. Each resolves once main has done it. */
export interface GatehouseDesktopActions {
  /** Opens an http(s) link in the user's browser; other schemes are refused. */
  openExternal(url: string): Promise<void>;
  copyText(text: string): Promise<void>;
  /** Whether Gatehouse starts at login; null where the platform has no such setting. */
  getLoginItem(): Promise<boolean | null>;
  setLoginItem(enabled: boolean): Promise<boolean | null>;
}

export interface GatehouseDesktopBridge extends GatehouseBridge {
  readonly desktop: GatehouseDesktopActions;
}

interface BridgeValues {
  adminUrl: string;
  adminToken: string;
  version: string;
}

function isBridgeValues(value: unknown): value is BridgeValues {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ['adminUrl', 'adminToken', 'version'].every((key) => typeof record[key] === 'string');
}

// Synchronous so window.gatehouse exists before the page's scripts run. Main answers null to a page
// that is not the app's own, which then gets no bridge at all.
const values: unknown = ipcRenderer.sendSync(CHANNELS.bridge);

if (isBridgeValues(values)) {
  const desktop: GatehouseDesktopActions = {
    openExternal: (url) => ipcRenderer.invoke(CHANNELS.openExternal, url),
    copyText: (text) => ipcRenderer.invoke(CHANNELS.copyText, text),
    getLoginItem: () => ipcRenderer.invoke(CHANNELS.getLoginItem),
    setLoginItem: (enabled) => ipcRenderer.invoke(CHANNELS.setLoginItem, enabled),
  };
  const bridge: GatehouseDesktopBridge = {
    adminUrl: values.adminUrl,
    adminToken: values.adminToken,
    version: values.version,
    platform: process.platform,
    desktop,
  };
  contextBridge.exposeInMainWorld('gatehouse', bridge);
}
