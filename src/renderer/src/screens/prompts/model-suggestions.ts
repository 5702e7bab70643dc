import { useEffect, useState } from 'react';
import { providersApi } from '../../api/providers-api';
import { routesApi } from '../../api/routes-api';

/**
 * What a version or an arm can call: every enabled provider's models as `<provider>/<model>`, then the
 * route names. A provider whose model list fails still offers its `<provider>/` prefix.
 */
export function useModelSuggestions(active = true): { models: string[]; routes: string[] } {
  const [models, setModels] = useState<string[]>([]);
  const [routes, setRoutes] = useState<string[]>([]);
  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    const { signal } = controller;
    void routesApi.list(signal).then(
      (list) => !signal.aborted && setRoutes(list.routes.map((route) => route.name)),
      () => undefined,
    );
    void (async () => {
      const { items } = await providersApi.list(signal);
      const lists = await Promise.all(
        items
          .filter((provider) => provider.enabled)
          .map((provider) =>
            providersApi.models(provider.id, signal).then(
              (list) => list.models.map((model) => `${provider.id}/${model}`),
              () => [`${provider.id}/`],
            ),
          ),
      );
      if (!signal.aborted) setModels(lists.flat());
    })().catch(() => undefined);
    return () => controller.abort();
  }, [active]);
  return { models, routes };
}
