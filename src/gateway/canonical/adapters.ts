import type { GatewayProvider } from '../providers/provider-registry';
import type { SseEvent } from '../sse/sse-parser';
import type { ChatRequest, ChatResponse, StreamEvent } from './chat-model';

/** An inbound API format (what callers speak): OpenAI chat completions or Anthropic messages. */
export interface InboundFormat {
  readonly name: 'openai' | 'anthropic';
  /** Validates and decodes a request body. Throws GatewayErrors.invalidRequest (400) naming the field. */
  decodeRequest(body: Record<string, unknown>, model: string): ChatRequest;
  /** The whole JSON response body for a non-streamed answer. `model` is the name the caller used. */
  encodeResponse(response: ChatResponse, model: string): Record<string, unknown>;
  /** A stateful encoder for one streamed answer. */
  createStreamEncoder(model: string): StreamEncoder;
}

export interface StreamEncoder {
  /** SSE text to send for the event ('' when the event needs no output). */
  encode(event: StreamEvent): string;
  /** SSE text to send when the stream ends normally (e.g. OpenAI's `data: [DONE]`). */
  end(): string;
}

export interface UpstreamCall {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A provider's wire format (what upstreams speak). */
export interface ProviderAdapter {
  /** Builds the HTTP call for a request. Unsupported settings are pushed onto request.warnings. */
  buildRequest(provider: GatewayProvider, request: ChatRequest, apiKey: string | undefined): UpstreamCall;
  /** Decodes a whole JSON response. Throws GatewayErrors.upstreamInvalidResponse when it cannot. */
  decodeResponse(body: unknown): ChatResponse;
  /** A stateful decoder for one stream: one SSE event in, zero or more canonical events out. */
  createStreamDecoder(): StreamDecoder;
  /** Seconds to wait, when an error body says so (Gemini's RetryInfo) and no Retry-After header did. */
  retryAfterFromErrorBody?(body: unknown): number | null;
}

export interface StreamDecoder {
  decode(event: SseEvent): StreamEvent[];
  /** Called when the upstream body ends; returns anything still held (or an error if the stream was cut). */
  end(): StreamEvent[];
}
