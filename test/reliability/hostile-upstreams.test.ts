import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/gateway/start-gateway';
import { GATEWAY_KEY, tempDir } from '../helpers/gateway-harness';
import { HostileUpstream, startSilentServer, type HostileBehaviour } from './hostile-upstream';
import { viaAnthropic as anthropicCall, viaOpenAi as openAiCall } from './sdk-outcome';
import { TOLERANT_ANSWER, TolerantUpstream } from './tolerant-upstream';

// Upstreams that hang, reset, trickle, flood, lie about their format or never stop. Each ends at its
// documented limit with a clear error in the caller's format and a log row — and a healthy provider keeps
// answering meanwhile. The limits are set short here; docs/reliability.md lists the defaults.
const LIMITS = {
  upstreamConnectTimeoutMs: 500,
  upstreamFirstByteTimeoutMs: 800,
  upstreamIdleTimeoutMs: 800,
  upstreamMaxDurationMs: 2500,
  upstreamMaxResponseBytes: 1024 * 1024,
};

describe('hostile upstreams', () => {
  let gateway: RunningGateway;
  let hostile: HostileUpstream;
  let healthy: TolerantUpstream;
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    hostile = await new HostileUpstream().start();
    healthy = await new TolerantUpstream().start();
    silent = await startSilentServer();
    gateway = await startGateway({
      dataDir: tempDir('gatehouse-hostile-'),
      port: 0,
      host: '127.0.0.1',
      env: { TEST_GATEWAY_KEY: GATEWAY_KEY },
      config: {
        server: LIMITS,
        providers: [
          { id: 'hostile', type: 'openai-compatible', baseUrl: hostile.url },
          { id: 'healthy', type: 'openai-compatible', baseUrl: `${healthy.origin}/openai/v1` },
          // TCP accepts, TLS never completes: the connect timeout.
          { id: 'blackhole', type: 'openai-compatible', baseUrl: `https://127.0.0.1:${silent.port}/v1` },
        ],
        keys: [{ name: 'hostile-test', key: 'env:TEST_GATEWAY_KEY' }],
      },
    });
    openai = new OpenAI({
      apiKey: GATEWAY_KEY,
      baseURL: `${gateway.url}/v1`,
      maxRetries: 0,
      timeout: 30_000,
    });
    anthropic = new Anthropic({ apiKey: GATEWAY_KEY, baseURL: gateway.url, maxRetries: 0, timeout: 30_000 });
  });
  afterAll(async () => {
    await gateway?.close();
    await hostile?.stop();
    await healthy?.stop();
    await silent?.stop();
  });

  const viaOpenAi = (model: string, stream: boolean) => openAiCall(openai, model, stream);
  const viaAnthropic = (model: string, stream: boolean) => anthropicCall(anthropic, model, stream);

  async function logRow(id: string): Promise<Record<string, unknown>> {
    expect(id, 'the caller saw a request id').toMatch(/^req_/);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      gateway.services.logWriter.flush();
      const response = await fetch(`${gateway.url}/admin/logs/${id}`, {
        headers: { authorization: `Bearer ${gateway.adminToken}` },
      });
      if (response.status === 200) return (await response.json()) as Record<string, unknown>;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no log row for ${id}`);
  }

  interface Case {
    name: string;
    caller: 'openai' | 'anthropic';
    model: `${'hostile' | 'blackhole'}/${HostileBehaviour}`;
    stream: boolean;
    /** What the caller must see, and what the log row must say. */
    expectStatus: number;
    message: RegExp;
    /** Text the caller got before a stream broke (the stream had started). */
    partial?: string;
  }

  const cases: Case[] = [
    {
      name: 'hangs before headers',
      caller: 'openai',
      model: 'hostile/hang',
      stream: false,
      expectStatus: 504,
      message: /did not answer within 800 ms/,
    },
    {
      name: 'hangs before headers (stream, Anthropic caller)',
      caller: 'anthropic',
      model: 'hostile/hang',
      stream: true,
      expectStatus: 504,
      message: /did not answer within 800 ms/,
    },
    {
      name: 'resets mid-stream',
      caller: 'openai',
      model: 'hostile/reset-mid-stream',
      stream: true,
      expectStatus: 200,
      message: /Stream broke/,
      partial: 'partial answer ',
    },
    {
      name: 'resets mid-stream (Anthropic caller)',
      caller: 'anthropic',
      model: 'hostile/reset-mid-stream',
      stream: true,
      expectStatus: 200,
      message: /./,
      partial: 'partial answer ',
    },
    {
      name: 'resets mid-body',
      caller: 'openai',
      model: 'hostile/reset-mid-stream',
      stream: false,
      expectStatus: 502,
      message: /upstream/i,
    },
    {
      name: 'trickles one byte a second',
      caller: 'openai',
      model: 'hostile/trickle',
      stream: false,
      expectStatus: 504,
      message: /went silent for 800 ms/,
    },
    {
      name: 'trickles one byte a second (stream)',
      caller: 'openai',
      model: 'hostile/trickle',
      stream: true,
      expectStatus: 504,
      message: /went silent for 800 ms/,
    },
    {
      name: 'trickles just fast enough to dodge the idle timeout',
      caller: 'openai',
      model: 'hostile/trickle-fast',
      stream: false,
      expectStatus: 504,
      message: /within 2500 ms \(server\.upstreamMaxDurationMs\)/,
    },
    {
      name: 'declares a 1 GB body',
      caller: 'openai',
      model: 'hostile/huge-declared',
      stream: false,
      expectStatus: 502,
      message: /more than 1048576 bytes/,
    },
    {
      name: 'declares a 1 GB body (Anthropic caller)',
      caller: 'anthropic',
      model: 'hostile/huge-declared',
      stream: false,
      expectStatus: 502,
      message: /more than 1048576 bytes/,
    },
    {
      name: 'sends an unbounded body',
      caller: 'openai',
      model: 'hostile/huge-chunked',
      stream: false,
      expectStatus: 502,
      message: /more than 1048576 bytes/,
    },
    {
      name: 'floods a stream',
      caller: 'openai',
      model: 'hostile/huge-stream',
      stream: true,
      expectStatus: 200,
      message: /more than 1048576 bytes/,
    },
    {
      name: 'sends invalid JSON',
      caller: 'openai',
      model: 'hostile/invalid-json',
      stream: false,
      expectStatus: 502,
      message: /not JSON/,
    },
    {
      name: 'sends invalid JSON (Anthropic caller)',
      caller: 'anthropic',
      model: 'hostile/invalid-json',
      stream: false,
      expectStatus: 502,
      message: /not JSON/,
    },
    {
      name: 'never ends its stream',
      caller: 'openai',
      model: 'hostile/endless',
      stream: true,
      expectStatus: 200,
      message: /upstreamMaxDurationMs/,
      partial: 'more ',
    },
    {
      name: 'never ends its stream (Anthropic caller)',
      caller: 'anthropic',
      model: 'hostile/endless',
      stream: true,
      expectStatus: 200,
      message: /upstreamMaxDurationMs/,
      partial: 'more ',
    },
    {
      name: 'never completes the TLS handshake',
      caller: 'openai',
      model: 'blackhole/ok',
      stream: false,
      expectStatus: 504,
      message: /did not accept a connection within 500 ms/,
    },
  ];

  it('each failure ends at its limit, in the caller format, logged — while a healthy provider keeps answering', async () => {
    let pending = cases.length;
    const running = cases.map((item) =>
      (item.caller === 'openai'
        ? viaOpenAi(item.model, item.stream)
        : viaAnthropic(item.model, item.stream)
      ).finally(() => (pending -= 1)),
    );

    // While the hostile calls are stuck at their worst, the healthy provider answers every request.
    await vi.waitFor(() => expect(hostile.seen.length).toBeGreaterThanOrEqual(cases.length - 1), {
      timeout: 5000,
    });
    const healthyAnswers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        index % 2
          ? viaOpenAi('healthy/gpt-4o-mini', index % 4 === 1)
          : viaAnthropic('healthy/gpt-4o-mini', index % 4 === 0),
      ),
    );
    const stillPending = pending;
    expect(healthyAnswers.map((answer) => [answer.status, answer.text])).toEqual(
      Array.from({ length: 20 }, () => [200, TOLERANT_ANSWER]),
    );
    expect(
      stillPending,
      'hostile calls were still in progress while the healthy ones were served',
    ).toBeGreaterThan(0);

    const outcomes = await Promise.all(running);
    for (const [index, item] of cases.entries()) {
      const outcome = outcomes[index]!;
      const context = `${item.name}: ${outcome.status} ${outcome.error?.message ?? outcome.text.slice(0, 100)}`;
      expect(outcome.status, context).toBe(item.expectStatus);
      expect(outcome.error, `${context}: the caller's SDK raised an error`).not.toBeNull();
      if (item.caller === 'anthropic') expect(outcome.error, context).toBeInstanceOf(Anthropic.APIError);
      else expect(outcome.error, context).toBeInstanceOf(OpenAI.APIError);
      if (item.partial) expect(outcome.text, context).toContain(item.partial);
      const row = await logRow(outcome.requestId);
      expect(row.outcome, context).toBe('error');
      expect(String(row.error), context).toMatch(item.message);
      if (item.expectStatus !== 200) {
        expect(outcome.error!.message, context).toMatch(item.message);
        expect(row.status, context).toBe(item.expectStatus);
      }
    }
    // Nothing is left running upstream once every caller has its answer.
    await vi.waitFor(() => expect(gateway.services.upstream.inFlight).toBe(0), { timeout: 5000 });
  });

  it('invalid UTF-8 from an upstream reaches the caller as valid UTF-8 (U+FFFD), streamed or not', async () => {
    for (const stream of [false, true]) {
      const openAiAnswer = await viaOpenAi('hostile/invalid-utf8', stream);
      expect(openAiAnswer.status).toBe(200);
      expect(openAiAnswer.text).toMatch(/^bad:\uFFFD+\(?$/);
      const anthropicAnswer = await viaAnthropic('hostile/invalid-utf8', stream);
      expect(anthropicAnswer.status).toBe(200);
      expect(anthropicAnswer.text).toMatch(/^bad:\uFFFD+\(?$/);
      const row = await logRow(openAiAnswer.requestId);
      expect(row.outcome).toBe('ok');
    }
  });
});
