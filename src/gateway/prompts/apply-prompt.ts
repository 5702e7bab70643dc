import type { PromptMessage, PromptParams } from '../../shared/schemas/prompts';
import type { ApiFormat } from '../errors/gateway-error';
import type { PromptVersionRecord } from '../storage/prompt-repository';
import { renderTemplate } from './prompt-template';

/** Params a /v1/messages body can carry, by their Anthropic names. */
const anthropicParams: Partial<Record<keyof PromptParams, string>> = {
  temperature: 'temperature',
  top_p: 'top_p',
  max_tokens: 'max_tokens',
  stop: 'stop_sequences',
};

export function renderMessages(
  version: PromptVersionRecord,
  values: Record<string, unknown>,
): PromptMessage[] {
  return version.messages.map((message) => ({
    role: message.role,
    content: renderTemplate(message.content, values),
  }));
}

export interface AppliedPrompt {
  body: Record<string, unknown>;
  /** Version params the caller's API has no field for (x-gatehouse-warnings). */
  warnings: string[];
}

/**
 * The body the gateway sends on: the rendered template first, then the caller's own messages, the version's
 * model (or the experiment arm's), and the version's params wherever the caller set none. The caller's
 * `metadata.variables` is taken out: providers reject metadata that is not theirs.
 */
export function applyPrompt(
  format: ApiFormat,
  body: Record<string, unknown>,
  rendered: PromptMessage[],
  version: PromptVersionRecord,
  model: string,
): AppliedPrompt {
  const callerMessages = Array.isArray(body.messages) ? (body.messages as unknown[]) : [];
  const next: Record<string, unknown> = { ...withoutVariables(body), model };
  const warnings: string[] = [];
  if (format === 'anthropic') {
    const system = rendered.filter((message) => message.role === 'system').map((message) => message.content);
    const turns = rendered
      .filter((message) => message.role !== 'system')
      .map((message) => ({ role: message.role, content: message.content }));
    next.messages = [...turns, ...callerMessages];
    if (system.length > 0) next.system = joinSystem(system.join('\n\n'), body.system);
    for (const [name, value] of Object.entries(version.params)) {
      const field = anthropicParams[name as keyof PromptParams];
      if (field === undefined) {
        warnings.push(`prompt parameter "${name}" has no /v1/messages equivalent and was not sent`);
      } else if (next[field] === undefined) {
        next[field] = field === 'stop_sequences' && typeof value === 'string' ? [value] : value;
      }
    }
    return { body: next, warnings };
  }
  next.messages = [...rendered, ...callerMessages];
  for (const [name, value] of Object.entries(version.params)) {
    // max_completion_tokens is the newer name of the same cap; the caller's one wins over ours.
    if (name === 'max_tokens' && next.max_completion_tokens !== undefined) continue;
    if (next[name] === undefined) next[name] = value;
  }
  return { body: next, warnings };
}

function joinSystem(template: string, callerSystem: unknown): unknown {
  if (typeof callerSystem === 'string' && callerSystem.length > 0) return `${template}\n\n${callerSystem}`;
  if (Array.isArray(callerSystem)) return [{ type: 'text', text: template }, ...(callerSystem as unknown[])];
  return template;
}

function withoutVariables(body: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...body };
  const metadata = copy.metadata;
  if (
    typeof metadata === 'object' &&
    metadata !== null &&
    !Array.isArray(metadata) &&
    'variables' in metadata
  ) {
    const { variables: _variables, ...rest } = metadata as Record<string, unknown>;
    if (Object.keys(rest).length > 0) copy.metadata = rest;
    else delete copy.metadata;
  }
  return copy;
}

/** The caller's `metadata.variables`, or an empty object. */
export function variablesOf(body: Record<string, unknown>): Record<string, unknown> | unknown {
  const metadata = body.metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return {};
  const variables = (metadata as Record<string, unknown>).variables;
  return variables === undefined ? {} : variables;
}
