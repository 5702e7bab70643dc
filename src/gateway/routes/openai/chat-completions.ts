import type { FastifyInstance } from 'fastify';
import type { ChatRequest } from '../../canonical/chat-model';
import { GatewayErrors } from '../../errors/gateway-error';
import { createOpenAiStreamEncoder } from '../../inbound/openai/openai-stream-encoder';
import { openAiInbound } from '../../inbound/openai/openai-inbound';
import type { GatewayProvider } from '../../providers/provider-registry';
import { prepareOpenAi } from '../../proxy/forward-openai';
import { prepareTranslated } from '../../proxy/forward-translated';
import { dispatch } from '../../routing/dispatcher';
import { resolvePromptModel } from '../../prompts/resolve-prompt-model';
import { planRequest, requireLogEntry, requireObjectBody, requireStreamFlag } from '../request-helpers';

/**
 * POST /v1/chat/completions — OpenAI's chat API in front of every provider. Each attempt picks its path by
 * the target's format: OpenAI-compatible providers take the fast path (body forwarded as is), the others go
 * through the canonical model, decoded once per request.
 */
export default async function chatCompletions(app: FastifyInstance): Promise<void> {
  app.post(
    '/v1/chat/completions',
    { config: { apiFormat: 'openai', gatewayKey: true, logged: true } },
    async (request, reply) => {
      const body = resolvePromptModel(app.gateway, request, reply, requireObjectBody(request.body));
      const entry = requireLogEntry(request);
      const plan = planRequest(app.gateway, entry, body.model);
      if (!Array.isArray(body.messages) || body.messages.length === 0) {
        throw GatewayErrors.invalidRequest('"messages" must be a non-empty array', { param: 'messages' });
      }
      const stream = requireStreamFlag(body);
      entry.stream = stream;
      const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
      const clientWantsUsage = streamOptions.include_usage === true;
      let canonical: ChatRequest | null = null;
      // Unless a prompt or experiment rewrote the body, its text as received is what goes upstream.
      const rawBody = body === request.body ? request.rawBody : null;

      return dispatch(
        app.gateway,
        reply,
        entry,
        plan,
        (attempt) => {
          if (takesFastPath(attempt.target.provider)) {
            return prepareOpenAi(app.gateway, entry, attempt, {
              path: '/chat/completions',
              body,
              stream,
              clientWantsUsage,
              rawBody,
            });
          }
          canonical ??= openAiInbound.decodeRequest(body, attempt.target.model);
          return prepareTranslated(app.gateway, entry, attempt, {
            inbound: openAiInbound,
            request: canonical,
            createStreamEncoder: (model) =>
              createOpenAiStreamEncoder(model, { includeUsage: clientWantsUsage }),
          });
        },
        { cache: { headers: request.headers, body } },
      );
    },
  );
}

function takesFastPath(provider: GatewayProvider): boolean {
  return provider.preset.format === 'openai' && provider.type !== 'azure-openai';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
