import type { GatewayConfig } from '../../src/shared/schemas/gateway-config';
import { startGateway, type RunningGateway } from '../../src/gateway/start-gateway';
import { GATEWAY_KEY, PROVIDER_KEY, tempDir } from '../helpers/gateway-harness';
import { TolerantUpstream } from './tolerant-upstream';

/** The models hostile-input tests aim at: one per provider format, so every decoder and path is reached. */
export const TARGET_MODELS = [
  'openai/gpt-4o-mini',
  'anthropic/claude-haiku-4-5',
  'gemini/gemini-2.5-flash',
  'compat/local-model',
] as const;

export interface ReliabilityGateway {
  gateway: RunningGateway;
  upstream: TolerantUpstream;
  dataDir: string;
  url: string;
  stop(): Promise<void>;
}

/**
 * A real gateway (real SQLite file, real HTTP on a free port) in front of OpenAI, Anthropic, Gemini and an
 * OpenAI-compatible provider, all served by one tolerant mock. The planted keys are the harness's.
 */
export async function startReliabilityGateway(
  server: GatewayConfig['server'] = {},
  extra: Partial<Pick<GatewayConfig, 'providers' | 'routes'>> & { dataDir?: string } = {},
): Promise<ReliabilityGateway> {
  const upstream = await new TolerantUpstream().start();
  const dataDir = extra.dataDir ?? tempDir('gatehouse-reliability-');
  const origin = upstream.origin;
  const gateway = await startGateway({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    env: { UPSTREAM_KEY: PROVIDER_KEY, TEST_GATEWAY_KEY: GATEWAY_KEY },
    config: {
      server,
      providers: [
        { id: 'openai', type: 'openai', baseUrl: `${origin}/openai/v1`, apiKey: 'env:UPSTREAM_KEY' },
        { id: 'anthropic', type: 'anthropic', baseUrl: `${origin}/anthropic/v1`, apiKey: 'env:UPSTREAM_KEY' },
        { id: 'gemini', type: 'gemini', baseUrl: `${origin}/gemini/v1beta`, apiKey: 'env:UPSTREAM_KEY' },
        { id: 'compat', type: 'openai-compatible', baseUrl: `${origin}/openai/v1` },
        ...(extra.providers ?? []),
      ],
      routes: extra.routes,
      keys: [{ name: 'reliability', key: 'env:TEST_GATEWAY_KEY' }],
    },
  });
  return {
    gateway,
    upstream,
    dataDir,
    url: gateway.url,
    async stop() {
      await gateway.close();
      await upstream.stop();
    },
  };
}
