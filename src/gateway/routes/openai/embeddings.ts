import type { FastifyInstance } from 'fastify';
import { GatewayErrors } from '../../errors/gateway-error';
import { forwardOpenAi } from '../../proxy/forward-openai';
import { requireLogEntry, requireObjectBody, resolveTarget } from '../request-helpers';

/** POST /v1/embeddings — forwarded to the provider's OpenAI-compatible embeddings endpoint. */
export default async function embeddings(app: FastifyInstance): Promise<void> {
  app.post(
    '/v1/embeddings',
    { config: { apiFormat: 'openai', gatewayKey: true, logged: true } },
    async (request, reply) => {
      const body = requireObjectBody(request.body);
      const entry = requireLogEntry(request);
      const target = resolveTarget(app.gateway, entry, body.model);
      const input = body.input;
      if (typeof input !== 'string' && !Array.isArray(input)) {
        throw GatewayErrors.invalidRequest('"input" must be a string or an array', { param: 'input' });
      }
      if (!target.provider.preset.supports.embeddings) {
        throw GatewayErrors.unsupported(
          `Provider "${target.provider.id}" (${target.provider.preset.label}) has no embeddings API`,
        );
      }
      return forwardOpenAi(app.gateway, reply, entry, {
        target,
        path: '/embeddings',
        body: { ...body, model: target.model },
        stream: false,
        clientWantsUsage: false,
      });
    },
  );
}
