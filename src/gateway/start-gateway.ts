import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import packageJson from '../../package.json';
import type { GatewayConfig } from '../shared/schemas/gateway-config';
import { buildGateway, type BuildGatewayOptions } from './build-gateway';
import { loadOrCreateAdminToken } from './config/admin-token';
import { applyConfig } from './config/apply-config';
import { loadConfigFile } from './config/load-config';
import { DEFAULT_HOST, DEFAULT_PORT, resolveServerSettings } from './config/server-settings';
import type { GatewayServices } from './gateway-services';
import { LogBus } from './logs/log-bus';
import { PricingTable } from './pricing/pricing-table';
import { ProviderRegistry } from './providers/provider-registry';
import { EnvSecretStore, SecretResolver, type SecretStore } from './secrets/secret-store';
import { openDatabase } from './storage/database';
import { KeyRepository } from './storage/key-repository';
import { LogRepository } from './storage/log-repository';
import { LogWriter } from './storage/log-writer';
import { ProviderRepository } from './storage/provider-repository';
import { UpstreamClient } from './upstream/upstream-client';

export interface StartGatewayOptions {
  /** Folder holding gatehouse.db and the admin token. */
  dataDir: string;
  /** Overrides server.port from the config; 0 picks a free port. */
  port?: number;
  /** Overrides server.host from the config. */
  host?: string;
  /** YAML/JSON config file applied at start. */
  configFile?: string;
  /** An already-loaded config (the desktop app and tests); configFile wins when both are given. */
  config?: GatewayConfig;
  /** Extra secret stores (the desktop app adds the OS keychain). Environment variables always work. */
  secretStores?: SecretStore[];
  env?: NodeJS.ProcessEnv;
  logLevel?: BuildGatewayOptions['logLevel'];
}

export interface RunningGateway {
  url: string;
  host: string;
  port: number;
  adminToken: string;
  app: FastifyInstance;
  services: GatewayServices;
  /** Problems found at start that did not stop the gateway. */
  warnings: string[];
  /** Stops accepting, lets in-flight requests finish (bounded by shutdownGraceMs), flushes the log. */
  close(): Promise<void>;
}

export const DATABASE_FILE = 'gatehouse.db';

export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const config = options.configFile ? loadConfigFile(options.configFile) : (options.config ?? {});
  const settings = resolveServerSettings(config.server);
  fs.mkdirSync(options.dataDir, { recursive: true });
  const db = openDatabase(path.join(options.dataDir, DATABASE_FILE));
  const secrets = new SecretResolver([new EnvSecretStore(options.env), ...(options.secretStores ?? [])]);
  const providerRepository = new ProviderRepository(db);
  const keys = new KeyRepository(db);
  let warnings: string[];
  try {
    ({ warnings } = await applyConfig(
      config,
      options.configFile ?? 'config',
      { providers: providerRepository, keys },
      secrets,
    ));
  } catch (error) {
    db.close();
    throw error;
  }
  if (keys.count() === 0) {
    warnings.push('No gateway keys yet: create one with `gatehouse keys create NAME`; /v1 requests need it.');
  }

  const adminToken = loadOrCreateAdminToken(options.dataDir);
  const logWriter = new LogWriter(db);
  const upstream = new UpstreamClient(settings.upstreamTimeoutMs);
  const services: GatewayServices = {
    version: packageJson.version,
    settings,
    logWriter,
    logs: new LogRepository(db),
    logBus: new LogBus(),
    keys,
    providers: new ProviderRegistry(providerRepository),
    pricing: PricingTable.load(),
    secrets,
    upstream,
    adminTokenHash: createHash('sha256').update(adminToken).digest(),
  };
  const app = buildGateway(services, { logLevel: options.logLevel });
  const host = options.host ?? config.server?.host ?? DEFAULT_HOST;
  const port = options.port ?? config.server?.port ?? DEFAULT_PORT;
  try {
    await app.listen({ host, port });
  } catch (error) {
    logWriter.close();
    db.close();
    throw error;
  }
  app.server.on('connection', (socket) => socket.setNoDelay(true));
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      const force = setTimeout(() => app.server.closeAllConnections(), settings.shutdownGraceMs);
      // Keep-alive sockets become idle as their last response ends; close them then, not at their timeout.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 25);
      try {
        await app.close();
      } finally {
        clearTimeout(force);
        clearInterval(sweep);
        logWriter.close();
        await upstream.close().catch(() => undefined);
        db.close();
      }
    })();
    return closing;
  };

  return {
    url: `http://${urlHost}:${boundPort}`,
    host,
    port: boundPort,
    adminToken,
    app,
    services,
    warnings,
    close,
  };
}
