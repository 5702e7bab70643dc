import type { StreamEncoder } from '../../canonical/adapters';
import { emptyUsage, mergeUsage, type StreamEvent, type Usage } from '../../canonical/chat-model';
import { encodeError, GatewayErrors } from '../../errors/gateway-error';
import { toAnthropicStopReason } from '../../providers/anthropic/map-anthropic-stop-reason';
import { formatSseEvent } from '../../sse/sse-writer';
import { anthropicMessageId, encodeAnthropicUsage } from './encode-anthropic-response';

type FinishEvent = Extract<StreamEvent, { type: 'finish' }>;

type OpenBlock = { index: number } & (
  { kind: 'text' } | { kind: 'thinking'; signed: boolean } | { kind: 'tool' }
);

interface ToolState {
  id: string;
  name: string;
  arguments: string;
  phase: 'pending' | 'open' | 'closed';
}

/**
 * Encodes canonical events as an Anthropic Messages stream. Anthropic content blocks are strictly sequential
 * while canonical parallel tool calls may interleave, so one tool block streams live and a call that starts
 * while that block may still grow waits in a queue. The live call is known to be complete once its arguments
 * parse as JSON (nothing can extend a complete JSON object); the next queued call then opens with what it
 * has so far. Anything still queued is sent whole when other content starts or the answer finishes.
 */
export class AnthropicStreamEncoder implements StreamEncoder {
  private started = false;
  /** The upstream's message id, once its start event arrived. */
  private id: string | null = null;
  private done = false;
  private open: OpenBlock | null = null;
  private blockCount = 0;
  private readonly tools = new Map<number, ToolState>();
  private queue: ToolState[] = [];
  private usage: Usage = emptyUsage();
  private finish: FinishEvent | null = null;

  constructor(private readonly model: string) {}

  encode(event: StreamEvent): string {
    if (this.done) return '';
    switch (event.type) {
      case 'start':
        this.id ??= event.id;
        return '';
      case 'text-delta':
        return event.text ? this.start() + this.text(event.text) : '';
      case 'reasoning-delta':
        return event.text || event.signature
          ? this.start() + this.reasoning(event.text, event.signature)
          : '';
      case 'tool-call-start':
        return this.start() + this.toolStart(event.index, event.id, event.name);
      case 'tool-call-delta':
        return this.toolDelta(event.index, event.argumentsDelta);
      case 'usage':
        this.usage = mergeUsage(this.usage, event.usage);
        // Anthropic clients read input tokens from message_start, so it waits for the first usage report that
        // follows the upstream's start (Anthropic and Gemini send one at once; OpenAI only at the end).
        return this.id !== null && this.usage.inputTokens !== null ? this.start() : '';
      case 'finish':
        // message_delta waits for end(): OpenAI-style upstreams report usage after the finish reason.
        this.finish = event;
        return this.start() + this.closeAll();
      case 'error': {
        this.done = true;
        const error = GatewayErrors.upstreamError(event.message, { statusCode: event.status });
        return formatSseEvent(JSON.stringify(encodeError('anthropic', error)), 'error');
      }
    }
  }

  /** Closes the message. A stream that ended without a finish event still ends well-formed, as end_turn. */
  end(): string {
    if (this.done) return '';
    this.done = true;
    const finish = this.finish;
    const stopReason = finish
      ? toAnthropicStopReason(finish.finishReason, finish.rawFinishReason, finish.stopSequence)
      : 'end_turn';
    const { input_tokens, output_tokens, cache_read_input_tokens } = encodeAnthropicUsage(this.usage);
    const usage: Record<string, number> = { output_tokens };
    // input_tokens in message_delta is a cumulative total that overrides message_start's, sent only when known.
    if (this.usage.inputTokens !== null) Object.assign(usage, { input_tokens, cache_read_input_tokens });
    const delta = { stop_reason: stopReason, stop_sequence: finish?.stopSequence ?? null };
    return (
      this.start() +
      this.closeAll() +
      this.emit('message_delta', { delta, usage }) +
      this.emit('message_stop', {})
    );
  }

  /** message_start, once, before the first content; without an upstream start its id is made up. */
  private start(): string {
    if (this.started) return '';
    this.started = true;
    const message = {
      id: anthropicMessageId(this.id ?? ''),
      type: 'message',
      role: 'assistant',
      model: this.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: encodeAnthropicUsage(this.usage),
    };
    return this.emit('message_start', { message });
  }

  private text(text: string): string {
    let out = '';
    if (this.open?.kind !== 'text')
      out += this.closeAll() + this.openBlock({ type: 'text', text: '' }, 'text');
    return out + this.blockDelta({ type: 'text_delta', text });
  }

  private reasoning(text: string, signature: string | undefined): string {
    let out = '';
    // A signature seals a thinking block, so reasoning after it starts a new one.
    if (this.open?.kind !== 'thinking' || (this.open.signed && text)) {
      out += this.closeAll() + this.openBlock({ type: 'thinking', thinking: '', signature: '' }, 'thinking');
    }
    if (text) out += this.blockDelta({ type: 'thinking_delta', thinking: text });
    if (signature) {
      out += this.blockDelta({ type: 'signature_delta', signature });
      if (this.open?.kind === 'thinking') this.open.signed = true;
    }
    return out;
  }

  private toolStart(index: number, id: string, name: string): string {
    if (this.tools.has(index)) return '';
    const tool: ToolState = { id, name, arguments: '', phase: 'pending' };
    this.tools.set(index, tool);
    if (this.queue.length > 0 || (this.open?.kind === 'tool' && !this.liveToolComplete())) {
      this.queue.push(tool);
      return '';
    }
    return this.closeBlock() + this.openTool(tool);
  }

  private toolDelta(index: number, argumentsDelta: string): string {
    const tool = this.tools.get(index);
    // A closed block cannot grow; only whitespace can follow a complete JSON object, so nothing is lost.
    if (!tool || !argumentsDelta || tool.phase === 'closed') return '';
    tool.arguments += argumentsDelta;
    let out = '';
    if (tool.phase === 'open')
      out += this.blockDelta({ type: 'input_json_delta', partial_json: argumentsDelta });
    return out + this.advanceQueue();
  }

  /** Opens queued calls in order while the live one is complete. */
  private advanceQueue(): string {
    let out = '';
    while (this.queue.length > 0 && this.liveToolComplete()) {
      out += this.closeBlock() + this.openTool(this.queue.shift()!);
    }
    return out;
  }

  private liveToolComplete(): boolean {
    const live = [...this.tools.values()].find((tool) => tool.phase === 'open');
    if (!live) return true;
    try {
      JSON.parse(live.arguments);
      return true;
    } catch {
      return false;
    }
  }

  private openTool(tool: ToolState): string {
    tool.phase = 'open';
    let out = this.openBlock({ type: 'tool_use', id: tool.id, name: tool.name, input: {} }, 'tool');
    if (tool.arguments) out += this.blockDelta({ type: 'input_json_delta', partial_json: tool.arguments });
    return out;
  }

  /** Closes the open block and sends every queued tool call whole. */
  private closeAll(): string {
    let out = this.closeBlock();
    for (const tool of this.queue) out += this.openTool(tool) + this.closeBlock();
    this.queue = [];
    return out;
  }

  private openBlock(contentBlock: Record<string, unknown>, kind: OpenBlock['kind']): string {
    const index = this.blockCount++;
    this.open = kind === 'thinking' ? { index, kind, signed: false } : { index, kind };
    return this.emit('content_block_start', { index, content_block: contentBlock });
  }

  private blockDelta(delta: Record<string, unknown>): string {
    return this.emit('content_block_delta', { index: this.open?.index ?? 0, delta });
  }

  private closeBlock(): string {
    if (!this.open) return '';
    const index = this.open.index;
    if (this.open.kind === 'tool') {
      for (const tool of this.tools.values()) if (tool.phase === 'open') tool.phase = 'closed';
    }
    this.open = null;
    return this.emit('content_block_stop', { index });
  }

  private emit(type: string, payload: Record<string, unknown>): string {
    return formatSseEvent(JSON.stringify({ type, ...payload }), type);
  }
}
