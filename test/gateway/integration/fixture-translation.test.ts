import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../../src/gateway/start-gateway';
import { tempDir } from '../../helpers/gateway-harness';
import {
  parseSse,
  reduceAnthropicEvents,
  reduceGeminiChunks,
  reduceOpenAiChunks,
  type Reduced,
} from '../../helpers/wire-reducers';

const WIRE = path.resolve(__dirname, '../../../../shared/fixtures/provider-wire');
const KEY = 'gh_fixture_translation_key_012345';

type Wire = 'openai' | 'anthropic' | 'gemini';
const FIXTURES: Array<{ file: string; wire: Wire; provider: string }> = [
  ...list('anthropic').map((file) => ({ file, wire: 'anthropic' as const, provider: 'anthropic' })),
  ...list('gemini').map((file) => ({ file, wire: 'gemini' as const, provider: 'gemini' })),
  ...list('openai-compatible').map((file) => ({ file, wire: 'openai' as const, provider: 'compat' })),
];

function list(folder: string): string[] {
  return fs
    .readdirSync(path.join(WIRE, folder))
    .filter((name) => name.endsWith('.chunks.txt'))
    .map((name) => `${folder}/${name}`);
}

function chunksOf(file: string): unknown[] {
  return fs
    .readFileSync(path.join(WIRE, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}

/** The SSE bytes each provider sends for a fixture. */
function sseOf(wire: Wire, chunks: unknown[]): string {
  const body = chunks
    .map(
      (chunk) =>
        (wire === 'anthropic' ? `event: ${(chunk as { type: string }).type}\n` : '') +
        `data: ${JSON.stringify(chunk)}\n\n`,
    )
    .join('');
  return wire === 'openai' ? `${body}data: [DONE]\n\n` : body;
}

// The documented finish-reason table (docs/translation.md): provider reason → canonical.
const CANONICAL_FINISH: Record<string, string> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content-filter',
};
const OPENAI_FINISH: Record<string, string> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
};
const ANTHROPIC_STOP: Record<string, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
};

// Output tokens include reasoning; xAI reports it beside completion_tokens (2 + 340), OpenAI inside them.
const CANONICAL_OUTPUT: Record<string, number> = { 'openai-compatible/xai-text.chunks.txt': 342 };

function expectedFromFixture(
  wire: Wire,
  chunks: unknown[],
): Reduced & { canonicalFinish: string; canonicalInput: number } {
  const reduced =
    wire === 'anthropic'
      ? reduceAnthropicEvents(chunks)
      : wire === 'gemini'
        ? reduceGeminiChunks(chunks)
        : reduceOpenAiChunks(chunks);
  let canonicalFinish = CANONICAL_FINISH[reduced.finish!]!;
  // Gemini says STOP when it calls tools.
  if (wire === 'gemini' && reduced.toolCalls.length > 0 && canonicalFinish === 'stop')
    canonicalFinish = 'tool-calls';
  // Anthropic counts cache reads and writes beside input_tokens; the canonical input includes them.
  let canonicalInput = reduced.usage.input!;
  if (wire === 'anthropic') {
    const start = (chunks[0] as { message: { usage: Record<string, number> } }).message.usage;
    canonicalInput += (start.cache_read_input_tokens ?? 0) + (start.cache_creation_input_tokens ?? 0);
  }
  return { ...reduced, canonicalFinish, canonicalInput };
}

/** Deterministic pseudo-random split points, so a failure can be replayed. */
function splitAtRandom(text: string, seed: number): Buffer[] {
  const bytes = Buffer.from(text);
  const pieces: Buffer[] = [];
  let state = seed;
  for (let offset = 0; offset < bytes.length;) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const size = 1 + (state % 23);
    pieces.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return pieces;
}

describe('captured streams from every provider, through each inbound format', () => {
  let gateway: RunningGateway;
  let upstream: http.Server;
  let current = { sse: '', seed: 0 };

  beforeAll(async () => {
    upstream = http.createServer((request, response) => {
      request.resume();
      request.on('end', async () => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const piece of splitAtRandom(current.sse, current.seed)) {
          response.write(piece);
          await new Promise((resolve) => setImmediate(resolve));
        }
        response.end();
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    gateway = await startGateway({
      dataDir: tempDir(),
      port: 0,
      host: '127.0.0.1',
      env: { KEY, UPSTREAM: 'sk-fixture' },
      config: {
        providers: [
          { id: 'anthropic', type: 'anthropic', baseUrl: `${origin}/v1`, apiKey: 'env:UPSTREAM' },
          { id: 'gemini', type: 'gemini', baseUrl: `${origin}/v1beta`, apiKey: 'env:UPSTREAM' },
          { id: 'compat', type: 'openai-compatible', baseUrl: `${origin}/v1` },
        ],
        keys: [{ name: 'fixtures', key: 'env:KEY' }],
      },
    });
  });
  afterAll(async () => {
    await gateway.close();
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  async function call(
    inbound: 'openai' | 'anthropic',
    model: string,
  ): Promise<{ events: unknown[]; id: string }> {
    const response = await fetch(
      `${gateway.url}${inbound === 'openai' ? '/v1/chat/completions' : '/v1/messages'}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model,
          max_tokens: 1000,
          stream: true,
          ...(inbound === 'openai' ? { stream_options: { include_usage: true } } : {}),
          messages: [{ role: 'user', content: 'replay' }],
        }),
      },
    );
    expect(response.status).toBe(200);
    const events = parseSse(await response.text())
      .filter((event) => event.data !== '[DONE]')
      .map((event) => JSON.parse(event.data) as unknown);
    return { events, id: response.headers.get('x-gatehouse-request-id')! };
  }

  for (const fixture of FIXTURES) {
    for (const seed of [1, 7]) {
      it(`${fixture.file} (split seed ${seed})`, async () => {
        const chunks = chunksOf(fixture.file);
        const expected = expectedFromFixture(fixture.wire, chunks);
        current = { sse: sseOf(fixture.wire, chunks), seed };
        const model = `${fixture.provider}/replayed-model`;

        const viaOpenAi = await call('openai', model);
        const openAiResult = reduceOpenAiChunks(viaOpenAi.events);
        expect(openAiResult.text).toBe(expected.text);
        expect(openAiResult.toolCalls).toEqual(expected.toolCalls);
        expect(openAiResult.finish).toBe(OPENAI_FINISH[expected.canonicalFinish]);
        expect(openAiResult.usage.input).toBe(expected.canonicalInput);
        const canonicalOutput = CANONICAL_OUTPUT[fixture.file] ?? expected.usage.output;
        // Same-format pairs take the fast path: the caller gets the provider's own numbers untouched.
        expect(openAiResult.usage.output).toBe(
          fixture.wire === 'openai' ? expected.usage.output : canonicalOutput,
        );

        const viaAnthropic = await call('anthropic', model);
        const anthropicResult = reduceAnthropicEvents(viaAnthropic.events);
        expect(anthropicResult.text).toBe(expected.text);
        expect(anthropicResult.toolCalls).toEqual(expected.toolCalls);
        expect(anthropicResult.finish).toBe(
          fixture.wire === 'anthropic' ? expected.finish : ANTHROPIC_STOP[expected.canonicalFinish],
        );
        expect(anthropicResult.usage.output).toBe(
          fixture.wire === 'anthropic' ? expected.usage.output : canonicalOutput,
        );

        for (const id of [viaOpenAi.id, viaAnthropic.id]) {
          let row: Record<string, unknown> | undefined;
          for (let attempt = 0; attempt < 50 && !row; attempt += 1) {
            gateway.services.logWriter.flush();
            row = gateway.services.logs.get(id) as Record<string, unknown> | undefined;
            if (!row) await new Promise((resolve) => setTimeout(resolve, 20));
          }
          expect(row).toMatchObject({
            outcome: 'ok',
            inputTokens: expected.canonicalInput,
            outputTokens: canonicalOutput,
          });
        }
      });
    }
  }
});
