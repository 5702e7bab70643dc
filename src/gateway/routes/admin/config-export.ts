import type { FastifyInstance } from 'fastify';
import { stringify } from 'yaml';
import type {
  GatewayConfig,
  KeyConfig,
  ProviderConfig,
  ProviderType,
} from '../../../shared/schemas/gateway-config';
import { providerKeyRefs } from '../../providers/provider-registry';
import type { KeyRecord } from '../../storage/key-repository';
import type { ProviderRecord, ProviderRepository } from '../../storage/provider-repository';

export interface ConfigExportOptions {
  repository: ProviderRepository;
}

const HEADER = [
  'Secret values are not in this file, only references: keychain:NAME is read from the OS keychain',
  '(service "Gatehouse") of the machine running Gatehouse, env:NAME from its environment.',
  'Gateway keys are stored hashed, so their values cannot be exported: set each keys[].key variable to',
  "the key's value before starting, or drop the entry and make a new key with `gatehouse keys create NAME`.",
];

/** A config-file entry for a stored provider: its reference, never the key. */
function providerEntry(record: ProviderRecord): ProviderConfig {
  const entry: ProviderConfig = { id: record.id, type: record.type as ProviderType };
  if (record.baseUrl) entry.baseUrl = record.baseUrl;
  const keyRefs = providerKeyRefs(record);
  if (keyRefs.length > 1) entry.apiKeys = keyRefs;
  else if (keyRefs[0]) entry.apiKey = keyRefs[0];
  if (record.options.apiVersion) entry.apiVersion = record.options.apiVersion;
  if (!record.enabled) entry.enabled = false;
  return entry;
}

/** The environment variable a gateway key's value is expected in when the export is used as a config. */
export function keyVariableName(name: string): string {
  return `GATEHOUSE_KEY_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

function keyEntry(record: KeyRecord): KeyConfig {
  return { name: record.name, key: `env:${keyVariableName(record.name)}` };
}

/** The stored providers and gateway key names as a config file (docs/config.md), with references only. */
export function exportConfig(providers: ProviderRecord[], keys: KeyRecord[], version: string): string {
  const config: GatewayConfig = {
    providers: providers.map(providerEntry),
    keys: keys.filter((key) => key.revokedAt === null).map(keyEntry),
  };
  const header = [`Gatehouse ${version} configuration, exported ${new Date().toISOString()}.`, ...HEADER];
  return `${header.map((line) => `# ${line}`).join('\n')}\n${stringify(config)}`;
}

/** GET /admin/config/export: the current setup as YAML, for a headless `gatehouse serve --config`. */
export default async function adminConfigExport(
  app: FastifyInstance,
  { repository }: ConfigExportOptions,
): Promise<void> {
  app.get('/admin/config/export', { config: { admin: true } }, async (_request, reply) => {
    const { keys, version } = app.gateway;
    return reply
      .header('content-type', 'application/yaml; charset=utf-8')
      .header('content-disposition', 'attachment; filename="gatehouse.yaml"')
      .send(exportConfig(repository.list(), keys.list(), version));
  });
}
