import type { ServerConfig } from '../../shared/schemas/gateway-config';

/** Server settings with every default filled in. */
export interface ServerSettings {
  bodyLimitBytes: number;
  upstreamTimeoutMs: number;
  shutdownGraceMs: number;
  logBodies: boolean;
  logBodyMaxBytes: number;
}

export const DEFAULT_PORT = 4141;
export const DEFAULT_HOST = '127.0.0.1';

export function resolveServerSettings(config: ServerConfig = {}): ServerSettings {
  return {
    bodyLimitBytes: config.bodyLimitBytes ?? 32 * 1024 * 1024,
    upstreamTimeoutMs: config.upstreamTimeoutMs ?? 120_000,
    shutdownGraceMs: config.shutdownGraceMs ?? 10_000,
    logBodies: config.logBodies ?? true,
    logBodyMaxBytes: config.logBodyMaxBytes ?? 64 * 1024,
  };
}
