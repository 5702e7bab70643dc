/// <reference types="vite/client" />
import type { GatehouseBridge } from '../../shared/desktop-bridge';

declare global {
  interface Window {
    /** Set by the desktop preload script; undefined when the UI is served headless at `/ui`. */
    gatehouse?: GatehouseBridge;
  }
}

export {};
