import type { RouteConfig, RouteList, RouteView } from '../../../shared/schemas/routes';
import { adminFetch } from './admin-fetch';

const at = (name: string) => `/admin/routes/${encodeURIComponent(name)}`;

export const routesApi = {
  list: (signal?: AbortSignal) => adminFetch<RouteList>('/admin/routes', { signal }),
  create: (route: RouteConfig) => adminFetch<RouteView>('/admin/routes', { body: route }),
  replace: (route: RouteConfig) => adminFetch<RouteView>(at(route.name), { method: 'PUT', body: route }),
  remove: (name: string) => adminFetch<null>(at(name), { method: 'DELETE' }),
};
