import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, GATEWAY_KEY, type Harness } from '../../helpers/gateway-harness';

const WIRE = path.resolve(__dirname, '../../../../shared/fixtures/provider-wire');
const fixtures = [
  ...fs
    .readdirSync(path.join(WIRE, 'openai'))
    .filter((name) => /^chat-.*\.chunks\.txt$/.test(name))
    .map((name) => `openai/${name}`),
  ...fs
    .readdirSync(path.join(WIRE, 'openai-compatible'))
    .filter((name) => name.endsWith('.chunks.txt'))
    .map((name) => `openai-compatible/${name}`),
];

// Output tokens count reasoning too. OpenAI puts reasoning inside completion_tokens; xAI reports it beside
// them (2 completion + 340 reasoning = the 354 total less 12 prompt tokens).
const OUTPUT_TOKENS: Record<string, number> = { 'openai-compatible/xai-text.chunks.txt': 342 };

function readChunks(fixture: string): string[] {
  return fs
    .readFileSync(path.join(WIRE, fixture), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** Reads the raw SSE the gateway sends, as the list of `data:` payloads. */
async function streamThroughGateway(
  harness: Harness,
  includeUsage: boolean,
): Promise<{ events: string[]; id: string }> {
  const response = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'replay' }],
      stream: true,
      ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
    }),
  });
  expect(response.status).toBe(200);
  const text = await response.text();
  const events = text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice('data: '.length));
  return { events, id: response.headers.get('x-gatehouse-request-id')! };
}

describe('captured provider streams replayed through the gateway', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => harness.stop());

  it('has fixtures to replay', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
  });

  for (const fixture of fixtures) {
    it(`${fixture}: same JSON events reach the client, and the log has the fixture's tokens`, async () => {
      const chunks = readChunks(fixture);
      harness.mock.chat = { kind: 'sse', events: chunks };

      const asked = await streamThroughGateway(harness, true);
      expect(asked.events.at(-1)).toBe('[DONE]');
      expect(asked.events.slice(0, -1).map((event) => JSON.parse(event))).toEqual(
        chunks.map((chunk) => JSON.parse(chunk)),
      );

      // Without include_usage the only difference is the usage-only chunk the gateway asked for itself.
      const notAsked = await streamThroughGateway(harness, false);
      const expected = chunks
        .map((chunk) => JSON.parse(chunk) as { choices?: unknown[]; usage?: unknown })
        .filter((chunk) => !(Array.isArray(chunk.choices) && chunk.choices.length === 0 && chunk.usage));
      expect(notAsked.events.slice(0, -1).map((event) => JSON.parse(event))).toEqual(expected);

      const usageChunk = chunks
        .map((chunk) => JSON.parse(chunk) as { usage?: Record<string, unknown> | null })
        .findLast((chunk) => chunk.usage);
      const usage = usageChunk!.usage as { prompt_tokens: number; completion_tokens: number };
      for (const id of [asked.id, notAsked.id]) {
        const row = await harness.logRow(id);
        expect(row.inputTokens).toBe(usage.prompt_tokens);
        expect(row.outputTokens).toBe(OUTPUT_TOKENS[fixture] ?? usage.completion_tokens);
        expect(row.outcome).toBe('ok');
      }
    });
  }
});
