/**
 * What the preload script exposes to the renderer as `window.gatehouse`.
 * Absent when the same React build is served headless by the gateway at `/ui`.
 */
export interface GatehouseBridge {
  /** Base URL of the local gateway, e.g. `http://127.0.0.1:4141`. */
  readonly adminUrl: string;
  /** Bearer token for `/admin/*` routes. */
  readonly adminToken: string;
  /** The desktop app's version. */
  readonly version: string;
  /** Node-style platform name: `darwin`, `win32` or `linux`. */
  readonly platform: string;
  /** Desktop-only actions, validated by the main process. */
  readonly desktop?: GatehouseDesktopActions;
}

export interface GatehouseDesktopActions {
  /** Opens an http(s) link in the user's browser. */
  openExternal(url: string): Promise<void>;
  copyText(text: string): Promise<void>;
  /** Whether Gatehouse starts at login; null where the platform cannot tell. */
  getLoginItem(): Promise<boolean | null>;
  setLoginItem(enabled: boolean): Promise<boolean | null>;
}
