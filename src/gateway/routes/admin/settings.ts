import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Value } from 'typebox/value';
import { SettingsPatch, SettingsView } from '../../../shared/schemas/settings';
import type { SettingsService } from '../../config/settings-service';
import { GatewayErrors } from '../../errors/gateway-error';

export interface AdminSettingsOptions {
  settings: SettingsService;
}

/**
 * GET /admin/settings and PATCH /admin/settings: the GUI's settings (listening address, LAN exposure, log
 * retention, body logging, price overrides, theme), with where each value comes from.
 */
export default async function adminSettings(
  app: FastifyInstance,
  { settings }: AdminSettingsOptions,
): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const config = { admin: true };

  typed.get('/admin/settings', { config, schema: { response: { 200: SettingsView } } }, async () =>
    settings.view(),
  );

  typed.patch('/admin/settings', { config, schema: { response: { 200: SettingsView } } }, async (request) =>
    settings.update(checkedPatch(request.body)),
  );
}

// Checked here rather than by Fastify's validator, which drops unknown fields silently: a misspelt setting
// must be an error, not a change that quietly does nothing.
function checkedPatch(body: unknown): SettingsPatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw GatewayErrors.invalidRequest('Request body must be a JSON object of settings to change');
  }
  const first = [...Value.Errors(SettingsPatch, body)].sort(
    (a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length,
  )[0];
  if (first) {
    const field = first.instancePath.split('/').filter(Boolean).join('.') || 'body';
    // TypeBox reports a property that additionalProperties: false forbids as "schema is false" at its path.
    const extra =
      (first.params as { additionalProperties?: string[] }).additionalProperties ??
      (first.keyword === 'boolean' ? [field] : undefined);
    throw GatewayErrors.invalidRequest(
      extra ? `${field}: unknown setting ${extra.join(', ')}` : `${field}: ${first.message}`,
      { param: field },
    );
  }
  return body as SettingsPatch;
}
