import type { FinishReason } from '../../canonical/chat-model';

/** Anthropic's stop reasons and what each means in the canonical vocabulary (docs/translation.md). */
const FROM_ANTHROPIC: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  // The conversation no longer fits: like max_tokens, the answer was cut for lack of room.
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
  // A server tool loop paused; the caller is expected to send the turn back to continue it.
  pause_turn: 'other',
};

/** Maps Anthropic's `stop_reason`; unknown or missing reasons become 'other' (the raw value is kept beside it). */
export function mapAnthropicStopReason(stopReason: string | null | undefined): FinishReason {
  return (stopReason && FROM_ANTHROPIC[stopReason]) || 'other';
}

/**
 * The `stop_reason` an Anthropic caller sees. When the upstream already spoke Anthropic's vocabulary and the raw
 * reason agrees with the canonical one, it is passed through, so `pause_turn` or `model_context_window_exceeded`
 * survive a round trip. Other providers' raw reasons (`stop`, `STOP`, `tool_calls`) never collide with these.
 */
export function toAnthropicStopReason(
  finishReason: FinishReason,
  rawFinishReason: string | null | undefined,
  stopSequence: string | null | undefined,
): string {
  if (rawFinishReason && FROM_ANTHROPIC[rawFinishReason] === finishReason) return rawFinishReason;
  switch (finishReason) {
    case 'stop':
      return stopSequence ? 'stop_sequence' : 'end_turn';
    case 'length':
      return 'max_tokens';
    case 'tool-calls':
      return 'tool_use';
    case 'content-filter':
      return 'refusal';
    default:
      // Anthropic has no 'error' or 'other' reason; end_turn is the one every client accepts.
      return 'end_turn';
  }
}
