/**
 * The one canonical chat model. Each inbound format decodes into it and encodes out of it; each provider
 * encodes requests from it and decodes responses and streams into it — N + M adapters, never N × M.
 */

export type ImageSource = { kind: 'url'; url: string } | { kind: 'base64'; mediaType: string; data: string };

export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image'; source: ImageSource }
  /** Model reasoning ("thinking"). `signature` lets Anthropic/Gemini verify it when sent back. */
  | { type: 'reasoning'; text: string; signature?: string; redacted?: boolean };

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text of the arguments object ("{}" for a tool with no arguments). */
  arguments: string;
}

export type ChatMessage =
  | { role: 'user'; content: ContentPart[] }
  | { role: 'assistant'; content: ContentPart[]; toolCalls: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: ContentPart[]; isError?: boolean };

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean };

export interface ChatRequest {
  /** The provider's own model name (no `<provider>/` prefix). */
  model: string;
  /** System instructions, in order (OpenAI system/developer messages, Anthropic `system`). */
  system: string[];
  messages: ChatMessage[];
  tools: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop: string[];
  responseFormat?: ResponseFormat;
  /** Reasoning budget in tokens (Anthropic/Gemini thinking) or an effort level (OpenAI). */
  reasoning?: { effort?: 'minimal' | 'low' | 'medium' | 'high'; budgetTokens?: number };
  stream: boolean;
  /** End-user id, for providers that take one. */
  user?: string;
  /** Settings the target cannot honour, noted while encoding; sent back in x-gatehouse-warnings. */
  warnings: string[];
}

/** One documented table maps every provider's stop reason onto these (docs/translation.md). */
export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

/** Token counts; cached tokens are included in inputTokens (OpenAI semantics). */
export interface Usage {
  inputTokens: number | null;
  outputTokens: number | null;
  cachedTokens: number | null;
}

export interface ChatResponse {
  id: string;
  model: string;
  /** Text and reasoning parts, in order. */
  content: ContentPart[];
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  /** The provider's own stop reason, for the log and for same-vocabulary round trips. */
  rawFinishReason: string | null;
  /** For Anthropic callers: the stop sequence that ended the answer, when the provider said. */
  stopSequence?: string | null;
  usage: Usage;
}

/** The stream event union every provider stream decodes into and every inbound encoder consumes. */
export type StreamEvent =
  | { type: 'start'; id: string; model: string }
  | { type: 'text-delta'; text: string }
  | { type: 'reasoning-delta'; text: string; signature?: string }
  /** A tool call begins; `index` orders parallel calls (0, 1, …). */
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  /** A piece of the arguments JSON text of the call at `index`. */
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  /** Usage so far; later events override earlier fields that are not null. */
  | { type: 'usage'; usage: Usage }
  | {
      type: 'finish';
      finishReason: FinishReason;
      rawFinishReason: string | null;
      stopSequence?: string | null;
    }
  | { type: 'error'; message: string; status?: number };

export function emptyUsage(): Usage {
  return { inputTokens: null, outputTokens: null, cachedTokens: null };
}

/** Merges a usage report into the running total: non-null fields win. */
export function mergeUsage(into: Usage, update: Usage): Usage {
  return {
    inputTokens: update.inputTokens ?? into.inputTokens,
    outputTokens: update.outputTokens ?? into.outputTokens,
    cachedTokens: update.cachedTokens ?? into.cachedTokens,
  };
}
