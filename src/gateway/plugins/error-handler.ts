import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { encodeError, GatewayError, GatewayErrors } from '../errors/gateway-error';

/** Turns Fastify's own errors (body parsing, validation, limits) into catalog errors. */
function toGatewayError(error: FastifyError): GatewayError {
  if (error instanceof GatewayError) return error;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return GatewayErrors.bodyTooLarge(
        'Request body is larger than the gateway accepts (server.bodyLimitBytes)',
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return GatewayErrors.invalidJson(`Request body is not valid JSON: ${error.message}`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return GatewayErrors.invalidRequest(error.message, { statusCode: 415 });
  }
  if (error.validation) {
    const first = error.validation[0];
    const where = `${error.validationContext ?? 'request'}${first?.instancePath ?? ''}`;
    return GatewayErrors.invalidRequest(`${where} ${first?.message ?? 'is invalid'}`);
  }
  const status = error.statusCode ?? 500;
  if (status < 500) return new GatewayError(error.code ?? 'invalid_request', status, error.message);
  return GatewayErrors.internal('Internal gateway error', { cause: error });
}

async function errorHandler(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const gatewayError = toGatewayError(error);
    if (gatewayError.code === GatewayErrors.internal.code) request.log.error(error);
    const body = encodeError(request.routeOptions.config?.apiFormat ?? 'openai', gatewayError);
    if (request.logEntry) {
      request.logEntry.error = gatewayError.message;
      request.logEntry.responseBody = JSON.stringify(body);
    }
    return reply.code(gatewayError.statusCode).headers(gatewayError.headers).send(body);
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const format = request.url.startsWith('/v1/messages') ? 'anthropic' : 'openai';
    const error = GatewayErrors.routeNotFound(`No route for ${request.method} ${request.url.split('?')[0]}`);
    return reply.code(404).send(encodeError(format, error));
  });
}

export default fp(errorHandler, { name: 'error-handler' });
