import { Type, type Static } from 'typebox';
import { ProviderConfig } from './gateway-config';

/** Whether a secret is stored, and its last four characters at most. The value itself is never sent. */
export const SecretStatus = Type.Object({
  reference: Type.Union([Type.String(), Type.Null()], {
    description: 'Where the secret lives, e.g. keychain:provider.openai or env:OPENAI_API_KEY.',
  }),
  stored: Type.Boolean({ description: 'The reference resolves to a value right now.' }),
  hint: Type.Union([Type.String(), Type.Null()], {
    description:
      '"…" and the last 4 characters, read from the store; null when nothing is stored or the value is short.',
  }),
});
export type SecretStatus = Static<typeof SecretStatus>;

/** PUT …/secret: the new value. Write-only: no response ever carries it back. */
export const SecretValueBody = Type.Object(
  { value: Type.String({ minLength: 1, maxLength: 16_384 }) },
  { additionalProperties: false },
);
export type SecretValueBody = Static<typeof SecretValueBody>;

export const ProviderSource = Type.Union([Type.Literal('config'), Type.Literal('admin')], {
  description:
    'config: managed by the config file (read-only here); admin: created in the app or the admin API.',
});
export type ProviderSource = Static<typeof ProviderSource>;

export const AdminProvider = Type.Object({
  id: Type.String(),
  type: Type.String(),
  label: Type.String({ description: 'Display name of the provider type, e.g. "OpenAI".' }),
  baseUrl: Type.Union([Type.String(), Type.Null()], {
    description: 'The API root in use (the type default when none was given); null when one is needed.',
  }),
  source: ProviderSource,
  enabled: Type.Boolean(),
  requiresKey: Type.Boolean(),
  apiKeyRef: Type.Union([Type.String(), Type.Null()]),
  apiVersion: Type.Union([Type.String(), Type.Null()]),
  secret: Type.Object({ stored: Type.Boolean(), hint: Type.Union([Type.String(), Type.Null()]) }),
});
export type AdminProvider = Static<typeof AdminProvider>;

export const AdminProviderList = Type.Object({ items: Type.Array(AdminProvider) });
export type AdminProviderList = Static<typeof AdminProviderList>;

const { id, type, baseUrl, apiVersion, enabled } = ProviderConfig.properties;

/** POST /admin/providers. No key here: keys go through PUT /admin/providers/:id/secret, into the keychain. */
export const CreateProviderBody = Type.Object(
  {
    id,
    type,
    baseUrl: Type.Optional(baseUrl),
    apiVersion: Type.Optional(apiVersion),
    enabled: Type.Optional(enabled),
  },
  { additionalProperties: false },
);
export type CreateProviderBody = Static<typeof CreateProviderBody>;

/** PATCH /admin/providers/:id. null puts a setting back to the type's default. */
export const UpdateProviderBody = Type.Object(
  {
    baseUrl: Type.Optional(Type.Union([baseUrl, Type.Null()])),
    apiVersion: Type.Optional(Type.Union([apiVersion, Type.Null()])),
    enabled: Type.Optional(enabled),
  },
  { additionalProperties: false },
);
export type UpdateProviderBody = Static<typeof UpdateProviderBody>;

/** POST /admin/providers/:id/test: what the provider's model list call answered. */
export const ConnectionTestResult = Type.Object({
  ok: Type.Boolean(),
  status: Type.Union([Type.Integer(), Type.Null()], {
    description: "The provider's HTTP status; null when it was not reached.",
  }),
  message: Type.String(),
  models: Type.Optional(Type.Integer({ description: 'How many models the provider listed.' })),
});
export type ConnectionTestResult = Static<typeof ConnectionTestResult>;
