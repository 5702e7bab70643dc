// The only IPC the renderer can reach. No electron import: index.ts passes ipcMain and the actions
// in, so each handler's argument and sender checks run under unit tests.
import { isAllowedNavigation, isSafeExternalUrl } from './navigation-guard';

/** Channel names; src/preload/index.ts spells the same strings (it may not import src/main). */
export const DESKTOP_CHANNELS = {
  bridge: 'gatehouse:bridge',
  openExternal: 'gatehouse:open-external',
  copyText: 'gatehouse:copy-text',
  getLoginItem: 'gatehouse:get-login-item',
  setLoginItem: 'gatehouse:set-login-item',
} as const;

const MAX_URL_LENGTH = 2048;
const MAX_COPY_LENGTH = 100_000;

/** What preload receives synchronously: the values of window.gatehouse except `platform`. */
export interface BridgeValues {
  adminUrl: string;
  adminToken: string;
  version: string;
}

/** The part of an IPC event the checks need (Electron's IpcMainEvent / IpcMainInvokeEvent fit). */
export interface SenderEvent {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export interface SyncSenderEvent extends SenderEvent {
  returnValue: unknown;
}

/** The slice of Electron's ipcMain used here. */
export interface IpcRegistrar {
  on(channel: string, listener: (event: SyncSenderEvent) => void): unknown;
  handle(channel: string, listener: (event: SenderEvent, ...args: unknown[]) => unknown): unknown;
}

export interface DesktopActions {
  /** The page the window is meant to show (file URL of index.html, or the dev server). */
  appUrl(): string;
  bridge(): BridgeValues;
  openExternal(url: string): Promise<void>;
  copyText(text: string): void;
  /** Undefined where the platform offers no login item. */
  getLoginItem(): boolean | undefined;
  setLoginItem(enabled: boolean): void;
}

/**
 * Only the app's own top-level page may use the bridge: an iframe, or a page the window was
 * somehow steered to, gets nothing — least of all the admin token.
 */
export function isTrustedSender(event: SenderEvent, appUrl: string): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAllowedNavigation(frame.url, appUrl);
}

export class RefusedIpcError extends Error {
  constructor(channel: string, reason: string) {
    super(`${channel} refused: ${reason}`);
    this.name = 'RefusedIpcError';
  }
}

export function registerDesktopIpc(ipc: IpcRegistrar, actions: DesktopActions): void {
  ipc.on(DESKTOP_CHANNELS.bridge, (event) => {
    // A synchronous reply must always be set, or the renderer hangs; null means "no bridge".
    event.returnValue = isTrustedSender(event, actions.appUrl()) ? actions.bridge() : null;
  });

  const handle = (channel: string, listener: (...args: unknown[]) => unknown) => {
    ipc.handle(channel, (event, ...args) => {
      if (!isTrustedSender(event, actions.appUrl())) throw new RefusedIpcError(channel, 'unknown sender');
      return listener(...args);
    });
  };

  handle(DESKTOP_CHANNELS.openExternal, async (url) => {
    if (typeof url !== 'string' || url.length > MAX_URL_LENGTH || !isSafeExternalUrl(url)) {
      throw new RefusedIpcError(DESKTOP_CHANNELS.openExternal, 'only http(s) links open in the browser');
    }
    await actions.openExternal(url);
  });
  handle(DESKTOP_CHANNELS.copyText, (text) => {
    if (typeof text !== 'string' || text.length > MAX_COPY_LENGTH) {
      throw new RefusedIpcError(
        DESKTOP_CHANNELS.copyText,
        `expected text of at most ${MAX_COPY_LENGTH} characters`,
      );
    }
    actions.copyText(text);
  });
  handle(DESKTOP_CHANNELS.getLoginItem, () => actions.getLoginItem() ?? null);
  handle(DESKTOP_CHANNELS.setLoginItem, (enabled) => {
    if (typeof enabled !== 'boolean') {
      throw new RefusedIpcError(DESKTOP_CHANNELS.setLoginItem, 'expected true or false');
    }
    if (actions.getLoginItem() === undefined) return null;
    actions.setLoginItem(enabled);
    return actions.getLoginItem() ?? null;
  });
}
