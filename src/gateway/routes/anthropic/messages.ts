import type { FastifyInstance } from 'fastify';
import type { ChatRequest } from '../../canonical/chat-model';
import { anthropicInbound } from '../../inbound/anthropic/anthropic-inbound';
import { estimateInputTokens } from '../../canonical/estimate-tokens';
import { prepareAnthropic } from '../../proxy/forward-anthropic';
import { prepareTranslated } from '../../proxy/forward-translated';
import { dispatch } from '../../routing/dispatcher';
import { resolvePromptModel } from '../../prompts/resolve-prompt-model';
import { planRequest, requireLogEntry, requireObjectBody, requireStreamFlag } from '../request-helpers';

const config = { apiFormat: 'anthropic' as const, gatewayKey: true };

/**
 * POST /v1/messages — Anthropic's Messages API in front of every provider (Claude Code, the Anthropic SDK
 * and other agents via ANTHROPIC_BASE_URL). Anthropic providers take the fast path.
 */
export default async function messages(app: FastifyInstance): Promise<void> {
  app.post('/v1/messages', { config: { ...config, logged: true } }, async (request, reply) => {
    const body = resolvePromptModel(app.gateway, request, reply, requireObjectBody(request.body));
    const entry = requireLogEntry(request);
    const plan = planRequest(app.gateway, entry, body.model);
    entry.stream = requireStreamFlag(body);
    let canonical: ChatRequest | null = null;
    // Unless a prompt or experiment rewrote the body, its text as received is what goes upstream.
    const rawBody = body === request.body ? request.rawBody : null;

    return dispatch(
      app.gateway,
      reply,
      entry,
      plan,
      (attempt) => {
        if (attempt.target.provider.preset.format === 'anthropic') {
          return prepareAnthropic(app.gateway, entry, attempt, { body, rawBody });
        }
        canonical ??= anthropicInbound.decodeRequest(body, attempt.target.model);
        return prepareTranslated(app.gateway, entry, attempt, {
          inbound: anthropicInbound,
          request: canonical,
        });
      },
      { cache: { headers: request.headers, body } },
    );
  });

  // An estimate (about four characters per token), good enough for the context-window checks agents make.
  app.post('/v1/messages/count_tokens', { config }, async (request) => {
    const body = requireObjectBody(request.body);
    const target = app.gateway.routing.routes.plan(body.model).targets[0]!.target;
    // count_tokens requests carry no max_tokens; the decoder requires one.
    const canonical = anthropicInbound.decodeRequest({ max_tokens: 1, ...body, stream: false }, target.model);
    return { input_tokens: estimateInputTokens(canonical) };
  });
}
