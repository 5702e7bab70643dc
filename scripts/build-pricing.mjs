// Turns LiteLLM's community price table (per token, keyed by LiteLLM's provider names) into
// resources/pricing.json: per million tokens, keyed by Gatehouse provider type. Run it after
// refreshing ../shared/data/model-prices.json and commit the output.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceFile = path.resolve(root, '../shared/data/model-prices.json');
const outputFile = path.resolve(root, 'resources/pricing.json');
const syncedAt = '2026-07-24';

// Listed in order of preference: when two sources name the same model, the earlier one wins
// (Google AI Studio's own "gemini" prices before Vertex AI's).
const providerMap = [
  ['openai', 'openai'],
  ['text-completion-openai', 'openai'],
  ['anthropic', 'anthropic'],
  ['gemini', 'gemini'],
  ['vertex_ai-language-models', 'gemini'],
  ['vertex_ai-embedding-models', 'gemini'],
  ['xai', 'xai'],
  ['deepseek', 'deepseek'],
  ['mistral', 'mistral'],
  ['groq', 'groq'],
];

/** Per token → per million tokens, rounded so 1.5e-7 becomes 0.15 and not 0.15000000000000002. */
function perMillion(perToken) {
  if (typeof perToken !== 'number' || !Number.isFinite(perToken)) return undefined;
  return Number((perToken * 1e6).toPrecision(6));
}

function positiveInteger(value) {
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

function stripPrefix(model, litellmProvider, providerType) {
  for (const prefix of [`${litellmProvider}/`, `${providerType}/`]) {
    if (model.startsWith(prefix)) return model.slice(prefix.length);
  }
  return model;
}

// JSON.stringify leaves out undefined fields, so a fact the source lacks stays absent rather than 0.
function toEntry(source) {
  return {
    input: perMillion(source.input_cost_per_token),
    output: perMillion(source.output_cost_per_token),
    cachedInput: perMillion(source.cache_read_input_token_cost),
    cacheWrite: perMillion(source.cache_creation_input_token_cost),
    contextWindow: positiveInteger(source.max_input_tokens) ?? positiveInteger(source.max_tokens),
    maxOutput: positiveInteger(source.max_output_tokens),
    mode: typeof source.mode === 'string' ? source.mode : undefined,
  };
}

// Models the community table lacks, from the providers' published price pages (USD per 1M tokens).
// Embeddings have no output tokens; their output price is 0.
const additions = {
  openai: {
    'text-embedding-3-small': { input: 0.02, output: 0, mode: 'embedding', contextWindow: 8191 },
    'text-embedding-3-large': { input: 0.13, output: 0, mode: 'embedding', contextWindow: 8191 },
    'text-embedding-ada-002': { input: 0.1, output: 0, mode: 'embedding', contextWindow: 8191 },
  },
};

function build(prices) {
  const providers = structuredClone(additions);
  let skipped = 0;
  for (const [litellmProvider, providerType] of providerMap) {
    for (const [key, source] of Object.entries(prices)) {
      if (source?.litellm_provider !== litellmProvider) continue;
      // Both prices are required: a missing one would otherwise read as free.
      if (
        typeof source.input_cost_per_token !== 'number' ||
        typeof source.output_cost_per_token !== 'number'
      ) {
        skipped += 1;
        continue;
      }
      const model = stripPrefix(key, litellmProvider, providerType);
      const models = (providers[providerType] ??= {});
      if (model in models) continue;
      models[model] = toEntry(source);
    }
  }
  return { providers: sortKeys(providers), skipped };
}

function sortKeys(object) {
  return Object.fromEntries(
    Object.entries(object)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => [key, isModelMap(value) ? sortKeys(value) : value]),
  );
}

function isModelMap(value) {
  return value !== null && typeof value === 'object' && !('input' in value);
}

const prices = JSON.parse(fs.readFileSync(sourceFile, 'utf8'));
const { providers, skipped } = build(prices);
const table = {
  source: 'LiteLLM community price table (MIT), plus published OpenAI embedding prices',
  syncedAt,
  unit: 'USD per 1M tokens',
  providers,
};
fs.mkdirSync(path.dirname(outputFile), { recursive: true });
fs.writeFileSync(outputFile, `${JSON.stringify(table, null, 2)}\n`);

const counts = Object.entries(providers).map(([type, models]) => `${type} ${Object.keys(models).length}`);
console.log(
  `Wrote ${path.relative(root, outputFile)}: ${counts.join(', ')} (${skipped} entries without both prices skipped).`,
);
