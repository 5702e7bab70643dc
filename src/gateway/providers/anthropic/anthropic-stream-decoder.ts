import type { StreamDecoder } from '../../canonical/adapters';
import { emptyUsage, type StreamEvent } from '../../canonical/chat-model';
import type { SseEvent } from '../../sse/sse-parser';
import { anthropicErrorStatus, mapAnthropicUsage, type AnthropicUsage } from './anthropic-provider';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';

interface WireEvent {
  type?: string;
  message?: { id?: string; model?: string; usage?: AnthropicUsage };
  index?: number;
  content_block?: {
    type?: string;
    id?: string;
    name?: string;
    text?: string;
    thinking?: string;
    input?: unknown;
  };
  delta?: {
    type?: string;
    text?: string;
    thinking?: string;
    signature?: string;
    partial_json?: string;
    stop_reason?: string | null;
    stop_sequence?: string | null;
  };
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
}

/** What an open Anthropic content block (keyed by its `index`) turns into. */
type OpenBlock =
  | { kind: 'text' | 'thinking' | 'ignored' }
  | { kind: 'tool'; toolIndex: number; initialInput: unknown; sawDelta: boolean };

/**
 * Decodes one Anthropic Messages stream (message_start, content_block_*, message_delta, message_stop) into
 * canonical events. Tool calls are numbered in the order their blocks start, which is what `index` means in
 * the canonical union; Anthropic's own block index also counts text and thinking blocks.
 */
export class AnthropicStreamDecoder implements StreamDecoder {
  private readonly blocks = new Map<number, OpenBlock>();
  private toolCount = 0;
  // message_delta carries cumulative totals for the fields it has, so the raw counts are merged, then mapped.
  private usage: AnthropicUsage = {};
  private finished = false;
  private failed = false;

  decode(event: SseEvent): StreamEvent[] {
    if (this.failed) return [];
    let data: WireEvent;
    try {
      data = JSON.parse(event.data) as WireEvent;
    } catch {
      return this.fail('Upstream sent a malformed stream chunk');
    }
    if (!data || typeof data !== 'object') return this.fail('Upstream sent a malformed stream chunk');
    switch (data.type ?? event.event) {
      case 'message_start':
        return this.start(data);
      case 'content_block_start':
        return this.startBlock(data);
      case 'content_block_delta':
        return this.blockDelta(data);
      case 'content_block_stop':
        return this.stopBlock(data);
      case 'message_delta':
        return this.messageDelta(data);
      case 'message_stop':
        return this.messageStop();
      case 'error':
        return this.fail(
          data.error?.message ?? 'Upstream stream failed',
          anthropicErrorStatus(data.error?.type),
        );
      default:
        // ping, and event types newer than this adapter.
        return [];
    }
  }

  end(): StreamEvent[] {
    if (this.failed || this.finished) return [];
    return this.fail('Upstream stream ended early');
  }

  private start(data: WireEvent): StreamEvent[] {
    this.mergeUsage(data.message?.usage);
    return [
      { type: 'start', id: data.message?.id ?? '', model: data.message?.model ?? '' },
      { type: 'usage', usage: mapAnthropicUsage(this.usage) ?? emptyUsage() },
    ];
  }

  private startBlock(data: WireEvent): StreamEvent[] {
    const block = data.content_block ?? {};
    const index = data.index ?? this.blocks.size;
    switch (block.type) {
      case 'text':
        this.blocks.set(index, { kind: 'text' });
        return block.text ? [{ type: 'text-delta', text: block.text }] : [];
      case 'thinking':
        this.blocks.set(index, { kind: 'thinking' });
        return block.thinking ? [{ type: 'reasoning-delta', text: block.thinking }] : [];
      case 'tool_use': {
        const toolIndex = this.toolCount++;
        this.blocks.set(index, { kind: 'tool', toolIndex, initialInput: block.input, sawDelta: false });
        return [{ type: 'tool-call-start', index: toolIndex, id: block.id ?? '', name: block.name ?? '' }];
      }
      default:
        // redacted_thinking has no stream event to carry it; server tool blocks never reach canonical callers.
        this.blocks.set(index, { kind: 'ignored' });
        return [];
    }
  }

  private blockDelta(data: WireEvent): StreamEvent[] {
    const delta = data.delta ?? {};
    const block = this.blocks.get(data.index ?? -1);
    switch (delta.type) {
      case 'text_delta':
        return delta.text ? [{ type: 'text-delta', text: delta.text }] : [];
      case 'thinking_delta':
        return delta.thinking ? [{ type: 'reasoning-delta', text: delta.thinking }] : [];
      case 'signature_delta':
        return delta.signature ? [{ type: 'reasoning-delta', text: '', signature: delta.signature }] : [];
      case 'input_json_delta':
        if (block?.kind !== 'tool' || !delta.partial_json) return [];
        block.sawDelta = true;
        return [{ type: 'tool-call-delta', index: block.toolIndex, argumentsDelta: delta.partial_json }];
      default:
        // citations_delta and newer delta types carry nothing the canonical model holds.
        return [];
    }
  }

  private stopBlock(data: WireEvent): StreamEvent[] {
    const block = this.blocks.get(data.index ?? -1);
    // A tool_use block whose input came whole in content_block_start (no deltas) still owes its arguments.
    if (block?.kind !== 'tool' || block.sawDelta || !isNonEmptyObject(block.initialInput)) return [];
    return [
      { type: 'tool-call-delta', index: block.toolIndex, argumentsDelta: JSON.stringify(block.initialInput) },
    ];
  }

  private messageDelta(data: WireEvent): StreamEvent[] {
    this.mergeUsage(data.usage);
    const events: StreamEvent[] = [{ type: 'usage', usage: mapAnthropicUsage(this.usage) ?? emptyUsage() }];
    const stopReason = data.delta?.stop_reason;
    if (stopReason && !this.finished) {
      this.finished = true;
      events.push({
        type: 'finish',
        finishReason: mapAnthropicStopReason(stopReason),
        rawFinishReason: stopReason,
        stopSequence: data.delta?.stop_sequence ?? null,
      });
    }
    return events;
  }

  private messageStop(): StreamEvent[] {
    if (this.finished) return [];
    this.finished = true;
    return [{ type: 'finish', finishReason: 'other', rawFinishReason: null, stopSequence: null }];
  }

  private mergeUsage(update: AnthropicUsage | undefined): void {
    if (!update) return;
    for (const [key, value] of Object.entries(update)) {
      if (typeof value === 'number') this.usage = { ...this.usage, [key]: value };
    }
  }

  private fail(message: string, status?: number): StreamEvent[] {
    this.failed = true;
    return [status === undefined ? { type: 'error', message } : { type: 'error', message, status }];
  }
}

function isNonEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}
