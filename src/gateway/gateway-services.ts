import type { AdminCredentials } from './config/admin-credentials';
import type { ServerSettings } from './config/server-settings';
import type { ResponseCache } from './cache/response-cache';
import type { KeyLimiter } from './limits/key-limiter';
import type { LogBus } from './logs/log-bus';
import type { PricingTable } from './pricing/pricing-table';
import type { ProviderRegistry } from './providers/provider-registry';
import type { Routing } from './routing/routing';
import type { SecretResolver } from './secrets/secret-store';
import type { KeyRepository } from './storage/key-repository';
import type { LogRepository } from './storage/log-repository';
import type { LogWriter } from './storage/log-writer';
import type { UpstreamClient } from './upstream/upstream-client';
import type { ApiFormat } from './errors/gateway-error';
import type { LogEntry } from './logs/log-entry';
import type { ApiRegistry } from './apis/api-registry';
import type { PromptRegistry } from './prompts/prompt-registry';
import type { ExperimentRegistry } from './experiments/experiment-registry';
import type { FeedbackRepository } from './storage/feedback-repository';

/** Everything routes need, built once by startGateway (or by a test) and handed to buildGateway. */
export interface GatewayServices {
  version: string;
  settings: ServerSettings;
  logWriter: LogWriter;
  logs: LogRepository;
  logBus: LogBus;
  keys: KeyRepository;
  providers: ProviderRegistry;
  pricing: PricingTable;
  secrets: SecretResolver;
  upstream: UpstreamClient;
  /** Routes, circuit breakers, latency averages and provider key turns (docs/routing.md). */
  routing: Routing;
  /** Per-key limits and budgets: reserved before dispatch, settled with the finished log record. */
  limits: KeyLimiter;
  /** The opt-in response cache the dispatcher consults (docs/limits-and-cache.md). */
  responseCache: ResponseCache;
  /** Admin tokens (hashed) and /ui login sessions. */
  adminCredentials: AdminCredentials;
  /** REST APIs served at /apis/<slug>/ (docs/rest-apis.md), their health, rate windows and cache. */
  apis: ApiRegistry;
  /** Versioned prompts and their labels (docs/prompts.md). */
  prompts: PromptRegistry;
  /** A/B experiments; running ones are held in memory for the request path. */
  experiments: ExperimentRegistry;
  /** Scores posted to /v1/feedback. */
  feedback: FeedbackRepository;
}

declare module 'fastify' {
  interface FastifyInstance {
    gateway: GatewayServices;
    /** The server the gateway listens on; the admin API's instance answers through the main one's. */
    gatewayServer: FastifyInstance['server'];
  }
  interface FastifyContextConfig {
    /** The caller's API: decides the shape of error bodies. */
    apiFormat?: ApiFormat;
    /** Requires a gateway key (all /v1 routes). */
    gatewayKey?: boolean;
    /** Requires the admin token (all /admin routes). */
    admin?: boolean;
    /** Writes a request log row. */
    logged?: boolean;
  }
  interface FastifyRequest {
    logEntry: LogEntry | null;
    rawBody: string | null;
  }
}
