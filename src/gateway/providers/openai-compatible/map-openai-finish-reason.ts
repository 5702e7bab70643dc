import type { FinishReason } from '../../canonical/chat-model';

/**
 * OpenAI's `finish_reason` (and the variants OpenAI-compatible servers send) → the canonical reason.
 * Callers keep the raw string beside it as `rawFinishReason`.
 */
export function mapOpenAiFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
    // Mistral: the model's own context window ran out rather than max_tokens.
    case 'model_length':
      return 'length';
    case 'tool_calls':
    // Pre-tools API, still sent by some servers.
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    // Mistral and OpenRouter end a stream that failed part-way with "error".
    case 'error':
      return 'error';
    default:
      return 'other';
  }
}
