import { CallerCancel } from './caller-cancel';
import type { LogAttempt, LogRecord } from '../../shared/schemas/log-record';

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
  /** The route name the caller used; null for a `<provider>/<model>` name. */
  route: string | null = null;
  /** Every upstream try in order (the dispatcher appends them). */
  attempts: LogAttempt[] = [];
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
  readonly upstreamAbort = new CallerCancel();
  /** The answer came from the response cache: no upstream call, cost 0. */
  cacheHit = false;
  /** The prompt slug and version a `prompt:` model or /v1/prompts call rendered (docs/prompts.md). */
  prompt: string | null = null;
  promptVersion: number | null = null;
  /** The experiment the request took part in, and its arm. */
  experimentId: string | null = null;
  experimentArm: string | null = null;
  /** REST API calls (/apis/<slug>/…, docs/rest-apis.md): the API, the HTTP method and body sizes. */
  api: string | null = null;
  method: string | null = null;
  bytesIn: number | null = null;
  bytesOut: number | null = null;
  private readonly finishCallbacks: Array<(record: LogRecord) => void> = [];
  private finishedRecord: LogRecord | null = null;

  constructor(
    readonly id: string,
    /** The inbound route; REST API calls replace it with the path they were called with. */
    public endpoint: string,
  ) {}

  markFirstByte(): void {
    if (this.firstByteAt === null) this.firstByteAt = performance.now();
  }

  /**
   * Runs `callback` once with the finished record, after it was queued for the log: how limits settle
   * their reservations and the response cache stores an answer that completed.
   */
  onFinish(callback: (record: LogRecord) => void): void {
    this.finishCallbacks.push(callback);
    // Registered after the caller already went away: run it now, or a reservation would never be released.
    if (this.finishedRecord) this.emitFinish(this.finishedRecord);
  }

  /** Called once by the request-log plugin. A failing callback must not stop the others. */
  emitFinish(record: LogRecord): void {
    this.finishedRecord = record;
    for (const callback of this.finishCallbacks.splice(0)) {
      try {
        callback(record);
      } catch {
        // A settle hook has nobody to report to once the response is gone; the log row is already written.
      }
    }
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
      // Absent when there is nothing to say, as in rows stored before routing existed.
      route: this.route ?? undefined,
      attempts: this.attempts.length > 0 ? this.attempts : undefined,
      requestBody: this.requestBody,
      responseBody: this.responseBody,
      cacheHit: this.cacheHit,
      prompt: this.prompt ?? undefined,
      promptVersion: this.promptVersion ?? undefined,
      experimentId: this.experimentId ?? undefined,
      experimentArm: this.experimentArm ?? undefined,
      api: this.api ?? undefined,
      method: this.method ?? undefined,
      bytesIn: this.bytesIn ?? undefined,
      bytesOut: this.bytesOut ?? undefined,
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
