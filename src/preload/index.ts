// Sandboxed preload: only `electron` (contextBridge) and the shared bridge type; built as one CommonJS file.
import { contextBridge } from 'electron';
import type { GatehouseBridge } from '../shared/desktop-bridge';

/** Reads a `--name=value` switch that main passed through `webPreferences.additionalArguments`. */
function readSwitch(name: string): string {
  const prefix = `--${name}=`;
  const found = process.argv.find((argument) => argument.startsWith(prefix));
  return found === undefined ? '' : found.slice(prefix.length);
}

const bridge: GatehouseBridge = {
  adminUrl: readSwitch('gatehouse-admin-url'),
  adminToken: readSwitch('gatehouse-admin-token'),
  version: readSwitch('gatehouse-version'),
  platform: process.platform,
};

contextBridge.exposeInMainWorld('gatehouse', bridge);
