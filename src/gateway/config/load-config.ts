import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Value } from 'typebox/value';
import { GatewayConfig } from '../../shared/schemas/gateway-config';
import { PROVIDER_PRESETS } from '../providers/provider-presets';
import { routeProblems } from '../routing/route-checks';

/** A config file that cannot be used. `field` names the offending entry, e.g. `providers[0].type`. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | null,
    message: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ''}${message}`);
    this.name = 'ConfigError';
  }
}

export function loadConfigFile(file: string): GatewayConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      file,
      null,
      `cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  let data: unknown;
  try {
    data = path.extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(
      file,
      null,
      `not valid ${path.extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
    );
  }
  return validateConfig(data ?? {}, file);
}

export function validateConfig(data: unknown, file = 'config'): GatewayConfig {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(file, null, 'the top level must be a mapping with providers, keys and server');
  }
  const firstError = describeFirstError(data);
  if (firstError) throw new ConfigError(file, firstError.field, firstError.message);
  const config = data as GatewayConfig;
  checkProviders(config, file);
  checkKeys(config, file);
  checkRoutes(config, file);
  return config;
}

function checkProviders(config: GatewayConfig, file: string): void {
  const seen = new Set<string>();
  config.providers?.forEach((provider, index) => {
    const field = `providers[${index}]`;
    if (seen.has(provider.id))
      throw new ConfigError(file, `${field}.id`, `duplicate provider id "${provider.id}"`);
    seen.add(provider.id);
    if (provider.apiKey && provider.apiKeys) {
      throw new ConfigError(file, `${field}.apiKeys`, 'give either apiKey or apiKeys, not both');
    }
    if (!provider.baseUrl && !PROVIDER_PRESETS[provider.type].baseUrl) {
      throw new ConfigError(file, `${field}.baseUrl`, `type ${provider.type} needs a baseUrl`);
    }
  });
}

function checkKeys(config: GatewayConfig, file: string): void {
  const seen = new Set<string>();
  config.keys?.forEach((key, index) => {
    if (seen.has(key.name))
      throw new ConfigError(file, `keys[${index}].name`, `duplicate key name "${key.name}"`);
    seen.add(key.name);
  });
}

function checkRoutes(config: GatewayConfig, file: string): void {
  const seen = new Set<string>();
  config.routes?.forEach((route, index) => {
    const field = `routes[${index}]`;
    if (seen.has(route.name))
      throw new ConfigError(file, `${field}.name`, `duplicate route name "${route.name}"`);
    seen.add(route.name);
    // Providers may also come from the app (admin API), so an unknown provider is only a warning at start.
    const [problem] = routeProblems(route, null);
    if (problem) throw new ConfigError(file, field, problem);
  });
}

/** Turns TypeBox's error list into one message naming the field, e.g. `providers[0].type: must be one of …`. */
function describeFirstError(data: unknown): { field: string; message: string } | null {
  const errors = [...Value.Errors(GatewayConfig, data)];
  if (errors.length === 0) return null;
  // The deepest path is the most precise one; unions report one error per branch plus a summary.
  const deepest = errors.reduce((best, error) =>
    error.instancePath.split('/').length > best.instancePath.split('/').length ? error : best,
  );
  const atPath = errors.filter((error) => error.instancePath === deepest.instancePath);
  const field = toFieldName(deepest.instancePath);
  const allowed = atPath
    .map((error) => (error.params as { allowedValue?: unknown }).allowedValue)
    .filter((value) => value !== undefined);
  if (allowed.length > 0) return { field, message: `must be one of ${allowed.join(', ')}` };
  const extra = atPath.find((error) => error.keyword === 'additionalProperties');
  if (extra) {
    const names = (extra.params as { additionalProperties?: string[] }).additionalProperties ?? [];
    return { field, message: `unknown field ${names.join(', ')}` };
  }
  if (deepest.keyword === 'boolean') {
    return {
      field: toFieldName(deepest.instancePath.split('/').slice(0, -1).join('/')),
      message: `unknown field ${deepest.instancePath.split('/').pop()}`,
    };
  }
  const pattern = atPath.find((error) => error.keyword === 'pattern');
  if (pattern && /apiKey|key$/.test(deepest.instancePath)) {
    return {
      field,
      message: 'must be a reference such as env:OPENAI_API_KEY or keychain:NAME, never the secret itself',
    };
  }
  return { field, message: deepest.message };
}

function toFieldName(instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (parts.length === 0) return '(top level)';
  return parts
    .map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('');
}
