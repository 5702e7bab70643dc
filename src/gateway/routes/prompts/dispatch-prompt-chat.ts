import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChatRequest } from '../../canonical/chat-model';
import { GatewayErrors } from '../../errors/gateway-error';
import type { GatewayServices } from '../../gateway-services';
import { createOpenAiStreamEncoder } from '../../inbound/openai/openai-stream-encoder';
import { openAiInbound } from '../../inbound/openai/openai-inbound';
import { prepareOpenAi } from '../../proxy/forward-openai';
import { prepareTranslated } from '../../proxy/forward-translated';
import { dispatch } from '../../routing/dispatcher';
import { planRequest, requireLogEntry, requireStreamFlag } from '../request-helpers';

/**
 * Sends a rendered prompt — an OpenAI chat body whose model is the version's (or the one chosen for it) — the
 * way /v1/chat/completions sends any chat: the route plan, the dispatcher with its retries and fallbacks, the
 * response cache, the same-format fast path or the translating path. Answers in OpenAI's chat completion
 * shape, streamed or not. Shared by /v1/prompts/:slug/completions and the playground's admin twin, so a
 * playground run behaves exactly like a call from a script.
 */
export async function dispatchPromptChat(
  gateway: GatewayServices,
  request: FastifyRequest,
  reply: FastifyReply,
  body: Record<string, unknown>,
): Promise<FastifyReply> {
  const entry = requireLogEntry(request);
  const plan = planRequest(gateway, entry, body.model);
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw GatewayErrors.invalidRequest('The prompt rendered no messages', { param: 'messages' });
  }
  const stream = requireStreamFlag(body);
  entry.stream = stream;
  const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
  const clientWantsUsage = streamOptions.include_usage === true;
  let canonical: ChatRequest | null = null;

  return dispatch(
    gateway,
    reply,
    entry,
    plan,
    (attempt) => {
      const provider = attempt.target.provider;
      if (provider.preset.format === 'openai' && provider.type !== 'azure-openai') {
        return prepareOpenAi(gateway, entry, attempt, {
          path: '/chat/completions',
          body,
          stream,
          clientWantsUsage,
        });
      }
      canonical ??= openAiInbound.decodeRequest(body, attempt.target.model);
      return prepareTranslated(gateway, entry, attempt, {
        inbound: openAiInbound,
        request: canonical,
        createStreamEncoder: (model) => createOpenAiStreamEncoder(model, { includeUsage: clientWantsUsage }),
      });
    },
    { cache: { headers: request.headers, body } },
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
