import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import packageJson from '../../package.json';
import type { GatewayConfig } from '../shared/schemas/gateway-config';
import { buildGateway, type BuildGatewayOptions } from './build-gateway';
import { AdminCredentials, checkTokenLength, newAdminToken } from './config/admin-credentials';
import { applyConfig } from './config/apply-config';
import { ConfigError, loadConfigFile } from './config/load-config';
import { DEFAULT_PORT, resolveServerSettings } from './config/server-settings';
import type { GatewayServices } from './gateway-services';
import { SqliteCacheStore } from './cache/sqlite-cache-store';
import { ResponseCache } from './cache/response-cache';
import { KeyLimiter } from './limits/key-limiter';
import { SpendHistory } from './limits/spend-history';
import { LogBus } from './logs/log-bus';
import { PricingTable } from './pricing/pricing-table';
import { isLoopbackHost, isWildcardHost } from './plugins/host-guard';
import { ProviderRegistry } from './providers/provider-registry';
import { RouteRepository } from './routing/route-repository';
import { Routing, type RoutingOptions } from './routing/routing';
import { uiLoginLink } from './routes/ui';
import { KeytarSecretStore } from './secrets/keytar-secret-store';
import { EnvSecretStore, SecretResolver, type SecretStore } from './secrets/secret-store';
import { openDatabase } from './storage/database';
import { KeyRepository } from './storage/key-repository';
import { LogRepository } from './storage/log-repository';
import { LogWriter } from './storage/log-writer';
import { ProviderRepository } from './storage/provider-repository';
import { SettingsRepository } from './storage/settings-repository';
import { readSavedSettingsFile, withSavedServerSettings } from './config/saved-settings';
import { SettingsService } from './config/settings-service';
import { LogRetention } from './storage/log-retention';
import { UpstreamClient } from './upstream/upstream-client';
import { ApiRegistry, type ApiRegistryOptions } from './apis/api-registry';
import { ApiRepository } from './storage/api-repository';
import { PromptRegistry } from './prompts/prompt-registry';
import { ExperimentRegistry } from './experiments/experiment-registry';
import { ExperimentRepository } from './storage/experiment-repository';
import { FeedbackRepository } from './storage/feedback-repository';
import { PromptRepository } from './storage/prompt-repository';

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
  /**
   * Resolve `keychain:` references from the OS keychain when one is reachable (default true; the
   * environment variable GATEHOUSE_NO_KEYCHAIN=1 turns it off). Ignored when secretStores brings its own.
   */
  useKeychain?: boolean;
  env?: NodeJS.ProcessEnv;
  logLevel?: BuildGatewayOptions['logLevel'];
  /** This process's admin token (the desktop passes its own); random when omitted. At least 32 characters. */
  adminToken?: string;
  /** Origins of the desktop window besides file:// (its dev server); trusted only with the admin token. */
  desktopOrigins?: string[];
  /** The built renderer served at /ui; found next to the code when omitted; null answers 503. */
  uiRoot?: string | null;
  /** Tests inject the dispatcher's clock and random source (config.circuitBreaker still applies). */
  routing?: Pick<RoutingOptions, 'clock' | 'random' | 'circuitStore'>;
  /** Tests inject the REST APIs' clock (cool-downs, rate limits, retry waits, cache expiry). */
  apis?: ApiRegistryOptions;
}

export interface RunningGateway {
  url: string;
  host: string;
  port: number;
  /** An admin token valid while this process runs (not stored anywhere). */
  adminToken: string;
  /** The data directory's persistent admin token when this start created it: show it once. */
  createdAdminToken: string | null;
  /** A new one-time login link for the web UI at /ui (valid for 10 minutes). */
  uiLoginUrl(): string;
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
  // Settings saved in the GUI fill in what the config file leaves out; flags win over both (docs/gui.md).
  const saved = readSavedSettingsFile(path.join(options.dataDir, DATABASE_FILE));
  const server = withSavedServerSettings(config.server, saved.saved);
  const settings = resolveServerSettings(server, {
    host: options.host,
    desktopOrigins: options.desktopOrigins,
  });
  const exposed = !isLoopbackHost(settings.host);
  if (exposed && !settings.exposeOnLan) {
    throw new ConfigError(
      options.configFile ?? 'config',
      'server.exposeOnLan',
      `listening on ${settings.host} makes Gatehouse reachable from the network; set server.exposeOnLan: true to allow it, or use 127.0.0.1`,
    );
  }
  const processAdminToken = options.adminToken ?? newAdminToken();
  checkTokenLength(processAdminToken, 'The admin token');
  fs.mkdirSync(options.dataDir, { recursive: true });
  const db = openDatabase(path.join(options.dataDir, DATABASE_FILE));
  const secrets = await openSecrets(options);
  const providerRepository = new ProviderRepository(db);
  const keys = new KeyRepository(db);
  const routeRepository = new RouteRepository(db);
  const apiRepository = new ApiRepository(db);
  let warnings: string[];
  try {
    ({ warnings } = await applyConfig(
      config,
      options.configFile ?? 'config',
      { providers: providerRepository, keys, routes: routeRepository, apis: apiRepository },
      secrets,
    ));
  } catch (error) {
    db.close();
    throw error;
  }
  if (exposed && keys.count() === 0) {
    db.close();
    throw new ConfigError(
      options.configFile ?? 'config',
      'keys',
      'server.exposeOnLan needs at least one gateway key: add one under keys, or run `gatehouse keys create NAME`',
    );
  }
  if (exposed) {
    warnings.push(
      `Gatehouse is exposed on the network at ${settings.host} (server.exposeOnLan): anyone who can reach it and holds a gateway key can spend your provider credit.`,
    );
  }
  if (keys.count() === 0) {
    warnings.push('No gateway keys yet: create one with `gatehouse keys create NAME`; /v1 requests need it.');
  }

  const opened = AdminCredentials.open(new SettingsRepository(db), options.dataDir, processAdminToken);
  if (opened.migratedLegacyFile) {
    warnings.push(
      `Moved the admin token from ${opened.migratedLegacyFile} into the database (stored hashed) and deleted the file; the token keeps working.`,
    );
  }
  const logWriter = new LogWriter(db, { workerFile: logWriterThreadFile(db) });
  const upstream = new UpstreamClient(settings);
  const providers = new ProviderRegistry(providerRepository);
  const routing = new Routing(routeRepository, providers, {
    ...options.routing,
    circuitBreaker: config.circuitBreaker,
  });
  const prompts = new PromptRegistry(new PromptRepository(db));
  const services: GatewayServices = {
    version: packageJson.version,
    settings,
    logWriter,
    logs: new LogRepository(db),
    logBus: new LogBus(),
    keys,
    providers,
    pricing: PricingTable.load(),
    secrets,
    upstream,
    routing,
    limits: new KeyLimiter({ history: new SpendHistory(db) }),
    responseCache: new ResponseCache(new SqliteCacheStore(db), { logBodyMaxBytes: settings.logBodyMaxBytes }),
    adminCredentials: opened.credentials,
    prompts,
    experiments: new ExperimentRegistry(new ExperimentRepository(db), prompts, routing),
    feedback: new FeedbackRepository(db),
    apis: new ApiRegistry(apiRepository, options.apis),
  };
  // Budgets price a route by its targets.
  services.limits.routeTargets = (name) =>
    routing.routes.get(name)?.config.targets.map((target) => target.model);
  // The port is known once listening; the settings view reads it from here.
  const running = { host: settings.host, port: 0, exposeOnLan: settings.exposeOnLan };
  const guiSettings = new SettingsService(
    new SettingsRepository(db),
    services,
    { config: config.server, startOptions: { port: options.port, host: options.host }, running },
    services.pricing,
  );
  guiSettings.applyLive();
  if (saved.problem) warnings.push(saved.problem);
  const logRetention = new LogRetention({
    deleteOlderThan: (time) => services.logs.deleteOlderThan(time),
    retentionDays: () => guiSettings.current().logRetentionDays,
  });
  guiSettings.onChange(() => logRetention.sweep());
  const app = buildGateway(services, {
    logLevel: options.logLevel,
    uiRoot: options.uiRoot,
    providerRepository,
    settings: guiSettings,
  });
  const host = settings.host;
  const port = options.port ?? server?.port ?? DEFAULT_PORT;
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
  running.port = boundPort;
  logRetention.start();
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
        logRetention.stop();
        logWriter.close();
        await upstream.close().catch(() => undefined);
        await services.apis.close().catch(() => undefined);
        db.close();
      }
    })();
    return closing;
  };

  return {
    url: `http://${urlHost}:${boundPort}`,
    host,
    port: boundPort,
    adminToken: processAdminToken,
    createdAdminToken: opened.createdToken,
    uiLoginUrl: () => {
      // A wildcard address is not a URL a browser should open; the loopback name always works.
      const base = isWildcardHost(host) ? `http://127.0.0.1:${boundPort}` : `http://${urlHost}:${boundPort}`;
      return uiLoginLink(base, opened.credentials.issueLoginCode().code);
    },
    app,
    services,
    warnings,
    close,
  };
}

/** The environment always; the OS keychain when it is reachable, else the reason it is not (for warnings). */
async function openSecrets(options: StartGatewayOptions): Promise<SecretResolver> {
  const stores: SecretStore[] = [new EnvSecretStore(options.env), ...(options.secretStores ?? [])];
  if (stores.some((store) => store.scheme === 'keychain')) return new SecretResolver(stores);
  const disabled = [options.env, process.env].some((env) => env?.GATEHOUSE_NO_KEYCHAIN === '1');
  if (options.useKeychain === false || (options.useKeychain === undefined && disabled)) {
    const why = options.useKeychain === false ? 'turned off' : 'turned off by GATEHOUSE_NO_KEYCHAIN=1';
    return new SecretResolver(stores, { keychain: why });
  }
  const keychain = await KeytarSecretStore.open();
  if (!keychain.store) return new SecretResolver(stores, { keychain: keychain.reason });
  return new SecretResolver([keychain.store, ...stores]);
}

/**
 * The bundled log writer thread, next to the CLI bundle (`gatehouse serve`): inserts then leave the request
 * thread. Running from sources (the tests) or from the desktop app's bundle there is none, and the log is
 * written on the request thread. GATEHOUSE_LOG_WRITER=inline turns the thread off.
 */
function logWriterThreadFile(db: { memory: boolean }): string | null {
  if (db.memory || process.env.GATEHOUSE_LOG_WRITER === 'inline') return null;
  const file = fileURLToPath(new URL('./log-writer-worker.cjs', import.meta.url));
  return fs.existsSync(file) ? file : null;
}
