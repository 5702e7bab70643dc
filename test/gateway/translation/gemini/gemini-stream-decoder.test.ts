import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../../src/gateway/canonical/chat-model';
import { GeminiStreamDecoder } from '../../../../src/gateway/providers/gemini/gemini-stream-decoder';
import { SseParser, type SseEvent } from '../../../../src/gateway/sse/sse-parser';
import { fixtureNames, readChunks, reduceEvents, reduceWire } from './gemini-fixtures';

function decodeLines(lines: string[]): StreamEvent[] {
  const decoder = new GeminiStreamDecoder();
  return [...lines.flatMap((line) => decoder.decode({ data: line })), ...decoder.end()];
}

/** Feeds raw SSE bytes, cut at the given offsets, through the gateway's SSE parser into the decoder. */
function decodeBytes(bytes: Uint8Array, cuts: number[]): StreamEvent[] {
  const decoder = new GeminiStreamDecoder();
  const events: StreamEvent[] = [];
  const parser = new SseParser((event: SseEvent) => events.push(...decoder.decode(event)));
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    parser.feed(bytes.subarray(start, cut));
    start = cut;
  }
  parser.end();
  events.push(...decoder.end());
  return events;
}

/** Small seeded generator (mulberry32) so a failing split can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCuts(length: number, seed: number): number[] {
  const next = random(seed);
  const count = 1 + Math.floor(next() * 40);
  const cuts = Array.from({ length: count }, () => Math.floor(next() * length));
  return [...new Set(cuts)].sort((a, b) => a - b);
}

const chunkFixtures = fixtureNames('.chunks.txt');

describe('Gemini stream decoder: captured streams', () => {
  it('has every captured Gemini stream to replay', () => {
    expect(chunkFixtures).toEqual([
      'google-reasoning.chunks.txt',
      'google-text.chunks.txt',
      'google-tool-call.chunks.txt',
    ]);
  });

  it.each(chunkFixtures)('%s decodes to what the wire says', (name) => {
    const lines = readChunks(name);
    const events = decodeLines(lines);
    const decoded = reduceEvents(events);
    const wire = reduceWire(lines);

    expect(events[0]).toEqual({
      type: 'start',
      id: (JSON.parse(lines[0]!) as { responseId: string }).responseId,
      model: 'gemini-3-pro-preview',
    });
    expect(events.filter((event) => event.type === 'error')).toEqual([]);
    expect(events.filter((event) => event.type === 'finish')).toHaveLength(1);
    expect(decoded.text).toBe(wire.text);
    expect(decoded.reasoning).toBe(wire.reasoning);
    expect(decoded.signatures).toEqual(wire.signatures);
    expect(decoded.toolCalls.map(({ name, args }) => ({ name, args }))).toEqual(wire.toolCalls);
    expect(decoded.finishReason).toBe(wire.finishReason);
    expect(decoded.rawFinishReason).toBe(wire.rawFinishReason);
    expect(decoded.usage.inputTokens).toBe(wire.inputTokens);
    expect(decoded.usage.outputTokens).toBe(wire.outputTokens);
  });

  it('google-tool-call: one weather call for San Francisco, finished as tool-calls', () => {
    const events = decodeLines(readChunks('google-tool-call.chunks.txt'));
    const decoded = reduceEvents(events);
    expect(decoded.toolCalls).toEqual([
      { id: 'call_b36LacjwM668nsEP2tbsgQQ_0', name: 'weather', args: { location: 'San Francisco' } },
    ]);
    expect(decoded.text).toBe('');
    expect(decoded.finishReason).toBe('tool-calls');
    expect(decoded.rawFinishReason).toBe('STOP');
    // Thinking is billed as output: 15 candidate tokens + 45 thought tokens.
    expect(decoded.usage).toEqual({ inputTokens: 29, outputTokens: 60, cachedTokens: 0 });
    // The call's thought signature comes just before it, so it can be sent back on the same call.
    const types = events.map((event) => event.type);
    expect(types.slice(0, 4)).toEqual(['start', 'reasoning-delta', 'tool-call-start', 'tool-call-delta']);
    expect(decoded.signatures).toHaveLength(1);
    expect(decoded.signatures[0]).toMatch(/^EqUCCqICAb4/);
  });

  it('google-text: the answer text, stop, and usage with thinking as output', () => {
    const decoded = reduceEvents(decodeLines(readChunks('google-text.chunks.txt')));
    expect(decoded.text).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    expect(decoded.reasoning).toBe('');
    expect(decoded.signatures).toHaveLength(1);
    expect(decoded.toolCalls).toEqual([]);
    expect(decoded.finishReason).toBe('stop');
    expect(decoded.usage).toEqual({ inputTokens: 9, outputTokens: 23 + 185, cachedTokens: 0 });
  });

  it('google-reasoning: the answer text, stop, and 29 + 256 output tokens', () => {
    const decoded = reduceEvents(decodeLines(readChunks('google-reasoning.chunks.txt')));
    expect(decoded.text).toBe(
      'There are **3** "r"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.',
    );
    expect(decoded.finishReason).toBe('stop');
    expect(decoded.usage).toEqual({ inputTokens: 9, outputTokens: 285, cachedTokens: 0 });
  });
});

describe('Gemini stream decoder: chunk boundaries', () => {
  const encoder = new TextEncoder();
  // A made-up stream with multi-byte characters, so cuts also land inside UTF-8 sequences.
  const unicode = [
    JSON.stringify({
      candidates: [{ content: { role: 'model', parts: [{ text: 'Grüße 🍓 — ', thought: true }] } }],
      responseId: 'unicode',
      modelVersion: 'gemini-2.5-flash',
    }),
    JSON.stringify({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [{ text: 'naïve café ✓' }, { functionCall: { name: 'note', args: { text: '日本語' } } }],
          },
          finishReason: 'STOP',
        },
      ],
      usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 4 },
    }),
  ];
  const streams: [string, string[]][] = [
    ...chunkFixtures.map((name): [string, string[]] => [name, readChunks(name)]),
    ['multi-byte text', unicode],
  ];

  it.each(streams)('%s: any split of the SSE bytes gives the same events', (_name, lines) => {
    const expected = decodeLines(lines);
    const bytes = encoder.encode(lines.map((line) => `data: ${line}\n\n`).join(''));
    expect(decodeBytes(bytes, [])).toEqual(expected);
    for (const seed of [1, 7, 42, 1234, 99_999]) {
      expect(decodeBytes(bytes, randomCuts(bytes.length, seed))).toEqual(expected);
    }
    // The worst case: one byte at a time.
    expect(
      decodeBytes(
        bytes,
        Array.from({ length: bytes.length - 1 }, (_, index) => index + 1),
      ),
    ).toEqual(expected);
  });

  it('decodes the multi-byte stream itself correctly', () => {
    const decoded = reduceEvents(decodeLines(unicode));
    expect(decoded.reasoning).toBe('Grüße 🍓 — ');
    expect(decoded.text).toBe('naïve café ✓');
    expect(decoded.toolCalls).toEqual([{ id: 'call_unicode_0', name: 'note', args: { text: '日本語' } }]);
    expect(decoded.finishReason).toBe('tool-calls');
    expect(decoded.usage).toEqual({ inputTokens: 3, outputTokens: 4, cachedTokens: 0 });
  });
});

describe('Gemini stream decoder: other streams', () => {
  const chunk = (value: unknown) => ({ data: JSON.stringify(value) });

  it('numbers parallel calls across chunks and gives each a unique id', () => {
    const decoder = new GeminiStreamDecoder();
    const events = [
      ...decoder.decode(
        chunk({
          responseId: 'r1',
          candidates: [
            {
              content: {
                parts: [{ functionCall: { name: 'a', args: { x: 1 } } }, { functionCall: { name: 'b' } }],
              },
            },
          ],
        }),
      ),
      ...decoder.decode(
        chunk({
          candidates: [
            { content: { parts: [{ functionCall: { name: 'c', args: {} } }] }, finishReason: 'STOP' },
          ],
        }),
      ),
      ...decoder.end(),
    ];
    expect(reduceEvents(events).toolCalls).toEqual([
      { id: 'call_r1_0', name: 'a', args: { x: 1 } },
      { id: 'call_r1_1', name: 'b', args: {} },
      { id: 'call_r1_2', name: 'c', args: {} },
    ]);
    expect(events.filter((event) => event.type === 'tool-call-start').map((event) => event.index)).toEqual([
      0, 1, 2,
    ]);
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'STOP' });
  });

  it('turns thought parts into reasoning deltas with their signature', () => {
    const decoder = new GeminiStreamDecoder();
    const events = decoder.decode(
      chunk({
        responseId: 'r',
        candidates: [
          {
            content: {
              parts: [{ text: 'Let me think', thought: true, thoughtSignature: 'sig' }, { text: 'Hi' }],
            },
          },
        ],
      }),
    );
    expect(events.slice(1)).toEqual([
      { type: 'reasoning-delta', text: 'Let me think', signature: 'sig' },
      { type: 'text-delta', text: 'Hi' },
    ]);
  });

  it('maps other finish reasons and keeps the raw one', () => {
    const finishOf = (reason: string) => {
      const decoder = new GeminiStreamDecoder();
      return decoder.decode(chunk({ candidates: [{ content: { parts: [] }, finishReason: reason }] })).at(-1);
    };
    expect(finishOf('MAX_TOKENS')).toEqual({
      type: 'finish',
      finishReason: 'length',
      rawFinishReason: 'MAX_TOKENS',
    });
    expect(finishOf('SAFETY')).toEqual({
      type: 'finish',
      finishReason: 'content-filter',
      rawFinishReason: 'SAFETY',
    });
    expect(finishOf('MALFORMED_FUNCTION_CALL')).toMatchObject({ finishReason: 'error' });
  });

  it('finishes with content-filter when the prompt itself is blocked', () => {
    const decoder = new GeminiStreamDecoder();
    const events = decoder.decode(
      chunk({
        promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
        usageMetadata: { promptTokenCount: 12 },
      }),
    );
    expect(events.slice(1)).toEqual([
      { type: 'usage', usage: { inputTokens: 12, outputTokens: 0, cachedTokens: 0 } },
      { type: 'finish', finishReason: 'content-filter', rawFinishReason: 'PROHIBITED_CONTENT' },
    ]);
    expect(decoder.end()).toEqual([]);
  });

  it('reports cached prompt tokens', () => {
    const decoder = new GeminiStreamDecoder();
    const events = decoder.decode(
      chunk({
        usageMetadata: { promptTokenCount: 2000, cachedContentTokenCount: 1500, candidatesTokenCount: 5 },
      }),
    );
    expect(events.at(-1)).toEqual({
      type: 'usage',
      usage: { inputTokens: 2000, outputTokens: 5, cachedTokens: 1500 },
    });
  });

  it('passes an error object on as an error event, with its status', () => {
    const decoder = new GeminiStreamDecoder();
    expect(
      decoder.decode(
        chunk({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }),
      ),
    ).toEqual([{ type: 'error', message: 'The model is overloaded.', status: 503 }]);
    expect(decoder.end()).toEqual([]);
  });

  it('reports a malformed chunk as an error', () => {
    const decoder = new GeminiStreamDecoder();
    expect(decoder.decode({ data: '{"candidates": [' })).toEqual([
      { type: 'error', message: 'Upstream sent a malformed stream chunk' },
    ]);
  });

  it('reports a stream that ends before any finish reason', () => {
    const decoder = new GeminiStreamDecoder();
    decoder.decode(
      chunk({ responseId: 'r', candidates: [{ content: { parts: [{ text: 'Half an ans' }] } }] }),
    );
    expect(decoder.end()).toEqual([{ type: 'error', message: 'Upstream stream ended early' }]);
    expect(new GeminiStreamDecoder().end()).toEqual([
      { type: 'error', message: 'Upstream stream ended early' },
    ]);
  });
});
