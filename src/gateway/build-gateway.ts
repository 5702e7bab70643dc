import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { GatewayServices } from './gateway-services';
import type { ProviderRepository } from './storage/provider-repository';
import { newRequestId } from './logs/request-id';
import { lazyChildLogger } from './lazy-child-logger';
import { lazySchemaCompilers } from './schema-compilers';
import adminAuth from './plugins/admin-auth';
import adminForwarding from './plugins/admin-forwarding';
import errorHandler from './plugins/error-handler';
import { clientErrorHandler, frameworkErrorHandler } from './plugins/error-handler';
import gatewayAuth from './plugins/gateway-auth';
import hostGuard from './plugins/host-guard';
import jsonBody from './plugins/json-body';
import keyLimits from './plugins/key-limits';
import originGuard from './plugins/origin-guard';
import requestChecks from './plugins/request-checks';
import requestLog from './plugins/request-log';
import type { SettingsService } from './config/settings-service';
import apiProxy from './routes/apis/api-proxy';
import promptCompletions from './routes/prompts/prompt-completions';
import feedback from './routes/prompts/feedback';
import messages from './routes/anthropic/messages';
import health from './routes/health';
import chatCompletions from './routes/openai/chat-completions';
import embeddings from './routes/openai/embeddings';
import models from './routes/openai/models';
import ui, { findRendererFolder } from './routes/ui';
import { registerAdminRoutes } from './routes/admin/admin-api';

export interface BuildGatewayOptions {
  /** pino log level for the gateway's own diagnostics; off when omitted. */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug';
  /** Where providers are stored; enables /admin/providers and /admin/config/export. */
  providerRepository?: ProviderRepository;
  /** The built renderer served at /ui; found next to the code when omitted; null answers 503. */
  uiRoot?: string | null;
  /** The GUI's settings (GET/PATCH /admin/settings); startGateway makes one. */
  settings?: SettingsService;
  /** Called with the admin API's instance when its first request builds it, before its plugins load. */
  onAdminGateway?: (admin: FastifyInstance) => void;
}

/** The app factory: a ready-to-listen Fastify instance. Tests use inject() or listen on port 0. */
export function buildGateway(services: GatewayServices, options: BuildGatewayOptions = {}): FastifyInstance {
  const app = createApp(services, options, null);
  registerRequestChecks(app);
  app.register(health);
  app.register(chatCompletions);
  app.register(embeddings);
  app.register(models);
  app.register(messages);
  app.register(promptCompletions);
  app.register(feedback);
  app.register(apiProxy);
  // The admin API is built on its first request (plugins/admin-forwarding.ts): start-up only pays for /v1.
  app.register(adminForwarding, {
    build: () => {
      const admin = createApp(services, options, app.server);
      options.onAdminGateway?.(admin);
      registerRequestChecks(admin);
      registerAdminRoutes(admin, options);
      return admin;
    },
  });
  app.register(ui, { root: options.uiRoot === undefined ? findRendererFolder() : options.uiRoot });
  return app;
}

/** One Fastify instance with the gateway's options; `server` is the listening one when it is not its own. */
function createApp(
  services: GatewayServices,
  options: BuildGatewayOptions,
  server: FastifyInstance['server'] | null,
): FastifyInstance {
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
    // The listening instance logs each request, the admin API's included: the admin one does not again.
    ...(options.logLevel && server !== null
      ? { logController: new LogController({ disableRequestLogging: true }) }
      : {}),
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
  app.decorate('gatewayServer', server ?? app.server);
  return app;
}

/** The checks every request passes, in one onRequest hook (plugins/request-checks.ts), in this order. */
function registerRequestChecks(app: FastifyInstance): void {
  app.register(errorHandler);
  app.register(requestChecks);
  // Before anything else looks at the request: a foreign Host or Origin gets nothing (DNS rebinding, CSRF).
  app.register(hostGuard);
  app.register(originGuard);
  app.register(jsonBody);
  app.register(requestLog);
  app.register(gatewayAuth);
  app.register(keyLimits);
  app.register(adminAuth);
}
