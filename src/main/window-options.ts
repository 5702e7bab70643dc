// Type-only electron import: this module stays loadable in plain Node for unit tests.
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  /** Absolute path of the built preload script. */
  preloadPath: string;
  /** The window icon where the OS takes it from the window (Linux); the packaged app's icon elsewhere. */
  iconPath?: string;
}

/**
 * The admin URL and token are not passed here: command-line switches (`additionalArguments`) are
 * readable by every local user through the process list, so preload asks main for them over IPC.
 */
export function createWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: 'Gatehouse',
    width: 1200,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    // Shown on `ready-to-show` to avoid a blank flash.
    show: false,
    ...(input.iconPath === undefined ? {} : { icon: input.iconPath }),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}
