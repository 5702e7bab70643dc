import type { PricingTable } from '../pricing/pricing-table';
import type { ProviderRegistry } from '../providers/provider-registry';

/** USD per million tokens; `free` for local and zero-priced models; `unknown` when no price is known. */
export type ModelPrice =
  { kind: 'free' } | { kind: 'priced'; input: number; output: number } | { kind: 'unknown' };

export interface ModelPriceSources {
  providers: Pick<ProviderRegistry, 'resolveModel'>;
  pricing: Pick<PricingTable, 'lookup'>;
  /** A route name's targets as `<provider>/<model>`; undefined when the name is not a route. */
  routeTargets?: (name: string) => readonly string[] | undefined;
}

const unknown: ModelPrice = { kind: 'unknown' };

/**
 * The price a request's `model` will be charged at, best effort: it never throws, since a request must not
 * fail because its cost could not be estimated. A route is priced at its most expensive known target, so a
 * fallback to a dearer target cannot outrun a budget.
 */
export function resolveModelPrice(sources: ModelPriceSources, model: unknown): ModelPrice {
  if (typeof model !== 'string' || model.length === 0) return unknown;
  if (model.includes('/')) return targetPrice(sources, model);
  let targets: readonly string[] | undefined;
  try {
    targets = sources.routeTargets?.(model);
  } catch {
    return unknown;
  }
  if (!targets || targets.length === 0) return unknown;
  const prices = targets.map((target) => targetPrice(sources, target));
  const priced = prices.filter((price) => price.kind === 'priced');
  if (priced.length > 0) {
    return priced.reduce((dearest, price) =>
      price.input + price.output > dearest.input + dearest.output ? price : dearest,
    );
  }
  return prices.every((price) => price.kind === 'free') ? { kind: 'free' } : unknown;
}

function targetPrice(sources: ModelPriceSources, model: string): ModelPrice {
  try {
    const target = sources.providers.resolveModel(model);
    if (target.provider.preset.local) return { kind: 'free' };
    const pricingKey = target.provider.preset.pricingKey;
    const entry = pricingKey ? sources.pricing.lookup(pricingKey, target.model) : undefined;
    if (!entry) return unknown;
    if (entry.input === 0 && entry.output === 0) return { kind: 'free' };
    return { kind: 'priced', input: entry.input, output: entry.output };
  } catch {
    return unknown;
  }
}
