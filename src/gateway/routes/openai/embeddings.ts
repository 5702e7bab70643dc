import type { FastifyInstance } from 'fastify';
import { GatewayErrors } from '../../errors/gateway-error';
import { prepareOpenAi } from '../../proxy/forward-openai';
import { dispatch } from '../../routing/dispatcher';
import { planRequest, requireLogEntry, requireObjectBody } from '../request-helpers';

/** POST /v1/embeddings — forwarded to the provider's OpenAI-compatible embeddings endpoint. */
export default async function embeddings(app: FastifyInstance): Promise<void> {
  app.post(
    '/v1/embeddings',
    { config: { apiFormat: 'openai', gatewayKey: true, logged: true } },
    async (request, reply) => {
      const body = requireObjectBody(request.body);
      const entry = requireLogEntry(request);
      const plan = planRequest(app.gateway, entry, body.model);
      const input = body.input;
      if (typeof input !== 'string' && !Array.isArray(input)) {
        throw GatewayErrors.invalidRequest('"input" must be a string or an array', { param: 'input' });
      }
      return dispatch(
        app.gateway,
        reply,
        entry,
        plan,
        (attempt) =>
          prepareOpenAi(app.gateway, entry, attempt, {
            path: '/embeddings',
            body,
            stream: false,
            clientWantsUsage: false,
          }),
        {
          cache: { headers: request.headers, body },
          // A route may mix chat-only providers in; they are skipped here rather than failing the request.
          unsupported: (target) =>
            target.provider.preset.supports.embeddings
              ? null
              : GatewayErrors.unsupported(
                  `Provider "${target.provider.id}" (${target.provider.preset.label}) has no embeddings API`,
                ),
        },
      );
    },
  );
}
