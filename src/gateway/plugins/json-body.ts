import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatewayErrors } from '../errors/gateway-error';

/**
 * Parses every request body as JSON (curl users often forget the content-type) and keeps the raw text,
 * which the log stores as sent.
 */
async function jsonBody(app: FastifyInstance): Promise<void> {
  app.decorateRequest('rawBody', null);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'string' },
    (request: FastifyRequest, body: string | Buffer, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      request.rawBody = text;
      if (text.length === 0)
        return done(GatewayErrors.invalidJson('Request body is empty; send a JSON object'), undefined);
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        done(
          GatewayErrors.invalidJson(`Request body is not valid JSON: ${(error as Error).message}`),
          undefined,
        );
      }
    },
  );
}

export default fp(jsonBody, { name: 'json-body' });
