import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Prices in USD per million tokens, as in resources/pricing.json. */
export interface PriceEntry {
  input: number;
  output: number;
  /** Price of input tokens read from the provider's prompt cache; input price when absent. */
  cachedInput?: number;
  /** Price of input tokens written to the prompt cache (Anthropic); informational for now. */
  cacheWrite?: number;
  contextWindow?: number;
  maxOutput?: number;
  /** "chat", "embedding", "image_generation", … */
  mode?: string;
}

/** provider type → model name → price. */
export type PriceMap = Record<string, Record<string, PriceEntry>>;

export interface PricingData {
  source?: string;
  syncedAt?: string;
  unit?: string;
  providers: PriceMap;
}

export interface CostInput {
  providerType: string;
  model: string;
  /** All input tokens, cached ones included (OpenAI's convention). */
  inputTokens: number | null;
  outputTokens: number | null;
  cachedTokens: number | null;
}

const pricingFile = path.join('resources', 'pricing.json');
const listedModes = new Set(['chat', 'embedding']);
// Snapshot suffixes: OpenAI's -2024-07-18 and Anthropic's -20250219.
const dateSuffix = /-(?:\d{4}-\d{2}-\d{2}|\d{8})$/;

/** The bundled model prices, plus the user's overrides. */
export class PricingTable {
  private constructor(
    private readonly data: PricingData,
    readonly file: string | null,
  ) {}

  /** Reads a pricing file; by default the bundled resources/pricing.json. */
  static load(file: string = findBundledPricingFile()): PricingTable {
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`Cannot read the pricing table ${file}: ${(error as Error).message}`);
    }
    return new PricingTable(checkData(data, file), file);
  }

  static fromData(data: PricingData): PricingTable {
    return new PricingTable(checkData(data, 'the given pricing data'), null);
  }

  get syncedAt(): string | null {
    return this.data.syncedAt ?? null;
  }

  /**
   * The price for a model: the exact name, else the name without a date suffix
   * (gpt-4o-mini-2024-07-18 → gpt-4o-mini). Deliberately no prefix matching: gpt-4o-mini would
   * otherwise be priced as gpt-4o and o1-pro as o1, overstating or understating cost many times over.
   * An unknown cost is shown as unknown, never as a guess.
   */
  lookup(providerType: string, model: string): PriceEntry | undefined {
    const models = this.data.providers[providerType];
    if (!models) return undefined;
    if (Object.hasOwn(models, model)) return models[model];
    const undated = model.replace(dateSuffix, '');
    return undated !== model && Object.hasOwn(models, undated) ? models[undated] : undefined;
  }

  /** Cost in USD, or null when the price or the token counts are unknown (never 0 for unknown). */
  costUsd({ providerType, model, inputTokens, outputTokens, cachedTokens }: CostInput): number | null {
    const price = this.lookup(providerType, model);
    if (!price || inputTokens === null) return null;
    // Embedding responses report no output tokens; that is only unknown cost if output is priced.
    if (outputTokens === null && price.output !== 0) return null;
    const cached = Math.min(Math.max(cachedTokens ?? 0, 0), inputTokens);
    const perMillion =
      (inputTokens - cached) * price.input +
      cached * (price.cachedInput ?? price.input) +
      (outputTokens ?? 0) * price.output;
    return perMillion / 1_000_000;
  }

  /** Known chat and embedding models of a provider type, for /v1/models when the provider has no list. */
  models(providerType: string): string[] {
    const models = this.data.providers[providerType] ?? {};
    return Object.keys(models)
      .filter((model) => listedModes.has(models[model]?.mode ?? 'chat'))
      .sort();
  }

  /**
   * A new table where the user's entries win. An override replaces a model's prices as a whole
   * (a stale cached price must not survive a new input price) but keeps the bundled context
   * window, output limit and mode unless it gives its own.
   */
  withOverrides(overrides: PriceMap): PricingTable {
    checkPriceMap(overrides, 'the pricing overrides');
    const providers: PriceMap = {};
    for (const [type, models] of Object.entries(this.data.providers)) providers[type] = { ...models };
    for (const [type, models] of Object.entries(overrides)) {
      const merged = (providers[type] ??= {});
      for (const [model, entry] of Object.entries(models)) {
        const bundled = merged[model];
        merged[model] = {
          contextWindow: bundled?.contextWindow,
          maxOutput: bundled?.maxOutput,
          mode: bundled?.mode,
          ...withoutUndefined(entry),
        };
      }
    }
    return new PricingTable({ ...this.data, providers }, this.file);
  }
}

/**
 * resources/pricing.json sits at the project root, which is three folders above this module in the
 * source tree (src/gateway/pricing/) and two above the bundle (dist/gateway/cli.cjs): walk up to it.
 */
export function findBundledPricingFile(start: string = fileURLToPath(import.meta.url)): string {
  let folder = path.dirname(start);
  for (;;) {
    const candidate = path.join(folder, pricingFile);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(folder);
    if (parent === folder)
      throw new Error(`Cannot find ${pricingFile} in any folder above ${path.dirname(start)}.`);
    folder = parent;
  }
}

function checkData(data: unknown, origin: string): PricingData {
  if (!isObject(data) || !isObject(data.providers)) {
    throw new Error(`${origin} is not a pricing table: it has no "providers" object.`);
  }
  checkPriceMap(data.providers, origin);
  return data as unknown as PricingData;
}

// A malformed price would turn into NaN costs in every log row, so refuse it at load time.
function checkPriceMap(map: unknown, origin: string): asserts map is PriceMap {
  if (!isObject(map)) throw new Error(`${origin} must map provider types to models.`);
  for (const [type, models] of Object.entries(map)) {
    if (!isObject(models)) throw new Error(`${origin}: "${type}" must map model names to prices.`);
    for (const [model, entry] of Object.entries(models)) {
      const valid =
        isObject(entry) &&
        isPrice(entry.input) &&
        isPrice(entry.output) &&
        (entry.cachedInput === undefined || isPrice(entry.cachedInput)) &&
        (entry.cacheWrite === undefined || isPrice(entry.cacheWrite));
      if (!valid) {
        throw new Error(
          `${origin}: the price of ${type}/${model} needs "input" and "output" as non-negative numbers (USD per 1M tokens).`,
        );
      }
    }
  }
}

function isPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutUndefined(entry: PriceEntry): PriceEntry {
  return Object.fromEntries(
    Object.entries(entry).filter(([, value]) => value !== undefined),
  ) as unknown as PriceEntry;
}
