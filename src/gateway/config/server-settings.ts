import type { ServerConfig } from '../../shared/schemas/gateway-config';

/** Server settings with every default filled in. */
export interface ServerSettings {
  bodyLimitBytes: number;
  upstreamTimeoutMs: number;
  shutdownGraceMs: number;
  logBodies: boolean;
  logBodyMaxBytes: number;
  /** The address the gateway listens on. */
  host: string;
  /** Extra Host header values accepted besides the gateway's own addresses (`name` or `name:port`). */
  allowedHosts: string[];
  /** Listening on a non-loopback address is refused unless this is true. */
  exposeOnLan: boolean;
  /** Browser origins allowed to call /v1 (CORS); none by default. */
  corsOrigins: string[];
  /** Origins of the desktop window besides file:// (its dev server); trusted only with the admin token. */
  desktopOrigins: string[];
}

/** Values that come from the caller of startGateway (CLI flags, the desktop app) rather than the config. */
export interface ServerSettingsOverrides {
  host?: string;
  desktopOrigins?: string[];
}

export const DEFAULT_PORT = 4141;
export const DEFAULT_HOST = '127.0.0.1';

export function resolveServerSettings(
  config: ServerConfig = {},
  overrides: ServerSettingsOverrides = {},
): ServerSettings {
  return {
    bodyLimitBytes: config.bodyLimitBytes ?? 32 * 1024 * 1024,
    upstreamTimeoutMs: config.upstreamTimeoutMs ?? 120_000,
    shutdownGraceMs: config.shutdownGraceMs ?? 10_000,
    logBodies: config.logBodies ?? true,
    logBodyMaxBytes: config.logBodyMaxBytes ?? 64 * 1024,
    host: overrides.host ?? config.host ?? DEFAULT_HOST,
    allowedHosts: config.allowedHosts ?? [],
    exposeOnLan: config.exposeOnLan ?? false,
    corsOrigins: config.corsOrigins ?? [],
    desktopOrigins: overrides.desktopOrigins ?? [],
  };
}
