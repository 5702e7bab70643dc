import type { RetryConfig, RouteConfig, RouteStrategy, RouteView } from '../../../../shared/schemas/routes';

export interface TargetRow {
  model: string;
  weight: number;
  /** Kept as they were: the editor does not change per-target parameters. */
  params: Record<string, unknown> | null;
}

export interface RouteForm {
  name: string;
  strategy: RouteStrategy;
  targets: TargetRow[];
  /** Empty when not set. */
  retryAttempts: number | '';
  timeoutMs: number | '';
  cacheTtlSeconds: number | '';
  /** Carried over from the stored route; the form does not edit them. */
  retryRest: Omit<RetryConfig, 'attempts'>;
  deadlineMs: number | null;
}

export const ROUTE_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const TARGET_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}\/.+$/;

export function emptyRouteForm(): RouteForm {
  return {
    name: '',
    strategy: 'fallback',
    targets: [{ model: '', weight: 1, params: null }],
    retryAttempts: '',
    timeoutMs: '',
    cacheTtlSeconds: '',
    retryRest: {},
    deadlineMs: null,
  };
}

export function formFromView(view: RouteView): RouteForm {
  const { attempts, ...retryRest } = view.retry ?? { attempts: undefined };
  return {
    name: view.name,
    strategy: view.strategy as RouteStrategy,
    targets: view.targets.map((target) => ({
      model: target.model,
      weight: target.weight,
      params: target.params,
    })),
    retryAttempts: attempts ?? '',
    timeoutMs: view.timeoutMs ?? '',
    cacheTtlSeconds: view.cache?.ttlSeconds ?? '',
    retryRest,
    deadlineMs: view.deadlineMs,
  };
}

/** What is wrong with the form, in the words the editor shows; null when it can be saved. */
export function formProblem(form: RouteForm): string | null {
  if (!ROUTE_NAME_PATTERN.test(form.name))
    return 'The name is what tools send as "model": lowercase letters, digits, ".", "_" and "-", no slash.';
  if (form.targets.length === 0) return 'Add at least one target.';
  const bad = form.targets.find((target) => !TARGET_PATTERN.test(target.model.trim()));
  if (bad)
    return `Targets are <provider>/<model>, e.g. openai/gpt-4o-mini${bad.model ? ` (not "${bad.model}")` : ''}.`;
  if (form.strategy === 'loadbalance' && form.targets.every((target) => target.weight === 0))
    return 'At least one target needs a weight above 0.';
  return null;
}

export function configFromForm(form: RouteForm): RouteConfig {
  const config: RouteConfig = {
    name: form.name,
    strategy: form.strategy,
    targets: form.targets.map((target) => ({
      model: target.model.trim(),
      ...(form.strategy === 'loadbalance' || target.weight !== 1 ? { weight: target.weight } : {}),
      ...(target.params ? { params: target.params } : {}),
    })),
  };
  if (form.retryAttempts !== '') config.retry = { attempts: form.retryAttempts, ...form.retryRest };
  if (form.timeoutMs !== '') config.timeoutMs = form.timeoutMs;
  if (form.deadlineMs !== null) config.deadlineMs = form.deadlineMs;
  if (form.cacheTtlSeconds !== '') config.cache = { ttlSeconds: form.cacheTtlSeconds };
  return config;
}
