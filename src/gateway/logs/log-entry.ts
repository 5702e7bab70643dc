import type { LogRecord } from '../../shared/schemas/log-record';

/** Usage as providers report it, normalised. Cached tokens are part of input tokens. */
export interface TokenUsage {
  inputTokens: number | null;
  outputTokens: number | null;
  cachedTokens: number | null;
}

/**
 * What a request learns about itself while it runs; turned into one LogRecord when the response closes.
 * Handlers fill in what they know; the request-log plugin does the rest.
 */
export class LogEntry {
  readonly startedAt = performance.now();
  readonly time = Date.now();
  keyName: string | null = null;
  provider: string | null = null;
  /** Pricing section for the provider; null when no price is bundled. */
  pricingKey: string | null = null;
  /** Local models cost nothing. */
  free = false;
  model: string | null = null;
  stream = false;
  usage: TokenUsage = { inputTokens: null, outputTokens: null, cachedTokens: null };
  firstByteAt: number | null = null;

  /** Set when the request failed even though the status line already said 200 (a stream broke). */
  streamError: string | null = null;
  error: string | null = null;
  warnings: string[] = [];
  requestBody: string | null = null;
  responseBody: string | null = null;
  /** Aborts the upstream call; fired when the caller goes away. */
  readonly upstreamAbort = new AbortController();

  constructor(
    readonly id: string,
    readonly endpoint: string,
  ) {}

  markFirstByte(): void {
    if (this.firstByteAt === null) this.firstByteAt = performance.now();
  }

  toRecord(status: number, cancelled: boolean, costUsd: number | null): LogRecord {
    const failed = this.streamError !== null || status >= 400;
    return {
      id: this.id,
      time: this.time,
      keyName: this.keyName,
      endpoint: this.endpoint,
      provider: this.provider,
      model: this.model,
      stream: this.stream,
      status: cancelled ? 499 : status,
      outcome: cancelled ? 'cancelled' : failed ? 'error' : 'ok',
      error: cancelled ? (this.error ?? 'Client closed the connection') : (this.streamError ?? this.error),
      latencyMs: round(performance.now() - this.startedAt),
      ttftMs: this.stream && this.firstByteAt !== null ? round(this.firstByteAt - this.startedAt) : null,
      inputTokens: this.usage.inputTokens,
      outputTokens: this.usage.outputTokens,
      cachedTokens: this.usage.cachedTokens,
      costUsd,
      warnings: this.warnings.length > 0 ? this.warnings.join('\n') : null,
      requestBody: this.requestBody,
      responseBody: this.responseBody,
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Cuts a body to the configured cap, saying how much was left out. */
export function truncateBody(text: string, maxBytes: number): string {
  if (text.length <= maxBytes) return text;
  return `${text.slice(0, maxBytes)}… [truncated ${text.length - maxBytes} characters]`;
}
