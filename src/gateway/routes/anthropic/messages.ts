import type { FastifyInstance } from 'fastify';
import { anthropicInbound } from '../../inbound/anthropic/anthropic-inbound';
import { estimateInputTokens } from '../../canonical/estimate-tokens';
import { forwardAnthropic } from '../../proxy/forward-anthropic';
import { forwardTranslated } from '../../proxy/forward-translated';
import { requireLogEntry, requireObjectBody, resolveTarget } from '../request-helpers';

const config = { apiFormat: 'anthropic' as const, gatewayKey: true };

/**
 * POST /v1/messages — Anthropic's Messages API in front of every provider (Claude Code, the Anthropic SDK
 * and other agents via ANTHROPIC_BASE_URL). Anthropic providers take the fast path.
 */
export default async function messages(app: FastifyInstance): Promise<void> {
  app.post('/v1/messages', { config: { ...config, logged: true } }, async (request, reply) => {
    const body = requireObjectBody(request.body);
    const entry = requireLogEntry(request);
    const target = resolveTarget(app.gateway, entry, body.model);
    if (target.provider.preset.format === 'anthropic') {
      return forwardAnthropic(app.gateway, reply, entry, { target, body });
    }
    return forwardTranslated(app.gateway, reply, entry, { inbound: anthropicInbound, target, body });
  });

  // An estimate (about four characters per token), good enough for the context-window checks agents make.
  app.post('/v1/messages/count_tokens', { config }, async (request) => {
    const body = requireObjectBody(request.body);
    const target = app.gateway.providers.resolveModel(body.model);
    // count_tokens requests carry no max_tokens; the decoder requires one.
    const canonical = anthropicInbound.decodeRequest({ max_tokens: 1, ...body, stream: false }, target.model);
    return { input_tokens: estimateInputTokens(canonical) };
  });
}
