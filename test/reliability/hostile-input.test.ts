import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_KEY } from '../helpers/gateway-harness';
import { expectClientError } from './error-shape';
import { ENDPOINTS, modelName, mutate, mutationArbitrary, validBody } from './hostile-bodies';
import { startReliabilityGateway, TARGET_MODELS, type ReliabilityGateway } from './reliability-gateway';

// Generated requests against a real gateway: whatever arrives, the answer is a success or a 4xx in the
// caller's own error shape — never a 5xx, never a crash. Runs are bounded so the suite stays quick.
const RUNS = Number(process.env.GATEHOUSE_FUZZ_RUNS ?? 150);

describe('hostile request bodies, headers and query strings', () => {
  let running: ReliabilityGateway;
  beforeAll(async () => {
    running = await startReliabilityGateway({ bodyLimitBytes: 1024 * 1024 });
  });
  afterAll(async () => running.stop());

  async function send(
    endpoint: string,
    body: string | Uint8Array,
    headers: Record<string, string> = {},
    query = '',
  ): Promise<{ status: number; text: string }> {
    const response = await fetch(`${running.url}${endpoint}${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    return { status: response.status, text: await response.text() };
  }

  function expectHandled(endpoint: string, answer: { status: number; text: string }, context: string): void {
    if (answer.status === 200) return;
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      parsed = answer.text;
    }
    expectClientError(endpoint, answer.status, parsed, `${context} → ${answer.text.slice(0, 300)}`);
  }

  it('valid requests with wrong types, missing and extra fields anywhere: 200 or a 4xx in shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS),
        modelName,
        fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }),
        async (endpoint, model, mutations) => {
          let body: unknown = validBody(endpoint, model);
          for (const mutation of mutations) {
            body =
              body && typeof body === 'object' && !Array.isArray(body)
                ? mutate(body as Record<string, unknown>, mutation)
                : body;
          }
          const text = JSON.stringify(body) ?? 'null';
          expectHandled(endpoint, await send(endpoint, text), `${endpoint} ${text.slice(0, 300)}`);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('arbitrary bytes and arbitrary JSON as the body: 200 or a 4xx in shape', async () => {
    const bodies = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.uint8Array({ maxLength: 300 }),
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), bodies, async (endpoint, body) => {
        const context = `${endpoint} ${typeof body === 'string' ? body.slice(0, 200) : Buffer.from(body).toString('hex')}`;
        expectHandled(endpoint, await send(endpoint, body), context);
      }),
      { numRuns: RUNS },
    );
  });

  it('odd headers and query strings around a valid request: 200 or a 4xx in shape', async () => {
    const headerValue = fc.oneof(
      fc.string({
        unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
        maxLength: 60,
      }),
      fc.constantFrom(
        '',
        ' ',
        'on',
        'off',
        'refresh',
        'ON ',
        'text/plain',
        'application/json; charset=latin1',
      ),
    );
    const headers = fc.dictionary(
      fc.constantFrom(
        'content-type',
        'accept',
        'accept-encoding',
        'anthropic-version',
        'anthropic-beta',
        'x-gatehouse-cache',
        'x-stainless-retry-count',
        'x-request-id',
        'user-agent',
        'cookie',
        'sec-fetch-site',
        'x-api-key',
      ),
      headerValue,
      { maxKeys: 4 },
    );
    const query = fc.oneof(
      fc.constant(''),
      fc.webQueryParameters().map((text) => `?${text}`),
      fc.constantFrom('?', '??', '?a=%', '?%zz', '?token=x&token=y', '?beta=true', `?${'a'.repeat(4000)}`),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS),
        fc.constantFrom(...TARGET_MODELS),
        headers,
        query,
        async (endpoint, model, extra, search) => {
          const body = JSON.stringify(validBody(endpoint, model));
          const answer = await send(endpoint, body, extra, search);
          expectHandled(endpoint, answer, `${endpoint}${search} ${JSON.stringify(extra)}`);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('any Authorization the caller sends is answered 401 in shape unless it is the key', async () => {
    const credential = fc
      .oneof(
        fc.string({ maxLength: 80 }).map((text) => `Bearer ${text}`),
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Basic Zm9vOmJhcg==',
          'bearer x',
          `Bearer ${GATEWAY_KEY} `,
          `Bearer  ${GATEWAY_KEY}x`,
        ),
      )
      .filter((value) => /^[\x20-\x7e]*$/.test(value) && value.trim() !== `Bearer ${GATEWAY_KEY}`);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), credential, async (endpoint, authorization) => {
        const body = JSON.stringify(validBody(endpoint, TARGET_MODELS[0]));
        const answer = await send(endpoint, body, { authorization });
        expectClientError(endpoint, answer.status, JSON.parse(answer.text), authorization, [401]);
      }),
      { numRuns: 60 },
    );
  });

  it('is still up and answering after all of it', async () => {
    const health = await fetch(`${running.url}/health`);
    expect(health.status).toBe(200);
    const answer = await send(
      '/v1/chat/completions',
      JSON.stringify(validBody('/v1/chat/completions', TARGET_MODELS[0])),
    );
    expect(answer.status).toBe(200);
  });
});
