import type { StreamEncoder } from '../../canonical/adapters';
import { emptyUsage, mergeUsage, type StreamEvent } from '../../canonical/chat-model';
import { encodeError, GatewayError, GatewayErrors } from '../../errors/gateway-error';
import { formatSseEvent } from '../../sse/sse-writer';
import { encodeOpenAiFinishReason, encodeOpenAiUsage, openAiCompletionId } from './encode-openai-response';

export interface OpenAiStreamEncoderOptions {
  /** The caller asked for `stream_options.include_usage`: end with a usage-only chunk before [DONE]. */
  includeUsage: boolean;
}

/**
 * Canonical stream events → OpenAI `chat.completion.chunk` SSE. Every chunk shares one id and `created`,
 * as OpenAI's own streams do; clients accumulate by choice and tool-call index.
 */
export function createOpenAiStreamEncoder(model: string, options: OpenAiStreamEncoderOptions): StreamEncoder {
  const created = Math.floor(Date.now() / 1000);
  let id: string | null = null;
  let finished = false;
  let usage = emptyUsage();
  // Canonical index → OpenAI index. Clients index an array with it, so it must count 0, 1, … even if a
  // provider numbered its calls otherwise (e.g. by content block).
  const toolIndexes = new Map<number, number>();

  function chunk(body: Record<string, unknown>): string {
    return formatSseEvent(JSON.stringify({ id, object: 'chat.completion.chunk', created, model, ...body }));
  }

  function choice(delta: Record<string, unknown>, finishReason: string | null = null): string {
    return chunk({ choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });
  }

  /** The first chunk names the role; it goes out before anything else, whatever the first event is. */
  function opening(upstreamId = ''): string {
    if (id !== null) return '';
    id = openAiCompletionId(upstreamId);
    return choice({ role: 'assistant', content: '' });
  }

  function toolIndex(index: number): number {
    let openAiIndex = toolIndexes.get(index);
    if (openAiIndex === undefined) {
      openAiIndex = toolIndexes.size;
      toolIndexes.set(index, openAiIndex);
    }
    return openAiIndex;
  }

  return {
    encode(event: StreamEvent): string {
      switch (event.type) {
        case 'start':
          return opening(event.id);
        case 'text-delta':
          return event.text === '' ? '' : opening() + choice({ content: event.text });
        case 'reasoning-delta':
          // Signatures are for sending reasoning back to Anthropic/Gemini; OpenAI's format has no place for them.
          return event.text === '' ? '' : opening() + choice({ reasoning_content: event.text });
        case 'tool-call-start':
          return (
            opening() +
            choice({
              tool_calls: [
                {
                  index: toolIndex(event.index),
                  id: event.id,
                  type: 'function',
                  function: { name: event.name, arguments: '' },
                },
              ],
            })
          );
        case 'tool-call-delta':
          if (event.argumentsDelta === '') return '';
          return (
            opening() +
            choice({
              tool_calls: [{ index: toolIndex(event.index), function: { arguments: event.argumentsDelta } }],
            })
          );
        case 'usage':
          // Held for the usage-only chunk OpenAI sends last.
          usage = mergeUsage(usage, event.usage);
          return '';
        case 'finish': {
          if (finished) return '';
          finished = true;
          const reason = encodeOpenAiFinishReason(event.finishReason, toolIndexes.size > 0);
          return opening() + choice({}, reason);
        }
        case 'error': {
          const error = new GatewayError(
            GatewayErrors.upstreamError.code,
            event.status ?? 502,
            event.message,
          );
          // OpenAI's SDKs throw an APIError when a chunk carries `error`.
          return formatSseEvent(JSON.stringify(encodeError('openai', error)));
        }
      }
    },
    end(): string {
      let text = opening();
      if (options.includeUsage) text += chunk({ choices: [], usage: encodeOpenAiUsage(usage) });
      return `${text}${formatSseEvent('[DONE]')}`;
    },
  };
}
