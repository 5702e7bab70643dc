import { Type, type Static } from 'typebox';

/**
 * Prompts as versioned assets (docs/prompts.md): a prompt has immutable versions and movable labels.
 * Callers reach a version as `model: "prompt:<slug>@<label|version>"` or POST /v1/prompts/<slug>/completions.
 */

export const PromptSlug = Type.String({
  pattern: '^[a-z0-9][a-z0-9_-]{0,63}$',
  description:
    'What callers write after "prompt:", e.g. support-reply. Lowercase letters, digits, "_" and "-".',
});

/** Starts with a letter so that a label can never be mistaken for a version number. */
export const LabelName = Type.String({
  pattern: '^[a-z][a-z0-9_-]{0,31}$',
  description: 'production, staging or any custom name; "latest" is kept by Gatehouse and cannot be moved.',
});

export const PromptRole = Type.Union([
  Type.Literal('system'),
  Type.Literal('user'),
  Type.Literal('assistant'),
]);
export type PromptRole = Static<typeof PromptRole>;

/** One message of a version's template; `{{variable}}` placeholders are filled at request time (Mustache). */
export const PromptMessage = Type.Object(
  {
    role: PromptRole,
    content: Type.String({
      description: 'Mustache template text. Values are inserted as is (no HTML escaping).',
    }),
  },
  { additionalProperties: false },
);
export type PromptMessage = Static<typeof PromptMessage>;

export const VariableType = Type.Union([
  Type.Literal('string'),
  Type.Literal('number'),
  Type.Literal('boolean'),
  Type.Literal('json'),
]);
export type VariableType = Static<typeof VariableType>;

export const PromptVariable = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' }),
    type: VariableType,
    required: Type.Optional(
      Type.Boolean({ description: 'Default true. A required variable with a default is never missing.' }),
    ),
    default: Type.Optional(
      Type.Unknown({ description: 'Used when the caller does not send the variable; must match type.' }),
    ),
    description: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type PromptVariable = Static<typeof PromptVariable>;

/**
 * Generation settings stored with a version, in OpenAI's names. The caller's own values win over them;
 * /v1/messages callers get temperature, top_p, max_tokens and stop (as stop_sequences); others become warnings.
 */
export const PromptParams = Type.Object(
  {
    temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 2 })),
    max_tokens: Type.Optional(Type.Integer({ minimum: 1 })),
    top_p: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    stop: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 4 })])),
    presence_penalty: Type.Optional(Type.Number({ minimum: -2, maximum: 2 })),
    frequency_penalty: Type.Optional(Type.Number({ minimum: -2, maximum: 2 })),
    seed: Type.Optional(Type.Integer()),
    response_format: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type PromptParams = Static<typeof PromptParams>;

/** A model name as in /v1/chat/completions: `<provider>/<model>` or a route name. */
export const PromptModel = Type.String({
  minLength: 1,
  maxLength: 200,
  description: '<provider>/<model> (openai/gpt-4o-mini) or a route name.',
});

/** POST /admin/prompts/:slug/versions — versions are never edited; this is how a prompt changes. */
export const CreateVersionRequest = Type.Object(
  {
    messages: Type.Array(PromptMessage, { minItems: 1, maxItems: 100 }),
    variables: Type.Optional(Type.Array(PromptVariable, { maxItems: 100 })),
    model: PromptModel,
    params: Type.Optional(PromptParams),
    commitMessage: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type CreateVersionRequest = Static<typeof CreateVersionRequest>;

export const PromptVersion = Type.Object({
  prompt: Type.String({ description: 'The slug.' }),
  version: Type.Integer({ minimum: 1 }),
  messages: Type.Array(PromptMessage),
  variables: Type.Array(PromptVariable),
  model: Type.String(),
  params: PromptParams,
  commitMessage: Type.String(),
  createdAt: Type.Number({ description: 'ms since the Unix epoch.' }),
  labels: Type.Array(Type.String(), {
    description: 'Labels pointing at this version now, "latest" included.',
  }),
});
export type PromptVersion = Static<typeof PromptVersion>;

export const PromptVersionList = Type.Object({ items: Type.Array(PromptVersion) });
export type PromptVersionList = Static<typeof PromptVersionList>;

export const PromptLabel = Type.Object({
  name: Type.String(),
  version: Type.Integer(),
  movable: Type.Boolean({ description: 'false for "latest", which always follows the newest version.' }),
  updatedAt: Type.Number(),
  /** A running or paused experiment on this label: moving it is refused until the experiment stops. */
  experimentId: Type.Union([Type.String(), Type.Null()]),
});
export type PromptLabel = Static<typeof PromptLabel>;

export const PromptLabelList = Type.Object({ items: Type.Array(PromptLabel) });
export type PromptLabelList = Static<typeof PromptLabelList>;

/** PUT /admin/prompts/:slug/labels/:label — creates the label or moves it. */
export const MoveLabelRequest = Type.Object(
  { version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type MoveLabelRequest = Static<typeof MoveLabelRequest>;

/** POST /admin/prompts/:slug/labels/:label/rollback — without a version: where the label pointed before. */
export const RollbackLabelRequest = Type.Object(
  { version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export type RollbackLabelRequest = Static<typeof RollbackLabelRequest>;

/** One move of a label; the newest first in LabelHistory. */
export const LabelMove = Type.Object({
  label: Type.String(),
  fromVersion: Type.Union([Type.Integer(), Type.Null()], { description: 'null when the label was created.' }),
  toVersion: Type.Union([Type.Integer(), Type.Null()], { description: 'null when the label was deleted.' }),
  movedAt: Type.Number(),
  reason: Type.String({ description: 'move, rollback, promote (experiment id) or delete.' }),
});
export type LabelMove = Static<typeof LabelMove>;

export const LabelHistory = Type.Object({ items: Type.Array(LabelMove) });
export type LabelHistory = Static<typeof LabelHistory>;

export const PromptSummary = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
  latestVersion: Type.Union([Type.Integer(), Type.Null()], { description: 'null before the first version.' }),
  labels: Type.Record(Type.String(), Type.Integer(), { description: 'Label name → version.' }),
});
export type PromptSummary = Static<typeof PromptSummary>;

export const PromptList = Type.Object({ items: Type.Array(PromptSummary) });
export type PromptList = Static<typeof PromptList>;

/** GET /admin/prompts/:slug: the summary, its labels and the newest version in full. */
export const PromptDetail = Type.Object({
  ...PromptSummary.properties,
  labelDetails: Type.Array(PromptLabel),
  latest: Type.Union([PromptVersion, Type.Null()]),
});
export type PromptDetail = Static<typeof PromptDetail>;

/** POST /admin/prompts — optionally with its first version (then labelled `latest`, plus `labels`). */
export const CreatePromptRequest = Type.Object(
  {
    slug: PromptSlug,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    version: Type.Optional(CreateVersionRequest),
    labels: Type.Optional(
      Type.Array(LabelName, {
        maxItems: 20,
        description: 'Labels pointing at the first version, e.g. ["production"].',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreatePromptRequest = Static<typeof CreatePromptRequest>;

/** PATCH /admin/prompts/:slug — name and description only; templates change by new versions. */
export const UpdatePromptRequest = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export type UpdatePromptRequest = Static<typeof UpdatePromptRequest>;

export const DiffLine = Type.Object({
  kind: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('unchanged')]),
  text: Type.String(),
  fromLine: Type.Union([Type.Integer(), Type.Null()], { description: '1-based line in the older text.' }),
  toLine: Type.Union([Type.Integer(), Type.Null()], { description: '1-based line in the newer text.' }),
});
export type DiffLine = Static<typeof DiffLine>;

/** Template messages are compared by position. */
export const MessageDiff = Type.Object({
  index: Type.Integer(),
  status: Type.Union([
    Type.Literal('added'),
    Type.Literal('removed'),
    Type.Literal('changed'),
    Type.Literal('unchanged'),
  ]),
  fromRole: Type.Union([PromptRole, Type.Null()]),
  toRole: Type.Union([PromptRole, Type.Null()]),
  lines: Type.Array(DiffLine),
});
export type MessageDiff = Static<typeof MessageDiff>;

export const ConfigChange = Type.Object({
  field: Type.String({
    description: 'model, params.<name>, variables.<name> (added/removed) or variables.<name>.<property>.',
  }),
  from: Type.Unknown({ description: 'null when absent.' }),
  to: Type.Unknown({ description: 'null when absent.' }),
});
export type ConfigChange = Static<typeof ConfigChange>;

/** GET /admin/prompts/:slug/diff?from=1&to=2 */
export const PromptDiff = Type.Object({
  prompt: Type.String(),
  from: Type.Integer(),
  to: Type.Integer(),
  changed: Type.Boolean(),
  messages: Type.Array(MessageDiff),
  config: Type.Array(ConfigChange),
});
export type PromptDiff = Static<typeof PromptDiff>;

export const DiffQuery = Type.Object({
  from: Type.Integer({ minimum: 1 }),
  to: Type.Integer({ minimum: 1 }),
});
export type DiffQuery = Static<typeof DiffQuery>;

/** POST /admin/prompts/:slug/render — a preview: the messages a call would send, no upstream call. */
export const RenderPromptRequest = Type.Object(
  {
    variables: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    label: Type.Optional(Type.String()),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type RenderPromptRequest = Static<typeof RenderPromptRequest>;

export const RenderedPrompt = Type.Object({
  prompt: Type.String(),
  version: Type.Integer(),
  model: Type.String(),
  params: PromptParams,
  messages: Type.Array(PromptMessage),
});
export type RenderedPrompt = Static<typeof RenderedPrompt>;

/**
 * POST /v1/prompts/:slug/completions (gateway key). Other OpenAI chat fields (temperature, max_tokens, user,
 * tools…) are passed through and win over the version's params. Answers in OpenAI's chat completion shape.
 */
export const PromptCompletionRequest = Type.Object({
  variables: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  label: Type.Optional(Type.String({ description: 'Default: latest.' })),
  version: Type.Optional(Type.Integer({ minimum: 1, description: 'Exclusive with label.' })),
  messages: Type.Optional(
    Type.Array(Type.Unknown(), { description: 'Appended after the template (OpenAI shape).' }),
  ),
  stream: Type.Optional(Type.Boolean()),
});
export type PromptCompletionRequest = Static<typeof PromptCompletionRequest>;
