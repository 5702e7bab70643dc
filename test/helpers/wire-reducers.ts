/* eslint-disable @typescript-eslint/no-explicit-any -- wire data is untyped JSON by nature */
/**
 * Independent reducers over each wire format's stream events: what a careful client would assemble from
 * them. Tests use them on captured fixtures (the expectation) and on what the gateway sent (the result).
 */
export interface Reduced {
  text: string;
  toolCalls: Array<{ name: string; arguments: unknown }>;
  /** The wire format's own finish/stop reason. */
  finish: string | null;
  usage: { input: number | null; output: number | null; cached: number | null };
}

function parseArguments(text: string): unknown {
  return text === '' ? {} : JSON.parse(text);
}

export function reduceOpenAiChunks(chunks: any[]): Reduced {
  const calls: Array<{ name: string; arguments: string }> = [];
  const result: Reduced = {
    text: '',
    toolCalls: [],
    finish: null,
    usage: { input: null, output: null, cached: null },
  };
  for (const chunk of chunks) {
    if (chunk.usage) {
      result.usage = {
        input: chunk.usage.prompt_tokens,
        output: chunk.usage.completion_tokens,
        cached: chunk.usage.prompt_tokens_details?.cached_tokens ?? null,
      };
    }
    for (const choice of chunk.choices ?? []) {
      result.text += choice.delta?.content ?? '';
      choice.delta?.tool_calls?.forEach((call: any, position: number) => {
        // Mistral sends whole calls without an index.
        const index = call.index ?? calls.length + position;
        const existing = (calls[index] ??= { name: '', arguments: '' });
        existing.name ||= call.function?.name ?? '';
        existing.arguments += call.function?.arguments ?? '';
      });
      if (choice.finish_reason) result.finish = choice.finish_reason;
    }
  }
  result.toolCalls = calls.map((call) => ({ name: call.name, arguments: parseArguments(call.arguments) }));
  return result;
}

export function reduceAnthropicEvents(events: any[]): Reduced {
  const blocks = new Map<number, { type: string; name?: string; json: string }>();
  const result: Reduced = {
    text: '',
    toolCalls: [],
    finish: null,
    usage: { input: null, output: null, cached: null },
  };
  const readUsage = (usage: any) => {
    if (!usage) return;
    if (usage.input_tokens !== undefined) result.usage.input = usage.input_tokens;
    if (usage.output_tokens !== undefined) result.usage.output = usage.output_tokens;
    if (usage.cache_read_input_tokens !== undefined) result.usage.cached = usage.cache_read_input_tokens;
  };
  for (const event of events) {
    if (event.type === 'message_start') readUsage(event.message.usage);
    if (event.type === 'content_block_start') {
      blocks.set(event.index, { type: event.content_block.type, name: event.content_block.name, json: '' });
    }
    if (event.type === 'content_block_delta') {
      if (event.delta.type === 'text_delta') result.text += event.delta.text;
      if (event.delta.type === 'input_json_delta') blocks.get(event.index)!.json += event.delta.partial_json;
    }
    if (event.type === 'message_delta') {
      result.finish = event.delta.stop_reason;
      readUsage(event.usage);
    }
  }
  result.toolCalls = [...blocks.entries()]
    .sort(([a], [b]) => a - b)
    .filter(([, block]) => block.type === 'tool_use')
    .map(([, block]) => ({ name: block.name!, arguments: parseArguments(block.json) }));
  return result;
}

export function reduceGeminiChunks(chunks: any[]): Reduced {
  const result: Reduced = {
    text: '',
    toolCalls: [],
    finish: null,
    usage: { input: null, output: null, cached: null },
  };
  for (const chunk of chunks) {
    for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
      if (part.text && !part.thought) result.text += part.text;
      if (part.functionCall)
        result.toolCalls.push({ name: part.functionCall.name, arguments: part.functionCall.args ?? {} });
    }
    if (chunk.candidates?.[0]?.finishReason) result.finish = chunk.candidates[0].finishReason;
    if (chunk.usageMetadata) {
      const usage = chunk.usageMetadata;
      result.usage = {
        input: usage.promptTokenCount ?? null,
        output: (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0),
        cached: usage.cachedContentTokenCount ?? null,
      };
    }
  }
  return result;
}

/** Splits SSE text into `data:` payloads (and event names), as a client reads them. */
export function parseSse(text: string): Array<{ event?: string; data: string }> {
  return text
    .split(/\n\n/)
    .filter((block) => block.includes('data:'))
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      return { event, data };
    });
}
