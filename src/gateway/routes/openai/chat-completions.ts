import type { FastifyInstance } from 'fastify';
import { GatewayErrors } from '../../errors/gateway-error';
import { createOpenAiStreamEncoder } from '../../inbound/openai/openai-stream-encoder';
import { openAiInbound } from '../../inbound/openai/openai-inbound';
import { forwardOpenAi } from '../../proxy/forward-openai';
import { forwardTranslated } from '../../proxy/forward-translated';
import { requireLogEntry, requireObjectBody, resolveTarget } from '../request-helpers';

/**
 * POST /v1/chat/completions — OpenAI's chat API in front of every provider. OpenAI-compatible providers
 * take the fast path (body forwarded as is); the others go through the canonical model.
 */
export default async function chatCompletions(app: FastifyInstance): Promise<void> {
  app.post(
    '/v1/chat/completions',
    { config: { apiFormat: 'openai', gatewayKey: true, logged: true } },
    async (request, reply) => {
      const body = requireObjectBody(request.body);
      const entry = requireLogEntry(request);
      const target = resolveTarget(app.gateway, entry, body.model);
      if (!Array.isArray(body.messages) || body.messages.length === 0) {
        throw GatewayErrors.invalidRequest('"messages" must be a non-empty array', { param: 'messages' });
      }
      if (body.stream !== undefined && typeof body.stream !== 'boolean') {
        throw GatewayErrors.invalidRequest('"stream" must be a boolean', { param: 'stream' });
      }
      const stream = body.stream === true;
      entry.stream = stream;
      const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
      const clientWantsUsage = streamOptions.include_usage === true;
      const provider = target.provider;
      if (provider.preset.format !== 'openai' || provider.type === 'azure-openai') {
        return forwardTranslated(app.gateway, reply, entry, {
          inbound: openAiInbound,
          target,
          body,
          createStreamEncoder: (model) =>
            createOpenAiStreamEncoder(model, { includeUsage: clientWantsUsage }),
        });
      }
      const upstreamBody: Record<string, unknown> = { ...body, model: target.model };
      if (stream && !clientWantsUsage && target.provider.preset.supports.streamUsage) {
        upstreamBody.stream_options = { ...streamOptions, include_usage: true };
      }
      return forwardOpenAi(app.gateway, reply, entry, {
        target,
        path: '/chat/completions',
        body: upstreamBody,
        stream,
        clientWantsUsage,
      });
    },
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
