import type { CancelSignal } from '../logs/caller-cancel';
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { RouteCache, RouteStrategy } from '../../shared/schemas/routes';
import type { ModelTarget } from '../providers/provider-registry';
import type { RetrySettings } from './retry-policy';

/** A route target resolved against the configured providers. */
export interface PlannedTarget {
  target: ModelTarget;
  /** `<provider>/<model>`: the name breakers and latency averages are kept under. */
  key: string;
  weight: number;
  /** Fields merged into the body sent to this target; null for none. */
  params: Record<string, unknown> | null;
}

/** What the caller's model name resolved to: one target for `<provider>/<model>`, a route's targets otherwise. */
export interface RequestPlan {
  /** null when the caller named `<provider>/<model>` directly. */
  routeName: string | null;
  strategy: RouteStrategy;
  targets: PlannedTarget[];
  retry: RetrySettings;
  timeoutMs: number | null;
  deadlineMs: number | null;
  /** The route's response-cache setting; null for none. */
  cache: RouteCache | null;
}

/** One try of one target, as the dispatcher hands it to an endpoint's attempt runner. */
export interface AttemptContext {
  target: ModelTarget;
  params: Record<string, unknown> | null;
  apiKey: string | undefined;
  /** Aborts when the caller goes away or the attempt runs out of time. */
  signal: CancelSignal;
}

/**
 * An upstream answer that is ready to go to the caller: a whole JSON body, or a stream whose first bytes
 * have arrived. Until send() the dispatcher may still drop it and try elsewhere; send() commits.
 */
export interface PreparedAnswer {
  send(reply: FastifyReply, tap?: AnswerTap | null): FastifyReply;
}

/** Sees the answer on its way to the caller: the response cache records it this way. */
export interface AnswerTap {
  /** The whole JSON body, before it is sent. */
  json(text: string): void;
  /** The caller's SSE stream goes through this; send what it returns. */
  stream(source: Readable): Readable;
}

export type AttemptRunner = (attempt: AttemptContext) => Promise<PreparedAnswer>;
