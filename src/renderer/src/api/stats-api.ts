import type { TrafficSummary } from '../../../shared/schemas/traffic-summary';
import { adminFetch } from './admin-fetch';

export interface GatewayHealth {
  status: string;
  version: string;
  logging?: string;
}

export const statsApi = {
  /** Totals, latency percentiles and `buckets` equal slices of [from, to). */
  summary: (from: Date, to: Date, buckets: number, signal?: AbortSignal) =>
    adminFetch<TrafficSummary>(
      `/admin/stats/summary?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&buckets=${buckets}`,
      { signal },
    ),
  health: (signal?: AbortSignal) => adminFetch<GatewayHealth>('/health', { signal }),
};
