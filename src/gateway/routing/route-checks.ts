import type { RouteConfig } from '../../shared/schemas/routes';

/**
 * What the schema cannot say about a route: a target listed twice (it would share one breaker and skew
 * weights), a provider that does not exist, a loadbalance route with no weight at all. Empty when fine.
 * `knownProviders` is null when providers may still be added later (the config file's own check).
 */
export function routeProblems(route: RouteConfig, knownProviders: ReadonlySet<string> | null): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  route.targets.forEach((target, index) => {
    if (seen.has(target.model)) problems.push(`targets[${index}]: "${target.model}" is listed twice`);
    seen.add(target.model);
    const provider = target.model.slice(0, target.model.indexOf('/'));
    if (knownProviders && !knownProviders.has(provider)) {
      problems.push(`targets[${index}]: no provider "${provider}" is configured`);
    }
  });
  if (route.strategy === 'loadbalance' && route.targets.every((target) => (target.weight ?? 1) === 0)) {
    problems.push('a loadbalance route needs at least one target with a weight above 0');
  }
  return problems;
}
