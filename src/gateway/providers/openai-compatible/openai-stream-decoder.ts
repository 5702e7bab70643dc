import type { StreamDecoder } from '../../canonical/adapters';
import type { StreamEvent } from '../../canonical/chat-model';
import type { SseEvent } from '../../sse/sse-parser';
import { mapOpenAiFinishReason } from './map-openai-finish-reason';
import { mapOpenAiUsage } from './openai-compatible-provider';

/** A tool call being streamed, keyed by the upstream's own index. */
interface StreamedToolCall {
  /** Our index: the order in which calls appeared (0, 1, …). */
  index: number;
  id: string | null;
  name: string | null;
  started: boolean;
  /** Argument text that arrived before the call's name, sent once the call can start. */
  pendingArguments: string;
}

const MALFORMED = 'Upstream sent a malformed stream chunk';
const ENDED_EARLY = 'Upstream stream ended early';

/**
 * Decodes one `chat.completion.chunk` stream from an OpenAI-compatible upstream. Dialects handled here:
 * DeepSeek/xAI `reasoning_content` and OpenRouter `reasoning`; Mistral's whole tool calls with no `index`;
 * Azure's leading chunk with an empty id (prompt filter results); Groq's usage under `x_groq`.
 */
export function createOpenAiStreamDecoder(): StreamDecoder {
  let started = false;
  let finished = false;
  let failed = false;
  let done = false;
  const toolCalls = new Map<string, StreamedToolCall>();
  let lastToolCall: StreamedToolCall | null = null;
  let unindexedCount = 0;

  function start(chunk: Record<string, unknown>, events: StreamEvent[]): void {
    if (started) return;
    started = true;
    events.push({
      type: 'start',
      id: typeof chunk.id === 'string' ? chunk.id : '',
      model: typeof chunk.model === 'string' ? chunk.model : '',
    });
  }

  function decodeToolCall(call: Record<string, unknown>, events: StreamEvent[]): void {
    const fn = isRecord(call.function) ? call.function : {};
    const id = nonEmptyString(call.id);
    const name = nonEmptyString(fn.name);
    let entry: StreamedToolCall | null | undefined;
    if (typeof call.index === 'number') {
      entry = toolCalls.get(`index:${call.index}`);
      if (!entry) {
        entry = newToolCall();
        toolCalls.set(`index:${call.index}`, entry);
      }
    } else if (id === null && name === null) {
      // No index, id or name: more arguments for the call in progress.
      entry = lastToolCall;
    } else {
      // Mistral sends each call whole and without `index`: every such call is the next one.
      entry = newToolCall();
      toolCalls.set(`unindexed:${unindexedCount++}`, entry);
    }
    if (!entry) return;
    lastToolCall = entry;
    if (id !== null && entry.id === null) entry.id = id;
    if (name !== null && entry.name === null) entry.name = name;
    const piece = typeof fn.arguments === 'string' ? fn.arguments : '';
    if (!entry.started && entry.name !== null) {
      entry.started = true;
      events.push({
        type: 'tool-call-start',
        index: entry.index,
        // Callers need an id to send the result back; some local servers leave it out.
        id: entry.id ?? `call_${entry.index}`,
        name: entry.name,
      });
      entry.pendingArguments += piece;
      if (entry.pendingArguments !== '') {
        events.push({ type: 'tool-call-delta', index: entry.index, argumentsDelta: entry.pendingArguments });
      }
      entry.pendingArguments = '';
    } else if (!entry.started) {
      entry.pendingArguments += piece;
    } else if (piece !== '') {
      events.push({ type: 'tool-call-delta', index: entry.index, argumentsDelta: piece });
    }
  }

  function newToolCall(): StreamedToolCall {
    return { index: toolCalls.size, id: null, name: null, started: false, pendingArguments: '' };
  }

  function decodeChoice(choice: Record<string, unknown>, events: StreamEvent[]): string | null {
    const delta = isRecord(choice.delta) ? choice.delta : {};
    // Some servers send the same text as both `reasoning_content` and `reasoning`: take one.
    const reasoning = typeof delta.reasoning_content === 'string' ? delta.reasoning_content : delta.reasoning;
    if (typeof reasoning === 'string' && reasoning !== '') {
      events.push({ type: 'reasoning-delta', text: reasoning });
    }
    if (typeof delta.content === 'string' && delta.content !== '') {
      events.push({ type: 'text-delta', text: delta.content });
    }
    // A refusal reaches callers of other formats as text, as in the non-streamed decoder.
    if (typeof delta.refusal === 'string' && delta.refusal !== '') {
      events.push({ type: 'text-delta', text: delta.refusal });
    }
    if (Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls) if (isRecord(call)) decodeToolCall(call, events);
    }
    return typeof choice.finish_reason === 'string' ? choice.finish_reason : null;
  }

  function decodeChunk(chunk: Record<string, unknown>): StreamEvent[] {
    if (isRecord(chunk.error)) {
      failed = true;
      const message = typeof chunk.error.message === 'string' ? chunk.error.message : 'Upstream stream error';
      const code = chunk.error.code;
      // OpenRouter puts the HTTP status in `code`; OpenAI puts a word there.
      const status = typeof code === 'number' && code >= 400 && code <= 599 ? code : undefined;
      return [status === undefined ? { type: 'error', message } : { type: 'error', message, status }];
    }
    const events: StreamEvent[] = [];
    // Azure's first chunk (prompt filter results) has an empty id: wait for the real one.
    if (nonEmptyString(chunk.id) !== null) start(chunk, events);
    let rawFinishReason: string | null = null;
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    for (const choice of choices) {
      // Only one answer is asked for (n > 1 has no canonical home).
      if (!isRecord(choice) || (choice.index !== undefined && choice.index !== 0)) continue;
      const content: StreamEvent[] = [];
      rawFinishReason = decodeChoice(choice, content) ?? rawFinishReason;
      if (content.length > 0) start(chunk, events);
      events.push(...content);
    }
    // Groq used to report usage only under `x_groq`.
    const usage = mapOpenAiUsage(chunk.usage ?? (isRecord(chunk.x_groq) ? chunk.x_groq.usage : undefined));
    if (usage) {
      start(chunk, events);
      events.push({ type: 'usage', usage });
    }
    // Usage goes before finish when one chunk carries both (Mistral), so encoders that close the answer
    // on finish already hold the token counts.
    if (rawFinishReason !== null && !finished) {
      finished = true;
      start(chunk, events);
      events.push({ type: 'finish', finishReason: mapOpenAiFinishReason(rawFinishReason), rawFinishReason });
    }
    return events;
  }

  return {
    decode(event: SseEvent): StreamEvent[] {
      const data = event.data.trim();
      if (done || data === '') return [];
      if (data === '[DONE]') {
        done = true;
        return [];
      }
      let chunk: unknown;
      try {
        chunk = JSON.parse(data);
      } catch {
        chunk = undefined;
      }
      if (!isRecord(chunk)) {
        failed = true;
        return [{ type: 'error', message: MALFORMED, status: 502 }];
      }
      return decodeChunk(chunk);
    },
    end(): StreamEvent[] {
      // A stream that already failed has said why; one that finished may omit [DONE] (some local servers).
      if (finished || failed) return [];
      failed = true;
      return [{ type: 'error', message: ENDED_EARLY, status: 502 }];
    },
  };
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
