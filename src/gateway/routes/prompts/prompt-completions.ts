import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { GatewayErrors } from '../../errors/gateway-error';
import { PROMPT_MODEL_PREFIX } from '../../prompts/prompt-reference';
import { resolvePromptModel } from '../../prompts/resolve-prompt-model';
import { requireObjectBody } from '../request-helpers';
import { dispatchPromptChat } from './dispatch-prompt-chat';

/** Fields of the prompt API that are not chat fields; everything else is passed on as an override. */
const promptFields = new Set(['variables', 'label', 'version', 'messages', 'metadata', 'model']);

/**
 * POST /v1/prompts/:slug/completions — a prompt as a REST API. The body (`variables`, `label` or `version`,
 * optional `messages` appended after the template, chat overrides such as temperature, `stream`) becomes the
 * chat request `model: "prompt:<slug>@…"` would be, and takes the same path as /v1/chat/completions: the
 * prompt hook, the route plan, the dispatcher with its retries and fallbacks, the same-format fast path or
 * the translating path. Answers in OpenAI's chat completion shape, streamed or not.
 */
export default async function promptCompletions(app: FastifyInstance): Promise<void> {
  app.post(
    '/v1/prompts/:slug/completions',
    {
      config: { apiFormat: 'openai', gatewayKey: true, logged: true },
      schema: { params: Type.Object({ slug: Type.String() }) },
    },
    async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const input = requireObjectBody(request.body);
      const body = resolvePromptModel(app.gateway, request, reply, toChatBody(slug, input));
      return dispatchPromptChat(app.gateway, request, reply, body);
    },
  );
}

/** The chat request the prompt API call stands for: `model: "prompt:<slug>@<label|version>"`. */
export function toChatBody(slug: string, input: Record<string, unknown>): Record<string, unknown> {
  if (input.model !== undefined) {
    throw GatewayErrors.invalidRequest(
      'The prompt version decides the model; choose a version with "label" or "version" instead of "model"',
      { param: 'model' },
    );
  }
  if (input.label !== undefined && input.version !== undefined) {
    throw GatewayErrors.invalidRequest('Send "label" or "version", not both', { param: 'label' });
  }
  if (
    input.label !== undefined &&
    (typeof input.label !== 'string' || !/^[a-z][a-z0-9_-]{0,31}$/.test(input.label))
  ) {
    throw GatewayErrors.invalidRequest('"label" must be a label name such as "production"', {
      param: 'label',
    });
  }
  if (input.version !== undefined && !(Number.isInteger(input.version) && (input.version as number) >= 1)) {
    throw GatewayErrors.invalidRequest('"version" must be a whole number from 1', { param: 'version' });
  }
  if (input.variables !== undefined && !isRecord(input.variables)) {
    throw GatewayErrors.invalidRequest('"variables" must be an object of variable values', {
      param: 'variables',
    });
  }
  if (input.messages !== undefined && !Array.isArray(input.messages)) {
    throw GatewayErrors.invalidRequest('"messages" must be an array of chat messages', { param: 'messages' });
  }
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(slug))
    throw GatewayErrors.modelNotFound(`No prompt named "${slug}"`);
  const selector =
    input.version !== undefined
      ? `@${String(input.version)}`
      : input.label !== undefined
        ? `@${String(input.label)}`
        : '';
  const overrides = Object.fromEntries(Object.entries(input).filter(([name]) => !promptFields.has(name)));
  const metadata = isRecord(input.metadata) ? input.metadata : {};
  return {
    ...overrides,
    model: `${PROMPT_MODEL_PREFIX}${slug}${selector}`,
    messages: input.messages ?? [],
    metadata: { ...metadata, variables: input.variables ?? {} },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
