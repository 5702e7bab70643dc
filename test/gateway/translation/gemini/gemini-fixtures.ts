import fs from 'node:fs';
import path from 'node:path';
import type {
  ChatMessage,
  ChatRequest,
  StreamEvent,
  Usage,
} from '../../../../src/gateway/canonical/chat-model';
import { mergeUsage, emptyUsage } from '../../../../src/gateway/canonical/chat-model';

/** Captured Gemini wire data (shared with the other adapters), beside the repository root. */
export const GEMINI_WIRE = path.resolve(__dirname, '../../../../../shared/fixtures/provider-wire/gemini');

export function fixtureNames(suffix: string): string[] {
  return fs
    .readdirSync(GEMINI_WIRE)
    .filter((name) => name.endsWith(suffix))
    .sort();
}

/** A `*.chunks.txt` fixture: one JSON chunk per line. */
export function readChunks(name: string): string[] {
  return fs
    .readFileSync(path.join(GEMINI_WIRE, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

export function readJson(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(GEMINI_WIRE, name), 'utf8'));
}

/** A minimal canonical request to override per test. */
export function chatRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'gemini-2.5-flash',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
    tools: [],
    stop: [],
    stream: false,
    warnings: [],
    ...overrides,
  };
}

export const user = (text: string): ChatMessage => ({ role: 'user', content: [{ type: 'text', text }] });
export const weatherTool = {
  name: 'weather',
  description: 'Weather for a place',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
};

export interface Reduced {
  text: string;
  reasoning: string;
  signatures: string[];
  toolCalls: { id?: string; name: string; args: unknown }[];
  finishReason: string | null;
  rawFinishReason: string | null;
  usage: Usage;
}

/** What a client would assemble from the canonical events. */
export function reduceEvents(events: StreamEvent[]): Reduced {
  const reduced: Reduced = {
    text: '',
    reasoning: '',
    signatures: [],
    toolCalls: [],
    finishReason: null,
    rawFinishReason: null,
    usage: emptyUsage(),
  };
  const calls: { id: string; name: string; json: string }[] = [];
  for (const event of events) {
    if (event.type === 'text-delta') reduced.text += event.text;
    if (event.type === 'reasoning-delta') {
      reduced.reasoning += event.text;
      if (event.signature) reduced.signatures.push(event.signature);
    }
    if (event.type === 'tool-call-start') calls[event.index] = { id: event.id, name: event.name, json: '' };
    if (event.type === 'tool-call-delta') calls[event.index]!.json += event.argumentsDelta;
    if (event.type === 'usage') reduced.usage = mergeUsage(reduced.usage, event.usage);
    if (event.type === 'finish') {
      reduced.finishReason = event.finishReason;
      reduced.rawFinishReason = event.rawFinishReason;
    }
  }
  reduced.toolCalls = calls.map((call) => ({ id: call.id, name: call.name, args: JSON.parse(call.json) }));
  return reduced;
}

interface WirePart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  functionCall?: { name: string; args?: unknown };
}
interface WireChunk {
  candidates?: { content?: { parts?: WirePart[] }; finishReason?: string }[];
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number; thoughtsTokenCount?: number };
}

/**
 * The same facts read straight off the wire, without the decoder: the test's own idea of what the
 * fixture says. Only the finish-reason vocabulary is mapped, by the rule the docs state.
 */
export function reduceWire(lines: string[]): Omit<Reduced, 'usage'> & {
  inputTokens: number | null;
  outputTokens: number | null;
} {
  const reduced = {
    text: '',
    reasoning: '',
    signatures: [] as string[],
    toolCalls: [] as { name: string; args: unknown }[],
    finishReason: null as string | null,
    rawFinishReason: null as string | null,
    inputTokens: null as number | null,
    outputTokens: null as number | null,
  };
  for (const line of lines) {
    const chunk = JSON.parse(line) as WireChunk;
    const candidate = chunk.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) {
      if (part.thoughtSignature) reduced.signatures.push(part.thoughtSignature);
      if (part.functionCall)
        reduced.toolCalls.push({ name: part.functionCall.name, args: part.functionCall.args ?? {} });
      else if (part.thought) reduced.reasoning += part.text ?? '';
      else reduced.text += part.text ?? '';
    }
    if (candidate?.finishReason) reduced.rawFinishReason = candidate.finishReason;
    // Each chunk carries the running total, so the last one wins.
    if (chunk.usageMetadata) {
      const usage = chunk.usageMetadata;
      reduced.inputTokens = usage.promptTokenCount ?? 0;
      reduced.outputTokens = (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0);
    }
  }
  const raw = reduced.rawFinishReason;
  reduced.finishReason =
    raw === 'STOP'
      ? reduced.toolCalls.length > 0
        ? 'tool-calls'
        : 'stop'
      : raw === 'MAX_TOKENS'
        ? 'length'
        : raw;
  return reduced;
}
