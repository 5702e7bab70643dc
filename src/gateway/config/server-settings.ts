import type { ServerConfig } from '../../shared/schemas/gateway-config';

/** Server settings with every default filled in. */
export interface ServerSettings {
  bodyLimitBytes: number;
  upstreamTimeoutMs: number;
  /** Connecting to an upstream (TCP and TLS). */
  upstreamConnectTimeoutMs: number;
  /** From sending the request to the upstream's response headers. */
  upstreamFirstByteTimeoutMs: number;
  /** Longest silence between two chunks of an upstream body. */
  upstreamIdleTimeoutMs: number;
  /** A whole upstream response, headers to last byte: stops trickles and endless streams. */
  upstreamMaxDurationMs: number;
  /** A whole upstream response body, streamed or not. */
  upstreamMaxResponseBytes: number;
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
  // The older single setting stays the default for the finer ones below.
  const upstreamTimeoutMs = config.upstreamTimeoutMs ?? 120_000;
  return {
    bodyLimitBytes: config.bodyLimitBytes ?? 32 * 1024 * 1024,
    upstreamTimeoutMs,
    upstreamConnectTimeoutMs: config.upstreamConnectTimeoutMs ?? Math.min(upstreamTimeoutMs, 10_000),
    upstreamFirstByteTimeoutMs: config.upstreamFirstByteTimeoutMs ?? upstreamTimeoutMs,
    upstreamIdleTimeoutMs: config.upstreamIdleTimeoutMs ?? upstreamTimeoutMs,
    upstreamMaxDurationMs: config.upstreamMaxDurationMs ?? 30 * 60_000,
    upstreamMaxResponseBytes: config.upstreamMaxResponseBytes ?? 64 * 1024 * 1024,
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
