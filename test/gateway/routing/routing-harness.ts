import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { GatewayConfig } from '../../../src/shared/schemas/gateway-config';
import type { RouteConfig } from '../../../src/shared/schemas/routes';
import type { RoutingClock } from '../../../src/gateway/routing/routing-clock';
import { startGateway, type RunningGateway } from '../../../src/gateway/start-gateway';
import { FaultUpstream } from '../../helpers/fault-upstream';
import { tempDir } from '../../helpers/gateway-harness';

export const ROUTING_KEY = 'gh_routing_test_key_0123456789abcdef';

/** A clock whose sleeps return at once: tests read the waits the dispatcher asked for instead of spending them. */
export class ManualClock implements RoutingClock {
  time = Date.UTC(2026, 0, 1);
  readonly sleeps: number[] = [];

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

/** mulberry32: a small seeded generator, so weighted picks are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RoutingHarness {
  gateway: RunningGateway;
  alpha: FaultUpstream;
  beta: FaultUpstream;
  clock: ManualClock;
  openai: OpenAI;
  anthropic: Anthropic;
  admin(path: string, init?: RequestInit): Promise<Response>;
  logRow(id: string): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export interface RoutingHarnessOptions {
  routes: RouteConfig[];
  /** Extra config (circuitBreaker, provider apiKeys…) merged over the defaults. */
  config?: Partial<GatewayConfig>;
  env?: Record<string, string>;
  random?: () => number;
  /** Provider entries replacing the default alpha and beta (their baseUrl is filled in). */
  providers?: (alpha: FaultUpstream, beta: FaultUpstream) => NonNullable<GatewayConfig['providers']>;
}

/** A real gateway in front of two fault-injecting upstreams, `alpha` and `beta` (both OpenAI-compatible). */
export async function startRoutingHarness(options: RoutingHarnessOptions): Promise<RoutingHarness> {
  const alpha = await new FaultUpstream('alpha').start();
  const beta = await new FaultUpstream('beta').start();
  const clock = new ManualClock();
  const gateway = await startGateway({
    dataDir: tempDir('gatehouse-routing-'),
    port: 0,
    host: '127.0.0.1',
    useKeychain: false,
    env: { ROUTING_KEY, ...options.env },
    routing: { clock, random: options.random ?? seededRandom(7) },
    config: {
      providers: options.providers?.(alpha, beta) ?? [
        { id: 'alpha', type: 'openai-compatible', baseUrl: alpha.url },
        { id: 'beta', type: 'openai-compatible', baseUrl: beta.url },
      ],
      keys: [{ name: 'router', key: 'env:ROUTING_KEY' }],
      routes: options.routes,
      ...options.config,
    },
  });
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${gateway.url}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${gateway.adminToken}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.headers as Record<string, string>),
      },
    });
  return {
    gateway,
    alpha,
    beta,
    clock,
    // The SDKs' own retries are off: every retry and fallback seen here is the gateway's.
    openai: new OpenAI({ apiKey: ROUTING_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 }),
    anthropic: new Anthropic({ apiKey: ROUTING_KEY, baseURL: gateway.url, maxRetries: 0 }),
    admin,
    async logRow(id: string) {
      for (let attempt = 0; attempt < 50; attempt += 1) {
        gateway.services.logWriter.flush();
        const response = await admin(`/admin/logs/${id}`);
        if (response.status === 200) return (await response.json()) as Record<string, unknown>;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no log row for ${id}`);
    },
    async stop() {
      await gateway.close();
      await alpha.stop();
      await beta.stop();
    },
  };
}
