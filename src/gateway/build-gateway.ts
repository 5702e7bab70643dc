import Fastify, { type FastifyInstance } from 'fastify';
import type { GatewayServices } from './gateway-services';
import type { ProviderRepository } from './storage/provider-repository';
import { newRequestId } from './logs/request-id';
import { lazyChildLogger } from './lazy-child-logger';
import { lazySchemaCompilers } from './schema-compilers';
import adminAuth from './plugins/admin-auth';
import errorHandler from './plugins/error-handler';
import { clientErrorHandler, frameworkErrorHandler } from './plugins/error-handler';
import gatewayAuth from './plugins/gateway-auth';
import hostGuard from './plugins/host-guard';
import jsonBody from './plugins/json-body';
import keyLimits from './plugins/key-limits';
import originGuard from './plugins/origin-guard';
import requestChecks from './plugins/request-checks';
import requestLog from './plugins/request-log';
import adminConfigExport from './routes/admin/config-export';
import adminConfigImport from './routes/admin/config-import';
import adminProviderCatalog from './routes/admin/provider-catalog';
import adminSettings from './routes/admin/settings';
import type { SettingsService } from './config/settings-service';
import adminKeys from './routes/admin/keys';
import adminLogs from './routes/admin/logs';
import adminProviders from './routes/admin/providers';
import adminRoutes from './routes/admin/routes';
import adminStats from './routes/admin/stats';
import adminStatus from './routes/admin/status';
import adminApis from './routes/admin/apis';
import apiProxy from './routes/apis/api-proxy';
import adminPrompts from './routes/admin/prompts';
import adminPromptRun from './routes/admin/prompt-run';
import adminExperiments from './routes/admin/experiments';
import promptCompletions from './routes/prompts/prompt-completions';
import feedback from './routes/prompts/feedback';
import messages from './routes/anthropic/messages';
import health from './routes/health';
import chatCompletions from './routes/openai/chat-completions';
import embeddings from './routes/openai/embeddings';
import models from './routes/openai/models';
import ui, { findRendererFolder } from './routes/ui';

export interface BuildGatewayOptions {
  /** pino log level for the gateway's own diagnostics; off when omitted. */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug';
  /** Where providers are stored; enables /admin/providers and /admin/config/export. */
  providerRepository?: ProviderRepository;
  /** The built renderer served at /ui; found next to the code when omitted; null answers 503. */
  uiRoot?: string | null;
  /** The GUI's settings (GET/PATCH /admin/settings); startGateway makes one. */
  settings?: SettingsService;
}

/** The app factory: a ready-to-listen Fastify instance. Tests use inject() or listen on port 0. */
export function buildGateway(services: GatewayServices, options: BuildGatewayOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logLevel
      ? {
          level: options.logLevel,
          // Query strings can carry the admin token (the live tail's ?token=): log paths only.
          serializers: { req: (request) => ({ method: request.method, url: request.url.split('?')[0] }) },
        }
      : false,
    bodyLimit: services.settings.bodyLimitBytes,
    // Each request's logger is made on its first line (src/gateway/lazy-child-logger.ts).
    ...(options.logLevel ? { childLoggerFactory: lazyChildLogger } : {}),
    genReqId: () => newRequestId(),
    requestIdHeader: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Bytes Node's parser refuses still get an answer in the caller's error shape.
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    // Admin schemas compile on first use, not before listening (docs/benchmarks.md: start-up time).
    schemaController: { compilersFactory: lazySchemaCompilers() },
  });
  app.decorate('gateway', services);

  app.register(errorHandler);
  // One onRequest hook runs the checks the plugins below add, in this order.
  app.register(requestChecks);
  // Before anything else looks at the request: a foreign Host or Origin gets nothing (DNS rebinding, CSRF).
  app.register(hostGuard);
  app.register(originGuard);
  app.register(jsonBody);
  app.register(requestLog);
  app.register(gatewayAuth);
  app.register(keyLimits);
  app.register(adminAuth);

  app.register(health);
  app.register(chatCompletions);
  app.register(embeddings);
  app.register(models);
  app.register(messages);
  app.register(adminLogs);
  app.register(adminStats);
  app.register(adminStatus);
  app.register(adminKeys);
  app.register(adminRoutes);
  app.register(promptCompletions);
  app.register(feedback);
  app.register(adminPrompts);
  app.register(adminPromptRun);
  app.register(adminExperiments);
  if (options.providerRepository) {
    app.register(adminProviders, { repository: options.providerRepository });
    app.register(adminConfigExport, { repository: options.providerRepository });
    app.register(adminConfigImport, { repository: options.providerRepository, settings: options.settings });
  }
  app.register(adminProviderCatalog);
  app.register(apiProxy);
  app.register(adminApis);
  if (options.settings) app.register(adminSettings, { settings: options.settings });
  app.register(ui, { root: options.uiRoot === undefined ? findRendererFolder() : options.uiRoot });
  return app;
}
