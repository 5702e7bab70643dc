import type { FinishReason } from '../../canonical/chat-model';

const CONTENT_FILTER = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

// The model produced a tool call Gemini could not accept: the answer is unusable, as with an error.
const ERROR = new Set(['MALFORMED_FUNCTION_CALL', 'UNEXPECTED_TOOL_CALL', 'MISSING_THOUGHT_SIGNATURE']);

/**
 * Gemini's finishReason → the canonical finish reason (docs/translation.md). Callers keep the raw value.
 *
 * Gemini has no "tool calls" reason: it says STOP when it stops to call functions. So STOP with at least
 * one functionCall in the answer becomes 'tool-calls', which is what OpenAI and Anthropic clients loop on.
 */
export function mapGeminiFinishReason(raw: string | null | undefined, sawToolCall: boolean): FinishReason {
  if (raw === 'STOP') return sawToolCall ? 'tool-calls' : 'stop';
  if (raw === 'MAX_TOKENS') return 'length';
  if (raw && CONTENT_FILTER.has(raw)) return 'content-filter';
  if (raw && ERROR.has(raw)) return 'error';
  // FINISH_REASON_UNSPECIFIED, OTHER, LANGUAGE, TOO_MANY_TOOL_CALLS, NO_IMAGE and anything newer.
  return 'other';
}
