import { Type, type Static, type TLiteral } from 'typebox';
import { PROVIDER_TYPES, type ProviderType } from './gateway-config';

type ProviderTypeLiterals = [TLiteral<ProviderType>];

export const THEMES = ['light', 'dark', 'system'] as const;
export type Theme = (typeof THEMES)[number];

/** A price the user sets for one model, instead of (or in the absence of) the bundled one. */
export const PricingOverride = Type.Object(
  {
    providerType: Type.Union(
      PROVIDER_TYPES.map((name) => Type.Literal(name)) as unknown as ProviderTypeLiterals,
      {
        description:
          'The provider type whose price list holds the model (every provider of that type uses it).',
      },
    ),
    model: Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '^\\S+$',
      description: "The provider's own model name, e.g. gpt-4o-mini.",
    }),
    input: Type.Number({ minimum: 0, maximum: 1_000_000, description: 'USD per 1M input tokens.' }),
    output: Type.Number({ minimum: 0, maximum: 1_000_000, description: 'USD per 1M output tokens.' }),
  },
  { additionalProperties: false },
);
export type PricingOverride = Static<typeof PricingOverride>;

const settingsProperties = {
  port: Type.Integer({
    minimum: 1,
    maximum: 65_535,
    description: 'Port `gatehouse serve` listens on; applies at the next start.',
  }),
  host: Type.String({
    minLength: 1,
    maxLength: 253,
    pattern: '^(\\[[0-9A-Fa-f:.]+\\]|[0-9A-Fa-f:.]+|[A-Za-z0-9.-]+)$',
    description: 'Address to listen on; applies at the next start. Non-loopback needs exposeOnLan.',
  }),
  exposeOnLan: Type.Boolean({
    description: 'Allows a non-loopback host; needs at least one gateway key (docs/security.md).',
  }),
  logRetentionDays: Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()], {
    description: 'Log rows older than this many days are deleted (hourly); null keeps them forever.',
  }),
  logBodies: Type.Boolean({ description: 'Store request and response bodies in the log.' }),
  logBodyMaxBytes: Type.Integer({
    minimum: 0,
    maximum: 16 * 1024 * 1024,
    description: 'Bodies in the log are cut at this size.',
  }),
  pricingOverrides: Type.Array(PricingOverride, { maxItems: 1000 }),
  theme: Type.Union(THEMES.map((name) => Type.Literal(name)) as unknown as [TLiteral<Theme>], {
    description: 'The GUI colour scheme; system follows the operating system.',
  }),
};

/** The settings the GUI manages, as they apply (saved values over defaults, or what the config file fixes). */
export const GatewaySettings = Type.Object(settingsProperties, { additionalProperties: false });
export type GatewaySettings = Static<typeof GatewaySettings>;
export type SettingName = keyof GatewaySettings;

/** PATCH /admin/settings: the fields to change; absent fields stay as they are. */
export const SettingsPatch = Type.Partial(GatewaySettings, { additionalProperties: false });
export type SettingsPatch = Static<typeof SettingsPatch>;

/**
 * Where a value comes from. `config` and `start-option` values cannot be changed here: the config file's
 * server section, or a flag / the desktop app that started the gateway, decide them.
 */
export const SettingSource = Type.Union([
  Type.Literal('default'),
  Type.Literal('saved'),
  Type.Literal('config'),
  Type.Literal('start-option'),
]);
export type SettingSource = Static<typeof SettingSource>;

export const SettingsView = Type.Object({
  settings: GatewaySettings,
  sources: Type.Object(
    Object.fromEntries(Object.keys(settingsProperties).map((name) => [name, SettingSource])) as Record<
      SettingName,
      typeof SettingSource
    >,
  ),
  /** What the running gateway listens on now. */
  running: Type.Object({ host: Type.String(), port: Type.Integer(), exposeOnLan: Type.Boolean() }),
  restartRequired: Type.Boolean({
    description: 'Saved port, host or LAN exposure differ from what the running gateway uses.',
  }),
});
export type SettingsView = Static<typeof SettingsView>;

/** POST /admin/config/import: a config file's text (YAML or JSON, docs/config.md). */
export const ConfigImportBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 2 * 1024 * 1024 }) },
  { additionalProperties: false },
);
export type ConfigImportBody = Static<typeof ConfigImportBody>;

export const ConfigImportResult = Type.Object({
  providers: Type.Array(Type.String(), { description: 'Provider ids created or updated.' }),
  routes: Type.Array(Type.String(), { description: 'Route names created or updated.' }),
  settings: Type.Array(Type.String(), { description: 'Settings saved from the server section.' }),
  warnings: Type.Array(Type.String(), { description: 'What was skipped, and why.' }),
});
export type ConfigImportResult = Static<typeof ConfigImportResult>;
