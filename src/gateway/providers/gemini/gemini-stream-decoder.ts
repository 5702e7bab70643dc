import type { StreamDecoder } from '../../canonical/adapters';
import type { StreamEvent } from '../../canonical/chat-model';
import type { SseEvent } from '../../sse/sse-parser';
import { geminiErrorMessage } from './gemini-error';
import {
  generatedResponseId,
  geminiBlockReason,
  geminiToolCallId,
  mapGeminiUsage,
  readGeminiParts,
} from './gemini-response-decoder';
import { isJsonObject } from './gemini-wire-types';
import { mapGeminiFinishReason } from './map-gemini-finish-reason';

const MALFORMED_CHUNK = 'Upstream sent a malformed stream chunk';

/**
 * Decodes `streamGenerateContent?alt=sse`. Unlike OpenAI and Anthropic, every event is a whole
 * GenerateContentResponse: text arrives as pieces, but each functionCall arrives complete (so it becomes
 * one tool-call-start and one tool-call-delta) and usageMetadata is the running total so far.
 */
export class GeminiStreamDecoder implements StreamDecoder {
  private responseId: string | null = null;
  private toolCallCount = 0;
  private finished = false;
  private failed = false;

  decode(event: SseEvent): StreamEvent[] {
    // After an error the answer is already broken; later chunks would only contradict it.
    if (this.failed) return [];
    const data = event.data.trim();
    if (data === '') return [];
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      return this.fail(MALFORMED_CHUNK);
    }
    if (!isJsonObject(chunk)) return this.fail(MALFORMED_CHUNK);
    if (chunk.error !== undefined) {
      const code = isJsonObject(chunk.error) ? chunk.error.code : undefined;
      return this.fail(geminiErrorMessage(chunk) ?? 'Gemini reported an error', code);
    }

    const events: StreamEvent[] = [];
    if (this.responseId === null) {
      this.responseId =
        typeof chunk.responseId === 'string' && chunk.responseId !== ''
          ? chunk.responseId
          : generatedResponseId();
      const model = typeof chunk.modelVersion === 'string' ? chunk.modelVersion : '';
      events.push({ type: 'start', id: this.responseId, model });
    }
    const candidate = Array.isArray(chunk.candidates) ? chunk.candidates[0] : undefined;
    if (isJsonObject(candidate)) {
      const parts = isJsonObject(candidate.content) ? candidate.content.parts : undefined;
      for (const reading of readGeminiParts(parts)) events.push(...this.partEvents(reading));
    }
    const usage = mapGeminiUsage(chunk.usageMetadata);
    // Usage before finish, so encoders that close the answer on finish already hold the final counts.
    if (usage) events.push({ type: 'usage', usage });
    if (!this.finished) {
      const finish = this.finishEvent(chunk, candidate);
      if (finish) events.push(finish);
    }
    return events;
  }

  end(): StreamEvent[] {
    if (this.finished || this.failed) return [];
    this.failed = true;
    return [{ type: 'error', message: 'Upstream stream ended early' }];
  }

  private finishEvent(chunk: Record<string, unknown>, candidate: unknown): StreamEvent | null {
    if (isJsonObject(candidate)) {
      if (typeof candidate.finishReason !== 'string') return null;
      this.finished = true;
      const finishReason = mapGeminiFinishReason(candidate.finishReason, this.toolCallCount > 0);
      return { type: 'finish', finishReason, rawFinishReason: candidate.finishReason };
    }
    // No candidate at all: Gemini refused the prompt itself (promptFeedback.blockReason).
    const blockReason = geminiBlockReason(chunk);
    if (blockReason === null) return null;
    this.finished = true;
    return { type: 'finish', finishReason: 'content-filter', rawFinishReason: blockReason };
  }

  private partEvents(reading: ReturnType<typeof readGeminiParts>[number]): StreamEvent[] {
    switch (reading.kind) {
      case 'text':
        return [{ type: 'text-delta', text: reading.text }];
      case 'reasoning':
        return [
          {
            type: 'reasoning-delta',
            text: reading.text,
            ...(reading.signature ? { signature: reading.signature } : {}),
          },
        ];
      case 'tool-call': {
        const index = this.toolCallCount++;
        const id = geminiToolCallId(this.responseId ?? '', index);
        return [
          { type: 'tool-call-start', index, id, name: reading.name },
          { type: 'tool-call-delta', index, argumentsDelta: reading.arguments },
        ];
      }
    }
  }

  private fail(message: string, status?: unknown): StreamEvent[] {
    this.failed = true;
    return [{ type: 'error', message, ...(typeof status === 'number' ? { status } : {}) }];
  }
}
