import type { FastifyInstance } from 'fastify';
import type { BuildGatewayOptions } from '../../build-gateway';
import adminConfigExport from './config-export';
import adminConfigImport from './config-import';
import adminProviderCatalog from './provider-catalog';
import adminSettings from './settings';
import adminKeys from './keys';
import adminLogs from './logs';
import adminProviders from './providers';
import adminRoutes from './routes';
import adminStats from './stats';
import adminStatus from './status';
import adminApis from './apis';
import adminPrompts from './prompts';
import adminPromptRun from './prompt-run';
import adminExperiments from './experiments';

/** Every /admin route: the web UI's and the desktop app's API. */
export function registerAdminRoutes(app: FastifyInstance, options: BuildGatewayOptions): void {
  app.register(adminLogs);
  app.register(adminStats);
  app.register(adminStatus);
  app.register(adminKeys);
  app.register(adminRoutes);
  app.register(adminPrompts);
  app.register(adminPromptRun);
  app.register(adminExperiments);
  if (options.providerRepository) {
    app.register(adminProviders, { repository: options.providerRepository });
    app.register(adminConfigExport, { repository: options.providerRepository });
    app.register(adminConfigImport, { repository: options.providerRepository, settings: options.settings });
  }
  app.register(adminProviderCatalog);
  app.register(adminApis);
  if (options.settings) app.register(adminSettings, { settings: options.settings });
}
