import { emptyUsage, type ChatResponse, type ContentPart, type ToolCall } from '../../canonical/chat-model';
import { GatewayErrors } from '../../errors/gateway-error';
import { mapOpenAiFinishReason } from './map-openai-finish-reason';
import { mapOpenAiUsage } from './openai-compatible-provider';

/** A whole `chat.completion` body from an OpenAI-compatible upstream → the canonical response. */
export function decodeOpenAiResponse(body: unknown): ChatResponse {
  if (!isRecord(body)) throw invalid('the body is not a JSON object');
  // Some servers (OpenRouter, LM Studio) answer 200 with an error object instead of an error status.
  if (isRecord(body.error)) {
    const message = typeof body.error.message === 'string' ? body.error.message : 'unknown error';
    throw GatewayErrors.upstreamError(`Upstream error: ${message}`);
  }
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (!isRecord(choice) || !isRecord(choice.message)) throw invalid('it has no choices[0].message');
  const message = choice.message;
  const rawFinishReason = typeof choice.finish_reason === 'string' ? choice.finish_reason : null;
  return {
    id: typeof body.id === 'string' ? body.id : '',
    model: typeof body.model === 'string' ? body.model : '',
    content: decodeContent(message),
    toolCalls: decodeToolCalls(message),
    finishReason: mapOpenAiFinishReason(rawFinishReason),
    rawFinishReason,
    usage: mapOpenAiUsage(body.usage) ?? emptyUsage(),
  };
}

function decodeContent(message: Record<string, unknown>): ContentPart[] {
  const parts: ContentPart[] = [];
  // DeepSeek and xAI send `reasoning_content`, OpenRouter `reasoning`; some servers send both with the
  // same text, so the first one present wins. Reasoning comes before the answer it led to.
  const reasoning = nonEmptyString(message.reasoning_content) ?? nonEmptyString(message.reasoning);
  if (reasoning !== null) parts.push({ type: 'reasoning', text: reasoning });
  if (typeof message.content === 'string') {
    if (message.content !== '') parts.push({ type: 'text', text: message.content });
  } else if (Array.isArray(message.content)) {
    // A few servers (Mistral's reasoning models) answer with content parts instead of a string.
    for (const part of message.content) {
      if (!isRecord(part)) continue;
      if (part.type === 'text' && typeof part.text === 'string' && part.text !== '') {
        parts.push({ type: 'text', text: part.text });
      } else if (part.type === 'thinking' && Array.isArray(part.thinking)) {
        const text = part.thinking
          .map((piece) => (isRecord(piece) && typeof piece.text === 'string' ? piece.text : ''))
          .join('');
        if (text !== '') parts.push({ type: 'reasoning', text });
      }
    }
  }
  // A refusal is what the model said instead of an answer; callers of other formats have no refusal
  // field, so it reaches them as text.
  const refusal = nonEmptyString(message.refusal);
  if (refusal !== null) parts.push({ type: 'text', text: refusal });
  return parts;
}

function decodeToolCalls(message: Record<string, unknown>): ToolCall[] {
  const calls: ToolCall[] = [];
  const wireCalls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  wireCalls.forEach((call, position) => {
    if (!isRecord(call) || !isRecord(call.function) || typeof call.function.name !== 'string') {
      throw invalid(`choices[0].message.tool_calls[${position}] has no function name`);
    }
    calls.push({
      // Ids are optional on some local servers; callers need one to send the result back.
      id: nonEmptyString(call.id) ?? `call_${position}`,
      name: call.function.name,
      arguments: argumentsText(call.function.arguments),
    });
  });
  // The pre-tools `function_call` field: one call, which has no id of its own.
  const legacy = message.function_call;
  if (calls.length === 0 && isRecord(legacy) && typeof legacy.name === 'string') {
    calls.push({ id: legacy.name, name: legacy.name, arguments: argumentsText(legacy.arguments) });
  }
  return calls;
}

/** Arguments are JSON text; a call with none is "{}" in the canonical model. */
function argumentsText(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '{}' : value;
  // Ollama has sent arguments as an object rather than as JSON text.
  if (isRecord(value)) return JSON.stringify(value);
  return '{}';
}

function invalid(reason: string) {
  return GatewayErrors.upstreamInvalidResponse(
    `Upstream sent a chat completion that cannot be read: ${reason}`,
  );
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
