import type { ChatMessage, ChatRequest, ContentPart, ImageSource } from '../../canonical/chat-model';

export interface OpenAiRequestOptions {
  /**
   * OpenAI deprecated `max_tokens` and its reasoning models refuse it; most other OpenAI-compatible
   * servers only know `max_tokens`.
   */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** Ask for the final usage chunk on streams (`stream_options.include_usage`). Default true. */
  streamUsage?: boolean;
}

type WirePart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

/**
 * The canonical request → an OpenAI chat-completions body. Settings with no OpenAI equivalent are
 * pushed onto `request.warnings`.
 */
export function convertToOpenAiRequest(
  request: ChatRequest,
  options: OpenAiRequestOptions = {},
): Record<string, unknown> {
  const warn = (message: string) => {
    if (!request.warnings.includes(message)) request.warnings.push(message);
  };
  const messages: Record<string, unknown>[] = request.system.map((text) => ({
    role: 'system',
    content: text,
  }));
  for (const message of request.messages) messages.push(convertMessage(message, warn));

  const body: Record<string, unknown> = { model: request.model, messages };
  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        parameters: tool.parameters,
      },
    }));
  }
  if (request.toolChoice !== undefined) {
    body.tool_choice =
      typeof request.toolChoice === 'string'
        ? request.toolChoice
        : { type: 'function', function: { name: request.toolChoice.name } };
  }
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.maxTokens !== undefined) body[options.maxTokensField ?? 'max_tokens'] = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) warn('top_k is not supported by OpenAI-compatible providers');
  if (request.stop.length > 0) body.stop = request.stop;
  if (request.responseFormat !== undefined) {
    const format = request.responseFormat;
    body.response_format =
      format.type === 'json_schema'
        ? {
            type: 'json_schema',
            json_schema: {
              name: format.name,
              schema: format.schema,
              ...(format.strict !== undefined ? { strict: format.strict } : {}),
            },
          }
        : { type: format.type };
  }
  if (request.reasoning?.effort !== undefined) {
    body.reasoning_effort = request.reasoning.effort;
  } else if (request.reasoning?.budgetTokens !== undefined) {
    warn(
      'A reasoning budget in tokens is not supported by OpenAI-compatible providers (they take reasoning_effort); it was ignored',
    );
  }
  if (request.user !== undefined) body.user = request.user;
  if (request.stream) {
    body.stream = true;
    if (options.streamUsage ?? true) body.stream_options = { include_usage: true };
  }
  return body;
}

function convertMessage(message: ChatMessage, warn: (message: string) => void): Record<string, unknown> {
  if (message.role === 'user') {
    const parts: WirePart[] = [];
    for (const part of message.content) {
      if (part.type === 'text') parts.push({ type: 'text', text: part.text });
      else if (part.type === 'image')
        parts.push({ type: 'image_url', image_url: { url: imageUrl(part.source) } });
      // Reasoning is the model's own; it has no place in a user turn.
    }
    return { role: 'user', content: compactContent(parts) };
  }
  if (message.role === 'assistant') {
    const texts = textParts(message.content, 'assistant messages', warn);
    const wire: Record<string, unknown> = {
      role: 'assistant',
      // OpenAI takes null content beside tool calls; without tool calls an empty answer is "".
      content: texts.length > 0 ? compactContent(texts) : message.toolCalls.length > 0 ? null : '',
    };
    if (message.toolCalls.length > 0) {
      wire.tool_calls = message.toolCalls.map((call) => ({
        id: call.id,
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      }));
    }
    return wire;
  }
  if (message.isError) {
    warn('OpenAI-compatible providers have no error flag on tool results; the result was sent as plain text');
  }
  const texts = textParts(message.content, 'tool results', warn);
  return { role: 'tool', tool_call_id: message.toolCallId, content: compactContent(texts) };
}

/**
 * Text parts of an assistant message or tool result. Reasoning is provider-private (signatures only
 * verify at the provider that made them), so it is left out without a warning; images cannot be sent
 * there in OpenAI's format, so they are dropped with one.
 */
function textParts(
  content: ContentPart[],
  where: string,
  warn: (message: string) => void,
): Array<{ type: 'text'; text: string }> {
  const texts: Array<{ type: 'text'; text: string }> = [];
  for (const part of content) {
    if (part.type === 'text') texts.push({ type: 'text', text: part.text });
    else if (part.type === 'image') {
      warn(`Images in ${where} are not supported by OpenAI-compatible providers and were dropped`);
    }
  }
  return texts;
}

/**
 * A lone text part goes as a plain string: every OpenAI-compatible server takes that, while some
 * (DeepSeek, older local servers) refuse content arrays. No parts at all is an empty string, which
 * servers accept where they refuse an empty array.
 */
function compactContent(parts: WirePart[]): string | WirePart[] {
  const [first] = parts;
  if (first === undefined) return '';
  if (parts.length === 1 && first?.type === 'text') return first.text;
  return parts;
}

function imageUrl(source: ImageSource): string {
  return source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
}
