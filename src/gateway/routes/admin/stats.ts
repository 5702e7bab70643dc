import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CostStats, CostStatsQuery } from '../../../shared/schemas/cost-stats';
import { GatewayErrors } from '../../errors/gateway-error';
import { TrafficSummary, TrafficSummaryQuery } from '../../../shared/schemas/traffic-summary';
import { trafficSummary } from '../../storage/traffic-summary';

/** GET /admin/stats/costs?from&to&groupBy=day|model|provider|key&stackBy=model|provider|key&withLatency */
export default async function adminStats(app: FastifyInstance): Promise<void> {
  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .get(
      '/admin/stats/costs',
      { config: { admin: true }, schema: { querystring: CostStatsQuery, response: { 200: CostStats } } },
      async (request) => {
        try {
          return app.gateway.logs.costStats(request.query);
        } catch (error) {
          throw GatewayErrors.invalidRequest((error as Error).message);
        }
      },
    );

  // GET /admin/stats/summary?from&to&buckets: totals, p50/p95 latency and a trend series (the Overview).
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/admin/stats/summary',
    {
      config: { admin: true },
      schema: { querystring: TrafficSummaryQuery, response: { 200: TrafficSummary } },
    },
    async (request) => {
      try {
        return trafficSummary(app.gateway.logs, request.query);
      } catch (error) {
        throw GatewayErrors.invalidRequest((error as Error).message);
      }
    },
  );
}
