import { emptyUsage, type ChatResponse, type ContentPart, type ToolCall } from '../../canonical/chat-model';
import { GatewayErrors } from '../../errors/gateway-error';
import { mapAnthropicUsage, type AnthropicUsage } from './anthropic-provider';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';

interface WireBlock {
  type?: string;
  text?: string;
  thinking?: string;
  signature?: string;
  data?: string;
  id?: string;
  name?: string;
  input?: unknown;
}

interface WireMessage {
  id?: string;
  model?: string;
  content?: WireBlock[];
  stop_reason?: string | null;
  stop_sequence?: string | null;
  usage?: AnthropicUsage;
}

/** Decodes a whole Anthropic `message` body. Server tool blocks (web search results, …) are not canonical. */
export function decodeAnthropicResponse(body: unknown): ChatResponse {
  if (!body || typeof body !== 'object' || !Array.isArray((body as WireMessage).content)) {
    throw GatewayErrors.upstreamInvalidResponse('Upstream sent a response that is not an Anthropic message');
  }
  const message = body as WireMessage;
  const content: ContentPart[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of message.content ?? []) {
    if (block.type === 'text' && typeof block.text === 'string') {
      content.push({ type: 'text', text: block.text });
    } else if (block.type === 'thinking') {
      content.push({ type: 'reasoning', text: block.thinking ?? '', signature: block.signature });
    } else if (block.type === 'redacted_thinking') {
      // The encrypted payload rides in `signature`: it is what must be sent back, and all there is.
      content.push({ type: 'reasoning', text: '', signature: block.data, redacted: true });
    } else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id ?? '',
        name: block.name ?? '',
        arguments: JSON.stringify(block.input ?? {}),
      });
    }
  }
  const stopReason = message.stop_reason ?? null;
  return {
    id: message.id ?? '',
    model: message.model ?? '',
    content,
    toolCalls,
    finishReason: mapAnthropicStopReason(stopReason),
    rawFinishReason: stopReason,
    stopSequence: message.stop_sequence ?? null,
    usage: mapAnthropicUsage(message.usage) ?? emptyUsage(),
  };
}
