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
}
