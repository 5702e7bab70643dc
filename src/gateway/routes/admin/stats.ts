import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CostStats, CostStatsQuery } from '../../../shared/schemas/cost-stats';
import { GatewayErrors } from '../../errors/gateway-error';

/** GET /admin/stats/costs?from&to&groupBy=day|model|provider|key */
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
}
