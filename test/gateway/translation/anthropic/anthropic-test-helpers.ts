import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import type { StreamEvent } from '../../../../src/gateway/canonical/chat-model';
import { AnthropicStreamDecoder } from '../../../../src/gateway/providers/anthropic/anthropic-stream-decoder';

/* eslint-disable @typescript-eslint/no-explicit-any -- captured wire data is untyped JSON */

// test/gateway/translation/anthropic → /work/main → /work/shared.
export const WIRE = path.resolve(__dirname, '../../../../../shared/fixtures/provider-wire');
const ANTHROPIC_WIRE = path.join(WIRE, 'anthropic');

export function anthropicFixtures(suffix: '.chunks.txt' | '.json'): string[] {
  return fs
    .readdirSync(ANTHROPIC_WIRE)
    .filter((name) => name.endsWith(suffix))
    .sort();
}

/** One JSON event per line; the SSE event name is the JSON's `type`. */
export function readChunkLines(name: string): string[] {
  return fs
    .readFileSync(path.join(ANTHROPIC_WIRE, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

export function readJsonFixture(name: string): any {
  return JSON.parse(fs.readFileSync(path.join(ANTHROPIC_WIRE, name), 'utf8'));
}

export function decodeLines(lines: string[]): StreamEvent[] {
  const decoder = new AnthropicStreamDecoder();
  const events = lines.flatMap((line) =>
    decoder.decode({ event: (JSON.parse(line) as { type: string }).type, data: line }),
  );
  return [...events, ...decoder.end()];
}

export interface WireSummary {
  text: string;
  thinking: string;
  signature: string | null;
  tools: Array<{ id: string; name: string; input: unknown }>;
  stopReason: string | null;
  stopSequence: string | null;
  /** Anthropic's own fields, last value wins (message_delta carries cumulative totals). */
  usage: { input_tokens?: number; output_tokens?: number; cache_read_input_tokens?: number };
}

/** What a careful Anthropic client assembles from a Messages stream, written without the gateway's code. */
export function summariseAnthropicStream(events: any[]): WireSummary {
  const summary: WireSummary = {
    text: '',
    thinking: '',
    signature: null,
    tools: [],
    stopReason: null,
    stopSequence: null,
    usage: {},
  };
  const blocks: Record<number, { type: string; id?: string; name?: string; json: string }> = {};
  const readUsage = (usage: any) => {
    for (const key of ['input_tokens', 'output_tokens', 'cache_read_input_tokens'] as const) {
      if (typeof usage?.[key] === 'number') summary.usage[key] = usage[key];
    }
  };
  for (const event of events) {
    if (event.type === 'message_start') readUsage(event.message.usage);
    if (event.type === 'content_block_start') blocks[event.index] = { ...event.content_block, json: '' };
    if (event.type === 'content_block_delta') {
      const delta = event.delta;
      if (delta.type === 'text_delta') summary.text += delta.text;
      if (delta.type === 'thinking_delta') summary.thinking += delta.thinking;
      if (delta.type === 'signature_delta') summary.signature = delta.signature;
      if (delta.type === 'input_json_delta') blocks[event.index]!.json += delta.partial_json;
    }
    if (event.type === 'message_delta') {
      summary.stopReason = event.delta.stop_reason;
      summary.stopSequence = event.delta.stop_sequence ?? null;
      readUsage(event.usage);
    }
  }
  for (const block of Object.values(blocks)) {
    if (block.type !== 'tool_use') continue;
    summary.tools.push({ id: block.id!, name: block.name!, input: block.json ? JSON.parse(block.json) : {} });
  }
  return summary;
}

export interface CanonicalSummary {
  id: string | null;
  text: string;
  reasoning: string;
  signatures: string[];
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finish: Extract<StreamEvent, { type: 'finish' }> | null;
  usage: { inputTokens: number | null; outputTokens: number | null; cachedTokens: number | null };
  errors: string[];
}

/** Folds canonical stream events the way an inbound encoder's caller would see them. */
export function summariseCanonical(events: StreamEvent[]): CanonicalSummary {
  const summary: CanonicalSummary = {
    id: null,
    text: '',
    reasoning: '',
    signatures: [],
    toolCalls: [],
    finish: null,
    usage: { inputTokens: null, outputTokens: null, cachedTokens: null },
    errors: [],
  };
  for (const event of events) {
    if (event.type === 'start') summary.id = event.id;
    if (event.type === 'text-delta') summary.text += event.text;
    if (event.type === 'reasoning-delta') {
      summary.reasoning += event.text;
      if (event.signature) summary.signatures.push(event.signature);
    }
    if (event.type === 'tool-call-start')
      summary.toolCalls[event.index] = { id: event.id, name: event.name, arguments: '' };
    if (event.type === 'tool-call-delta') summary.toolCalls[event.index]!.arguments += event.argumentsDelta;
    if (event.type === 'usage') {
      const { inputTokens, outputTokens, cachedTokens } = event.usage;
      summary.usage = {
        inputTokens: inputTokens ?? summary.usage.inputTokens,
        outputTokens: outputTokens ?? summary.usage.outputTokens,
        cachedTokens: cachedTokens ?? summary.usage.cachedTokens,
      };
    }
    if (event.type === 'finish') summary.finish = event;
    if (event.type === 'error') summary.errors.push(event.message);
  }
  return summary;
}

/** Splits SSE text into its JSON payloads (every event the Anthropic encoder writes is JSON). */
export function parseSse(text: string): Array<{ event: string; data: any }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
      return { event, data: JSON.parse(data) };
    });
}

/**
 * A local stand-in for api.anthropic.com that answers POST /v1/messages with whatever the test put in `next`,
 * so the official SDK parses exactly what the gateway's encoders wrote.
 */
export class AnthropicEndpoint {
  next: { contentType: string; body: string } = { contentType: 'application/json', body: '{}' };
  readonly requests: unknown[] = [];
  private server!: http.Server;
  client!: Anthropic;

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.requests.push(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
        if (request.method !== 'POST' || request.url !== '/v1/messages') {
          response.writeHead(404).end();
          return;
        }
        response.writeHead(200, { 'content-type': this.next.contentType }).end(this.next.body);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const port = (this.server.address() as AddressInfo).port;
    this.client = new Anthropic({ apiKey: 'x', baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 });
    return this;
  }

  serveStream(sse: string): void {
    this.next = { contentType: 'text/event-stream', body: sse };
  }

  serveJson(body: unknown): void {
    this.next = { contentType: 'application/json', body: JSON.stringify(body) };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
