import { randomUUID } from 'node:crypto';
import type { ChatResponse, ContentPart, FinishReason, Usage } from '../../canonical/chat-model';

/** The canonical response → an OpenAI `chat.completion` body. `model` is the name the caller used. */
export function encodeOpenAiResponse(response: ChatResponse, model: string): Record<string, unknown> {
  const text = joinText(response.content, 'text');
  const reasoning = joinText(response.content, 'reasoning');
  const message: Record<string, unknown> = { role: 'assistant', content: text, refusal: null };
  if (reasoning !== null) message.reasoning_content = reasoning;
  if (response.toolCalls.length > 0) {
    message.tool_calls = response.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    id: openAiCompletionId(response.id),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: encodeOpenAiFinishReason(response.finishReason, response.toolCalls.length > 0),
      },
    ],
    usage: encodeOpenAiUsage(response.usage),
  };
}

/**
 * The canonical finish reason → OpenAI's. Agents run tools only when they see "tool_calls", and some
 * providers (Gemini) end a turn that called tools with a plain "stop", so calls win over stop/other.
 */
export function encodeOpenAiFinishReason(reason: FinishReason, hasToolCalls: boolean): string {
  if (hasToolCalls && (reason === 'stop' || reason === 'other')) return 'tool_calls';
  switch (reason) {
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    // OpenAI has no word for these; "stop" is what its clients handle as a normal end.
    default:
      return 'stop';
  }
}

/**
 * Canonical usage → OpenAI's `usage`. OpenAI's SDKs type the token counts as numbers, so a count the
 * provider did not report is sent as 0 (the log keeps it as unknown); the cached count, which OpenAI
 * treats as optional, is left out instead.
 */
export function encodeOpenAiUsage(usage: Usage): Record<string, unknown> {
  const prompt = usage.inputTokens ?? 0;
  const completion = usage.outputTokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    ...(usage.cachedTokens !== null ? { prompt_tokens_details: { cached_tokens: usage.cachedTokens } } : {}),
  };
}

/** OpenAI completion ids start with "chatcmpl-"; other providers' ids are kept after that prefix. */
export function openAiCompletionId(id: string): string {
  if (id === '') return `chatcmpl-${randomUUID().replaceAll('-', '')}`;
  return id.startsWith('chatcmpl-') ? id : `chatcmpl-${id}`;
}

/**
 * All text (or reasoning) parts joined, or null when there are none. Redacted reasoning is opaque
 * provider data, not something a caller can read.
 */
function joinText(content: ContentPart[], type: 'text' | 'reasoning'): string | null {
  const texts: string[] = [];
  for (const part of content) {
    if (part.type === 'text' && type === 'text') texts.push(part.text);
    if (part.type === 'reasoning' && type === 'reasoning' && !part.redacted) texts.push(part.text);
  }
  return texts.length > 0 ? texts.join('') : null;
}
