import { Type, type Static, type TSchema } from 'typebox';
import { ApiSlug } from './apis';
import { KeyLimits } from './gateway-config';

export const KeyName = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$',
  description: 'Shown in the log as the caller. Letters, digits, "-", "_" and ".".',
});

/** What a key used, against its limits. */
export const KeyUsage = Type.Object({
  requestsThisMinute: Type.Integer({ description: 'Requests admitted in the last 60 s.' }),
  tokensThisMinute: Type.Integer({
    description: 'Tokens of requests admitted in the last 60 s (estimates while they run).',
  }),
  usdToday: Type.Number({ description: 'Spend of finished requests this UTC day.' }),
  usdThisMonth: Type.Number({ description: 'Spend of finished requests this UTC month.' }),
  usdReserved: Type.Number({ description: 'Estimated spend of requests still running.' }),
});
export type KeyUsage = Static<typeof KeyUsage>;

/** A gateway key as the admin API shows it: never the key itself, nor its hash. */
export const AdminKey = Type.Object({
  name: Type.String(),
  hint: Type.String({ description: '"…" and the last 4 characters of the key.' }),
  source: Type.Union([Type.Literal('config'), Type.Literal('cli'), Type.Literal('admin')], {
    description: 'config keys come from the config file: their limits are read-only here.',
  }),
  createdAt: Type.Number(),
  revokedAt: Type.Union([Type.Number(), Type.Null()]),
  limits: KeyLimits,
  usage: KeyUsage,
  allowedApis: Type.Union([Type.Array(Type.String()), Type.Null()], {
    description: 'REST APIs the key may call at /apis/<slug>/ (docs/rest-apis.md); null: every API.',
  }),
});
export type AdminKey = Static<typeof AdminKey>;

/** The REST APIs a key may call; empty means every API. */
export const KeyApis = Type.Array(ApiSlug, { maxItems: 256, description: 'API slugs; empty: every API.' });

export const AdminKeyList = Type.Object({ items: Type.Array(AdminKey) });
export type AdminKeyList = Static<typeof AdminKeyList>;

/** POST /admin/keys */
export const CreateKeyRequest = Type.Object(
  { name: KeyName, limits: Type.Optional(KeyLimits), apis: Type.Optional(KeyApis) },
  { additionalProperties: false },
);
export type CreateKeyRequest = Static<typeof CreateKeyRequest>;

/** The answer to POST /admin/keys: the only time the key itself is shown. */
export const CreatedKey = Type.Object({
  ...AdminKey.properties,
  key: Type.String({ description: 'The new key. Shown once; only its hash is stored.' }),
});
export type CreatedKey = Static<typeof CreatedKey>;

const limitChange = <Schema extends TSchema>(schema: Schema) =>
  Type.Optional(Type.Union([schema, Type.Null()]));

/**
 * PATCH /admin/keys/:name — a given field sets that limit, null removes it, an absent field keeps it.
 * `apis` replaces the key's API list; null or [] lets it call every API.
 */
export const UpdateKeyRequest = Type.Object(
  {
    apis: Type.Optional(Type.Union([KeyApis, Type.Null()])),
    limits: Type.Optional(
      Type.Object(
        {
          requestsPerMinute: limitChange(Type.Integer({ minimum: 1 })),
          tokensPerMinute: limitChange(Type.Integer({ minimum: 1 })),
          usdPerDay: limitChange(Type.Number({ minimum: 0 })),
          usdPerMonth: limitChange(Type.Number({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type UpdateKeyRequest = Static<typeof UpdateKeyRequest>;
