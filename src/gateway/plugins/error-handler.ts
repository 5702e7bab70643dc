import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { encodeError, GatewayError, GatewayErrors, type ApiFormat } from '../errors/gateway-error';

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
    const format = formatForPath(request.url);
    const error = GatewayErrors.routeNotFound(`No route for ${request.method} ${request.url.split('?')[0]}`);
    return reply.code(404).send(encodeError(format, error));
  });
}

export default fp(errorHandler, { name: 'error-handler' });

/**
 * Errors Fastify raises before routing (a path with a broken %-escape such as `/apis/x/%zz`, an
 * unsupported content type on a route-less request): no route config exists yet, so the path decides the
 * shape. Passed to Fastify as `frameworkErrors`.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const gatewayError =
    error.code === 'FST_ERR_BAD_URL'
      ? GatewayErrors.invalidRequest('The request path has a malformed %-escape')
      : toGatewayError(error);
  void reply.code(gatewayError.statusCode).send(encodeError(formatForPath(request.url), gatewayError));
}

/** The API a path belongs to, when no route (and so no route config) is known. */
function formatForPath(path: string): ApiFormat {
  return path.startsWith('/v1/messages') ? 'anthropic' : 'openai';
}

/**
 * Bytes Node's HTTP parser refuses (oversized headers, CR/LF inside a header, Content-Length together with
 * Transfer-Encoding, a request line that is not HTTP) never become a request, so the error handler above
 * never sees them. Answer them here, still in the caller's error shape, judged by the request line's path.
 * Passed to Fastify as `clientErrorHandler`.
 */
export function clientErrorHandler(
  error: Error & { code?: string; rawPacket?: unknown },
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const packet = Buffer.isBuffer(error.rawPacket) ? error.rawPacket : null;
  const firstLine = packet?.subarray(0, 2048).toString('latin1').split('\r\n', 1)[0] ?? '';
  const path = /^[A-Z]+ (\/\S*)/.exec(firstLine)?.[1] ?? '/';
  const gatewayError =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? GatewayErrors.requestTimeout('The request was not received in time')
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? GatewayErrors.headersTooLarge(
            `Request headers are larger than the gateway accepts (${maxHeaderSize} bytes)`,
          )
        : GatewayErrors.malformedRequest(`Malformed HTTP request (${error.code ?? 'parse error'})`);
  const body = JSON.stringify(encodeError(formatForPath(path), gatewayError));
  const status = gatewayError.statusCode;
  if (!socket.writable) return void socket.destroy();
  // end() rather than write() + destroy(): the answer must leave before the socket goes.
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
