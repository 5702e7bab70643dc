import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiConfig } from '../../../src/shared/schemas/apis';
import type { GatewayConfig } from '../../../src/shared/schemas/gateway-config';
import type { RoutingClock } from '../../../src/gateway/routing/routing-clock';
import type { SecretStore } from '../../../src/gateway/secrets/secret-store';
import { startGateway, type RunningGateway } from '../../../src/gateway/start-gateway';
import { tempDir } from '../../helpers/gateway-harness';

export const FULL_KEY = 'gh_test_rest_full_key_0123456789abcdef';
export const GITHUB_ONLY_KEY = 'gh_test_rest_github_only_key_01234567';
/** The credential Gatehouse injects; callers never send it and must never see it. */
export const UPSTREAM_TOKEN = 'ghp_plantedUpstreamToken0123456789abcdefXYZ';

export interface RecordedRequest {
  method: string;
  /** The request target exactly as received (not normalised). */
  url: string;
  headers: IncomingHttpHeaders;
  bodyBytes: number;
  /** The first 64 KiB of the body. */
  body: string;
}

export type MockHandler = (request: RecordedRequest, response: ServerResponse, raw: IncomingMessage) => void;

/** A plain HTTP upstream on 127.0.0.1 that records every request it receives, bodies counted not kept. */
export class MockRest {
  readonly requests: RecordedRequest[] = [];
  handler: MockHandler = (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
  };
  private server: http.Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((raw, response) => {
      const recorded: RecordedRequest = {
        method: raw.method ?? '',
        url: raw.url ?? '',
        headers: raw.headers,
        bodyBytes: 0,
        body: '',
      };
      this.requests.push(recorded);
      const kept: Buffer[] = [];
      let keptBytes = 0;
      raw.on('data', (chunk: Buffer) => {
        recorded.bodyBytes += chunk.length;
        if (keptBytes < 65_536) {
          kept.push(chunk.subarray(0, 65_536 - keptBytes));
          keptBytes += Math.min(chunk.length, 65_536 - keptBytes);
        }
      });
      raw.on('end', () => {
        recorded.body = Buffer.concat(kept).toString('utf8');
        this.handler(recorded, response, raw);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get httpServer(): http.Server {
    return this.server!;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** A clock whose sleeps return at once and move time on: retry waits and TTLs cost no real time. */
export class TestClock implements RoutingClock {
  time = Date.now();
  slept: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.slept.push(ms);
    this.time += ms;
  }
}

export interface ApiHarness {
  gateway: RunningGateway;
  url: string;
  admin(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  logRow(id: string): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** A real gateway (SQLite in a temp dir) serving `apis`, with a key for all APIs and one for `github` only. */
export async function startApiGateway(
  apis: ApiConfig[],
  options: {
    clock?: RoutingClock;
    server?: GatewayConfig['server'];
    keys?: GatewayConfig['keys'];
    secretStores?: SecretStore[];
  } = {},
): Promise<ApiHarness> {
  const gateway = await startGateway({
    dataDir: tempDir('gatehouse-apis-'),
    port: 0,
    host: '127.0.0.1',
    env: { FULL_KEY, GITHUB_ONLY_KEY, UPSTREAM_TOKEN },
    useKeychain: false,
    secretStores: options.secretStores,
    apis: options.clock ? { clock: options.clock } : undefined,
    config: {
      server: options.server,
      apis,
      keys: options.keys ?? [
        { name: 'full', key: 'env:FULL_KEY' },
        { name: 'github-only', key: 'env:GITHUB_ONLY_KEY', apis: ['github'] },
      ],
    },
  });
  const admin = (pathAndQuery: string, init: RequestInit = {}) =>
    fetch(`${gateway.url}${pathAndQuery}`, {
      ...init,
      headers: { authorization: `Bearer ${gateway.adminToken}`, ...(init.headers as Record<string, string>) },
    });
  return {
    gateway,
    url: gateway.url,
    admin,
    async logRow(id: string) {
      for (let attempt = 0; attempt < 100; attempt += 1) {
        gateway.services.logWriter.flush();
        const response = await admin(`/admin/logs/${id}`);
        if (response.status === 200) return (await response.json()) as Record<string, unknown>;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no log row for ${id}`);
    },
    stop: () => gateway.close(),
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A request with the path sent exactly as given (fetch and URL would normalise "..", "%2e" and
 * backslashes before sending, which is what an attacker's client does not do).
 */
export function rawRequest(
  baseUrl: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: hostname, port, path, method: init.method ?? 'GET', headers: init.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(init.body);
  });
}

export const authorized = (key = FULL_KEY): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** An in-memory stand-in for the OS keychain (the keychain suite tests the real one). */
export class MemoryKeychain implements SecretStore {
  readonly scheme = 'keychain' as const;
  readonly values = new Map<string, string>();
  async get(name: string): Promise<string | undefined> {
    return this.values.get(name);
  }
  async set(name: string, value: string): Promise<void> {
    this.values.set(name, value);
  }
  async delete(name: string): Promise<boolean> {
    return this.values.delete(name);
  }
}
