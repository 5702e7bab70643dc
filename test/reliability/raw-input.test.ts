import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_KEY } from '../helpers/gateway-harness';
import { expectClientError } from './error-shape';
import { rawHttp, rawRequestBytes } from './raw-http';
import { startReliabilityGateway, type ReliabilityGateway } from './reliability-gateway';

// Requests HTTP clients refuse to send, over a plain TCP socket, and bodies built to hurt a JSON parser:
// each is refused cleanly, in the caller's error shape, and the gateway keeps serving.
const BODY_LIMIT = 4 * 1024 * 1024;
const CHAT = '/v1/chat/completions';
const MESSAGES = '/v1/messages';

const chatBody = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
const messagesBody = JSON.stringify({
  model: 'anthropic/claude-haiku-4-5',
  max_tokens: 16,
  messages: [{ role: 'user', content: 'hi' }],
});

describe('hostile bytes on the wire', () => {
  let running: ReliabilityGateway;
  let host: string;
  beforeAll(async () => {
    running = await startReliabilityGateway({ bodyLimitBytes: BODY_LIMIT });
    host = new URL(running.url).host;
  });
  afterAll(async () => running.stop());

  const baseHeaders = (length: number) => [
    `Host: ${host}`,
    `Authorization: Bearer ${GATEWAY_KEY}`,
    'Content-Type: application/json',
    `Content-Length: ${length}`,
    'Connection: close',
  ];

  async function expectStillServing(): Promise<void> {
    const answer = await rawHttp(
      running.url,
      rawRequestBytes('POST', CHAT, baseHeaders(chatBody.length), chatBody),
    );
    expect(answer.status).toBe(200);
  }

  it('a well-formed raw request is answered (the helper itself works)', async () => {
    await expectStillServing();
  });

  for (const path of [`${CHAT}%zz`, `${MESSAGES}/%zz`, '/apis/github/%zz/x']) {
    it(`a broken %-escape in ${path} → 400 in the caller's shape, not Fastify's`, async () => {
      const answer = await rawHttp(running.url, rawRequestBytes('GET', path, baseHeaders(0), ''));
      expectClientError(path, answer.status, answer.json, 'bad escape', [400]);
      await expectStillServing();
    });
  }

  for (const path of [CHAT, MESSAGES]) {
    it(`oversized headers on ${path} → 431 in the caller's shape`, async () => {
      const body = path === CHAT ? chatBody : messagesBody;
      const headers = [...baseHeaders(body.length), `X-Padding: ${'a'.repeat(64 * 1024)}`];
      const answer = await rawHttp(running.url, rawRequestBytes('POST', path, headers, body));
      expectClientError(path, answer.status, answer.json, 'oversized header', [431]);
    });

    it(`many headers on ${path} → 431 in the caller's shape`, async () => {
      const body = path === CHAT ? chatBody : messagesBody;
      const many = Array.from({ length: 3000 }, (_, index) => `X-H${index}: ${'v'.repeat(8)}`);
      const answer = await rawHttp(
        running.url,
        rawRequestBytes('POST', path, [...baseHeaders(body.length), ...many], body),
      );
      expectClientError(path, answer.status, answer.json, 'many headers', [431]);
    });

    it(`Content-Length with Transfer-Encoding on ${path} → 400 in the caller's shape`, async () => {
      const body = path === CHAT ? chatBody : messagesBody;
      const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
      const headers = [...baseHeaders(body.length), 'Transfer-Encoding: chunked'];
      const answer = await rawHttp(running.url, rawRequestBytes('POST', path, headers, chunked));
      expectClientError(path, answer.status, answer.json, 'CL + TE', [400]);
    });

    it(`CRLF and bare CR inside header values on ${path} → 400 in the caller's shape`, async () => {
      const body = path === CHAT ? chatBody : messagesBody;
      const broken = [
        'X-Injected: ok\r\nnot a header line',
        'X-Injected: a\rb',
        'X-Injected: a\nb',
        'X-Injected: a\u0000b',
        ' X-Folded: continuation',
        'X Bad Name: x',
      ];
      for (const header of broken) {
        const answer = await rawHttp(
          running.url,
          rawRequestBytes('POST', path, [...baseHeaders(body.length), header], body),
        );
        expectClientError(path, answer.status, answer.json, JSON.stringify(header), [400]);
      }
    });

    it(`two Content-Length values on ${path} → 400 in the caller's shape`, async () => {
      const body = path === CHAT ? chatBody : messagesBody;
      const headers = [...baseHeaders(body.length), `Content-Length: ${body.length + 5}`];
      const answer = await rawHttp(running.url, rawRequestBytes('POST', path, headers, body));
      expectClientError(path, answer.status, answer.json, 'two lengths', [400]);
    });

    it(`invalid UTF-8 in the body of ${path} → 400 in the caller's shape`, async () => {
      const text = (path === CHAT ? chatBody : messagesBody).replace('hi', 'h\u0001i');
      for (const bad of [
        [0xff],
        [0xc3, 0x28],
        [0xed, 0xa0, 0x80],
        [0xf8, 0x88, 0x80, 0x80, 0x80],
        [0xe2, 0x82],
      ]) {
        const [before, after] = text.split('\u0001') as [string, string];
        const body = Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]);
        const answer = await rawHttp(
          running.url,
          rawRequestBytes('POST', path, baseHeaders(body.length), body),
        );
        expectClientError(path, answer.status, answer.json, `bytes ${bad.join(',')}`, [400]);
        expect(answer.json?.error).toMatchObject({ message: expect.stringMatching(/UTF-8/) });
      }
    });

    it(`a body over the limit on ${path} → 413 in the caller's shape, announced or chunked`, async () => {
      const announced = await rawHttp(
        running.url,
        rawRequestBytes('POST', path, baseHeaders(BODY_LIMIT + 1), '{"model":'),
      );
      expectClientError(path, announced.status, announced.json, 'announced', [413]);
      const big = `{"model":"x","pad":"${'p'.repeat(BODY_LIMIT)}"}`;
      const chunked = `${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`;
      const headers = baseHeaders(0).filter((line) => !line.startsWith('Content-Length'));
      const streamed = await rawHttp(
        running.url,
        rawRequestBytes('POST', path, [...headers, 'Transfer-Encoding: chunked'], chunked),
      );
      expectClientError(path, streamed.status, streamed.json, 'chunked', [413]);
    });
  }

  it('a request line that is not HTTP → 400, and the server keeps serving', async () => {
    const answer = await rawHttp(running.url, 'HELLO THERE\r\n\r\n');
    expect(answer.status).toBe(400);
    await expectStillServing();
  });
});

describe('JSON built to exhaust the parser', () => {
  let running: ReliabilityGateway;
  beforeAll(async () => {
    running = await startReliabilityGateway({ bodyLimitBytes: BODY_LIMIT });
  });
  afterAll(async () => running.stop());

  async function post(path: string, body: string) {
    const response = await fetch(`${running.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    return { status: response.status, text, json: safeJson(text) };
  }

  for (const path of [CHAT, MESSAGES, '/v1/embeddings', '/v1/messages/count_tokens']) {
    it(`100,000 levels of nesting on ${path} → 400, no stack overflow`, async () => {
      const depth = 100_000;
      for (const [open, close] of [
        ['[', ']'],
        ['{"a":', '}'],
      ] as const) {
        const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
        const body = `{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":${nested}}],"input":${nested}}`;
        const answer = await post(path, body);
        expectClientError(path, answer.status, answer.json, `nesting ${open}`, [400]);
        expect(String((answer.json?.error as { message?: string })?.message)).toMatch(/nest/i);
      }
    });
  }

  it('nesting just under the limit still works (a deep JSON schema in a tool)', async () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 30; level += 1) schema = { type: 'object', properties: { inner: schema } };
    const body = JSON.stringify({
      model: 'anthropic/claude-haiku-4-5',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ type: 'function', function: { name: 'deep', parameters: schema } }],
    });
    const answer = await post(CHAT, body);
    expect(answer.status, answer.text).toBe(200);
  });

  it('huge arrays inside the limit are served or refused, never a 5xx', async () => {
    const cases: Array<[string, string]> = [
      [
        CHAT,
        JSON.stringify({
          model: 'anthropic/claude-haiku-4-5',
          messages: Array.from({ length: 60_000 }, (_, index) => ({
            role: index % 2 ? 'assistant' : 'user',
            content: 'x',
          })),
        }),
      ],
      [
        MESSAGES,
        JSON.stringify({
          model: 'openai/gpt-4o-mini',
          max_tokens: 16,
          messages: [
            { role: 'user', content: Array.from({ length: 60_000 }, () => ({ type: 'text', text: 'x' })) },
          ],
        }),
      ],
      [
        '/v1/embeddings',
        `{"model":"openai/text-embedding-3-small","input":[${Array(900_000).fill('0').join(',')}]}`,
      ],
      [CHAT, `{"model":"openai/gpt-4o-mini","messages":[${Array(500_000).fill('{}').join(',')}]}`],
      [
        '/v1/messages/count_tokens',
        JSON.stringify({
          model: 'gemini/gemini-2.5-flash',
          messages: [{ role: 'user', content: 'x' }],
          tools: Array.from({ length: 20_000 }, (_, index) => ({
            name: `t${index}`,
            input_schema: { type: 'object' },
          })),
        }),
      ],
    ];
    for (const [path, body] of cases) {
      expect(body.length).toBeLessThan(BODY_LIMIT);
      const answer = await post(path, body);
      if (answer.status !== 200) expectClientError(path, answer.status, answer.json, `${path} huge array`);
    }
  });

  it('keys that are JavaScript internals are plain data', async () => {
    const bodies = [
      '{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"__proto__":{"stream":true}}',
      '{"model":"anthropic/claude-haiku-4-5","messages":[{"role":"user","content":"hi","__proto__":{"role":"x"}}],"constructor":{"prototype":{"x":1}}}',
      '{"model":"gemini/gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"text","text":"hi","__proto__":null}]}]}',
    ];
    for (const body of bodies) {
      const answer = await post(CHAT, body);
      if (answer.status !== 200) expectClientError(CHAT, answer.status, answer.json, body);
    }
    expect(({} as Record<string, unknown>).stream).toBeUndefined();
  });
});

function safeJson(text: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}
