import type { ChatResponse, ContentPart, ToolCall, Usage } from '../../canonical/chat-model';
import { toAnthropicStopReason } from '../../providers/anthropic/map-anthropic-stop-reason';

/** Anthropic message ids start with `msg_`; other providers' ids are prefixed so clients that check still work. */
export function anthropicMessageId(id: string): string {
  return id.startsWith('msg_') ? id : `msg_${id || crypto.randomUUID().replaceAll('-', '')}`;
}

export interface AnthropicUsageBody {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

/**
 * Canonical inputTokens includes cache reads (OpenAI semantics); Anthropic reports them beside input_tokens, so
 * they are subtracted and moved to cache_read_input_tokens. Cache writes are not tracked canonically (an
 * Anthropic upstream's writes are inside inputTokens), so cache_creation_input_tokens is always 0.
 */
export function encodeAnthropicUsage(usage: Usage): AnthropicUsageBody {
  const cached = usage.cachedTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage.inputTokens ?? 0) - cached),
    output_tokens: usage.outputTokens ?? 0,
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: 0,
  };
}

/** The whole Anthropic `message` body for a non-streamed answer. `model` is the name the caller used. */
export function encodeAnthropicResponse(response: ChatResponse, model: string): Record<string, unknown> {
  return {
    id: anthropicMessageId(response.id),
    type: 'message',
    role: 'assistant',
    model,
    content: [...response.content.flatMap(contentBlock), ...response.toolCalls.map(toolUseBlock)],
    stop_reason: toAnthropicStopReason(
      response.finishReason,
      response.rawFinishReason,
      response.stopSequence,
    ),
    stop_sequence: response.stopSequence ?? null,
    usage: encodeAnthropicUsage(response.usage),
  };
}

function contentBlock(part: ContentPart): Record<string, unknown>[] {
  switch (part.type) {
    case 'text':
      // Anthropic never sends empty text blocks, and refuses them when a client sends the turn back.
      return part.text ? [{ type: 'text', text: part.text }] : [];
    case 'reasoning':
      return part.redacted
        ? [{ type: 'redacted_thinking', data: part.signature ?? '' }]
        : [{ type: 'thinking', thinking: part.text, signature: part.signature ?? '' }];
    case 'image':
      // Anthropic answers cannot hold images.
      return [];
  }
}

function toolUseBlock(call: ToolCall): Record<string, unknown> {
  return { type: 'tool_use', id: call.id, name: call.name, input: parseInput(call.arguments) };
}

/** Anthropic clients expect `input` to be an object; arguments a model garbled become {} rather than a failure. */
export function parseInput(argumentsText: string): Record<string, unknown> {
  try {
    const input: unknown = JSON.parse(argumentsText || '{}');
    if (typeof input === 'object' && input !== null && !Array.isArray(input))
      return input as Record<string, unknown>;
  } catch {
    // Fall through to {}.
  }
  return {};
}
