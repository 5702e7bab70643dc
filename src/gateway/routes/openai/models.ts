import type { FastifyInstance } from 'fastify';
import { GatewayErrors } from '../../errors/gateway-error';
import { ModelCatalog } from '../../providers/model-catalog';

/** GET /v1/models and /v1/models/:provider/:model — OpenAI's model list over every provider. */
export default async function models(app: FastifyInstance): Promise<void> {
  const catalog = new ModelCatalog(() => app.gateway);
  const config = { apiFormat: 'openai' as const, gatewayKey: true };

  app.get('/v1/models', { config }, async () => ({ object: 'list', data: await catalog.list() }));

  app.get('/v1/models/*', { config }, async (request) => {
    const id = decodeURIComponent((request.params as { '*': string })['*']);
    const found = (await catalog.list()).find((model) => model.id === id);
    if (!found)
      throw GatewayErrors.modelNotFound(`Model "${id}" is not offered by any configured provider or route`);
    return found;
  });
}
