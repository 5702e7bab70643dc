import type { RouteConfig } from '../../shared/schemas/routes';
import { GatewayError, GatewayErrors } from '../errors/gateway-error';
import type { ProviderRegistry } from '../providers/provider-registry';
import type { PlannedTarget, RequestPlan } from './request-plan';
import type { RouteRecord, RouteRepository } from './route-repository';
import { retrySettings } from './retry-policy';

const DIRECT_RETRY = retrySettings(undefined);

/**
 * Routes held in memory for the hot path (reload() after the table changes), and the one place a
 * caller's model name becomes a request plan: a name with a slash is always `<provider>/<model>`; a name
 * without one is a route.
 */
export class RouteTable {
  private routes = new Map<string, RouteRecord>();

  constructor(
    private readonly repository: RouteRepository,
    private readonly providers: ProviderRegistry,
  ) {
    this.reload();
  }

  reload(): void {
    this.routes = new Map(this.repository.list().map((record) => [record.config.name, record]));
  }

  list(): RouteRecord[] {
    return [...this.routes.values()];
  }

  get(name: string): RouteRecord | undefined {
    return this.routes.get(name);
  }

  plan(model: unknown): RequestPlan {
    if (typeof model === 'string' && model.length > 0 && !model.includes('/')) {
      const route = this.routes.get(model);
      if (!route) {
        throw GatewayErrors.invalidModel(
          `Model "${model}" is neither a route nor of the form <provider>/<model>, e.g. "openai/gpt-4o-mini"${this.knownRoutes()}`,
          { param: 'model' },
        );
      }
      return this.routePlan(route.config);
    }
    const target = this.providers.resolveModel(model);
    return {
      routeName: null,
      strategy: 'fallback',
      targets: [{ target, key: model as string, weight: 1, params: null }],
      retry: DIRECT_RETRY,
      timeoutMs: null,
      deadlineMs: null,
      cache: null,
    };
  }

  private routePlan(config: RouteConfig): RequestPlan {
    const targets: PlannedTarget[] = [];
    const problems: string[] = [];
    for (const entry of config.targets) {
      try {
        targets.push({
          target: this.providers.resolveModel(entry.model),
          key: entry.model,
          weight: entry.weight ?? 1,
          params: entry.params ?? null,
        });
      } catch (error) {
        // A target whose provider was removed or disabled is skipped; the route's other targets still serve.
        if (!(error instanceof GatewayError)) throw error;
        problems.push(`${entry.model}: ${error.message}`);
      }
    }
    if (targets.length === 0) {
      throw GatewayErrors.modelNotFound(
        `Route "${config.name}" has no usable target (${problems.join('; ')})`,
        {
          param: 'model',
        },
      );
    }
    return {
      routeName: config.name,
      strategy: config.strategy ?? 'fallback',
      targets,
      retry: retrySettings(config.retry),
      timeoutMs: config.timeoutMs ?? null,
      deadlineMs: config.deadlineMs ?? null,
      cache: config.cache ?? null,
    };
  }

  private knownRoutes(): string {
    const names = [...this.routes.keys()];
    if (names.length === 0) return '';
    const shown = names.slice(0, 20).join(', ');
    return `; routes: ${shown}${names.length > 20 ? ', …' : ''}`;
  }
}
