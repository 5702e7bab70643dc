import Fastify, { type FastifyInstance } from 'fastify';
import type { GatewayServices } from './gateway-services';
import { newRequestId } from './logs/request-id';
import adminAuth from './plugins/admin-auth';
import errorHandler from './plugins/error-handler';
import gatewayAuth from './plugins/gateway-auth';
import jsonBody from './plugins/json-body';
import requestLog from './plugins/request-log';
import adminLogs from './routes/admin/logs';
import adminStats from './routes/admin/stats';
import messages from './routes/anthropic/messages';
import health from './routes/health';
import chatCompletions from './routes/openai/chat-completions';
import embeddings from './routes/openai/embeddings';
import models from './routes/openai/models';

export interface BuildGatewayOptions {
  /** pino log level for the gateway's own diagnostics; off when omitted. */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug';
}

/** The app factory: a ready-to-listen Fastify instance. Tests use inject() or listen on port 0. */
export function buildGateway(services: GatewayServices, options: BuildGatewayOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logLevel ? { level: options.logLevel } : false,
    bodyLimit: services.settings.bodyLimitBytes,
    genReqId: () => newRequestId(),
    requestIdHeader: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.decorate('gateway', services);

  app.register(errorHandler);
  app.register(jsonBody);
  app.register(requestLog);
  app.register(gatewayAuth);
  app.register(adminAuth);

  app.register(health);
  app.register(chatCompletions);
  app.register(embeddings);
  app.register(models);
  app.register(messages);
  app.register(adminLogs);
  app.register(adminStats);
  return app;
}
