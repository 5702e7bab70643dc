import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ConfigImportBody, ConfigImportResult } from '../../../shared/schemas/settings';
import { importConfig, parseConfigText } from '../../config/import-config';
import { ConfigError } from '../../config/load-config';
import type { SettingsService } from '../../config/settings-service';
import { GatewayErrors } from '../../errors/gateway-error';
import type { ProviderRepository } from '../../storage/provider-repository';

export interface ConfigImportOptions {
  repository: ProviderRepository;
  settings?: SettingsService;
}

/**
 * POST /admin/config/import: a config file's text (YAML or JSON), checked by the same loader as
 * `serve --config` — a secret written in place of a reference is refused the same way — then added to
 * this gateway (docs/gui.md). The counterpart of GET /admin/config/export.
 */
export default async function adminConfigImport(
  app: FastifyInstance,
  { repository, settings }: ConfigImportOptions,
): Promise<void> {
  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .post(
      '/admin/config/import',
      { config: { admin: true }, schema: { body: ConfigImportBody, response: { 200: ConfigImportResult } } },
      async (request) => {
        let config;
        try {
          config = parseConfigText(request.body.text);
        } catch (error) {
          if (error instanceof ConfigError) throw GatewayErrors.invalidRequest(error.message);
          throw error;
        }
        const { providers, routing, secrets } = app.gateway;
        const result = await importConfig(config, {
          providers: repository,
          routes: routing.repository,
          secrets,
          settings,
        });
        providers.reload();
        routing.routes.reload();
        return result;
      },
    );
}
