// Type-only electron import: this module stays loadable in plain Node for unit tests.
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  /** Absolute path of the built preload script. */
  preloadPath: string;
  adminUrl: string;
  adminToken: string;
  appVersion: string;
}

/** Command-line switches the preload script reads back from `process.argv`. */
export function bridgeArguments(input: Omit<WindowOptionsInput, 'preloadPath'>): string[] {
  return [
    `--gatehouse-admin-url=${input.adminUrl}`,
    `--gatehouse-admin-token=${input.adminToken}`,
    `--gatehouse-version=${input.appVersion}`,
  ];
}

export function createWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: 'Gatehouse',
    width: 1200,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    // Shown on `ready-to-show` to avoid a blank flash.
    show: false,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      additionalArguments: bridgeArguments(input),
    },
  };
}
