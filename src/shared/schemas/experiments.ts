import { Type, type Static } from 'typebox';
import { LabelName, PromptSlug } from './prompts';

/**
 * A/B experiments on a prompt label or a route (docs/prompts.md). Requests are assigned to arms by a hash of
 * the experiment id and the caller's subject, so the same subject always lands in the same arm.
 */

export const ArmName = Type.String({
  pattern: '^[a-z0-9][a-z0-9_-]{0,31}$',
  description: 'Shown in x-gatehouse-experiment as <experiment id>:<arm>.',
});

export const ExperimentArm = Type.Object(
  {
    name: ArmName,
    promptVersion: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
        description:
          'Prompt experiments: the version this arm serves; absent/null = what the label points to.',
      }),
    ),
    model: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], {
        description:
          'Overrides the model. Prompt experiments: <provider>/<model> or a route; route experiments: <provider>/<model>. Absent/null = unchanged.',
      }),
    ),
    weight: Type.Number({
      minimum: 0,
      maximum: 100,
      description: 'Percent of subjects; the arms sum to 100.',
    }),
  },
  { additionalProperties: false },
);
export type ExperimentArm = Static<typeof ExperimentArm>;

export const PromptTarget = Type.Object(
  {
    kind: Type.Literal('prompt'),
    prompt: PromptSlug,
    label: LabelName,
  },
  { additionalProperties: false, description: 'Requests for prompt:<prompt>@<label> take part.' },
);
export const RouteTarget = Type.Object(
  {
    kind: Type.Literal('route'),
    route: Type.String({ description: 'A route name; requests with model = this name take part.' }),
  },
  { additionalProperties: false },
);
export const ExperimentTarget = Type.Union([PromptTarget, RouteTarget]);
export type ExperimentTarget = Static<typeof ExperimentTarget>;

export const ExperimentStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('running'),
  Type.Literal('paused'),
  Type.Literal('stopped'),
]);
export type ExperimentStatus = Static<typeof ExperimentStatus>;

export const Experiment = Type.Object({
  id: Type.String({ description: 'exp_ followed by 12 hex digits.' }),
  name: Type.String(),
  description: Type.String(),
  target: ExperimentTarget,
  arms: Type.Array(
    Type.Object({
      name: Type.String(),
      promptVersion: Type.Union([Type.Integer(), Type.Null()]),
      model: Type.Union([Type.String(), Type.Null()]),
      weight: Type.Number(),
    }),
  ),
  control: Type.String({ description: 'The arm the others are compared with.' }),
  status: ExperimentStatus,
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
  startedAt: Type.Union([Type.Number(), Type.Null()], { description: 'First time it ran.' }),
  stoppedAt: Type.Union([Type.Number(), Type.Null()]),
  promotedArm: Type.Union([Type.String(), Type.Null()], { description: 'Set by promote.' }),
});
export type Experiment = Static<typeof Experiment>;

export const ExperimentList = Type.Object({ items: Type.Array(Experiment) });
export type ExperimentList = Static<typeof ExperimentList>;

export const ExperimentListQuery = Type.Object({
  status: Type.Optional(ExperimentStatus),
  prompt: Type.Optional(Type.String({ description: 'Only experiments on this prompt.' })),
  route: Type.Optional(Type.String({ description: 'Only experiments on this route.' })),
});
export type ExperimentListQuery = Static<typeof ExperimentListQuery>;

/** POST /admin/experiments — created as a draft. The first arm is the control unless `control` names one. */
export const CreateExperimentRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    target: ExperimentTarget,
    arms: Type.Array(ExperimentArm, { minItems: 2, maxItems: 10 }),
    control: Type.Optional(ArmName),
  },
  { additionalProperties: false },
);
export type CreateExperimentRequest = Static<typeof CreateExperimentRequest>;

/** PATCH /admin/experiments/:id — name and description any time; arms and control only while a draft. */
export const UpdateExperimentRequest = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    arms: Type.Optional(Type.Array(ExperimentArm, { minItems: 2, maxItems: 10 })),
    control: Type.Optional(ArmName),
  },
  { additionalProperties: false },
);
export type UpdateExperimentRequest = Static<typeof UpdateExperimentRequest>;

/**
 * POST /admin/experiments/:id/status. Allowed: draft → running, running ⇄ paused, draft/running/paused →
 * stopped. Stopped is final. One running or paused experiment per target.
 */
export const ChangeStatusRequest = Type.Object(
  { status: Type.Union([Type.Literal('running'), Type.Literal('paused'), Type.Literal('stopped')]) },
  { additionalProperties: false },
);
export type ChangeStatusRequest = Static<typeof ChangeStatusRequest>;

/** POST /admin/experiments/:id/promote — moves the label (or route) to the arm and stops the experiment. */
export const PromoteRequest = Type.Object({ arm: ArmName }, { additionalProperties: false });
export type PromoteRequest = Static<typeof PromoteRequest>;

export const PromoteResult = Type.Object({
  experiment: Experiment,
  /** Prompt experiments: the label after the move. */
  label: Type.Union([Type.Object({ name: Type.String(), version: Type.Integer() }), Type.Null()]),
  /** Prompt experiments: a version created because the arm changed the model of its version; else null. */
  createdVersion: Type.Union([Type.Integer(), Type.Null()]),
  /** Route experiments: the route's targets after the move (the winner first); null when unchanged. */
  routeTargets: Type.Union([Type.Array(Type.String()), Type.Null()]),
  summary: Type.String({ description: 'What promote did, in one sentence.' }),
});
export type PromoteResult = Static<typeof PromoteResult>;

/** POST /v1/feedback (gateway key). A score of -1 is a thumbs down (0); 1 is a thumbs up (1). */
export const FeedbackRequest = Type.Object({
  request_id: Type.String({ description: 'x-gatehouse-request-id of the request being rated.' }),
  score: Type.Number({ description: 'A number in [0, 1], or -1 / 1 for thumbs down / up.' }),
  comment: Type.Optional(Type.String({ maxLength: 5000 })),
});
export type FeedbackRequest = Static<typeof FeedbackRequest>;

export const FeedbackRecord = Type.Object({
  requestId: Type.String(),
  score: Type.Number({ description: 'Normalised to [0, 1].' }),
  rawScore: Type.Number({ description: 'As sent.' }),
  comment: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Number(),
  keyName: Type.Union([Type.String(), Type.Null()]),
  prompt: Type.Union([Type.String(), Type.Null()]),
  promptVersion: Type.Union([Type.Integer(), Type.Null()]),
  experimentId: Type.Union([Type.String(), Type.Null()]),
  arm: Type.Union([Type.String(), Type.Null()]),
});
export type FeedbackRecord = Static<typeof FeedbackRecord>;

export const FeedbackList = Type.Object({
  items: Type.Array(FeedbackRecord),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as cursor for the next page.' }),
});
export type FeedbackList = Static<typeof FeedbackList>;

export const FeedbackQuery = Type.Object({
  arm: Type.Optional(Type.String()),
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});
export type FeedbackQuery = Static<typeof FeedbackQuery>;

export const Quantiles = Type.Object({
  p50: Type.Union([Type.Number(), Type.Null()]),
  p95: Type.Union([Type.Number(), Type.Null()]),
  mean: Type.Union([Type.Number(), Type.Null()]),
  samples: Type.Integer(),
});
export type Quantiles = Static<typeof Quantiles>;

export const ArmResults = Type.Object({
  arm: Type.String(),
  isControl: Type.Boolean(),
  promptVersion: Type.Union([Type.Integer(), Type.Null()]),
  model: Type.Union([Type.String(), Type.Null()]),
  weight: Type.Number(),
  requests: Type.Integer({ description: 'Every logged request of the arm, cancelled ones included.' }),
  errors: Type.Integer(),
  cancelled: Type.Integer(),
  errorRate: Type.Union([Type.Number(), Type.Null()], { description: 'errors / (requests - cancelled).' }),
  latencyMs: Quantiles,
  ttftMs: Quantiles,
  inputTokens: Type.Object({ total: Type.Integer(), mean: Type.Union([Type.Number(), Type.Null()]) }),
  outputTokens: Type.Object({ total: Type.Integer(), mean: Type.Union([Type.Number(), Type.Null()]) }),
  costUsd: Type.Object({
    total: Type.Number(),
    perRequest: Type.Union([Type.Number(), Type.Null()]),
    unpricedRequests: Type.Integer(),
  }),
  feedback: Type.Object({
    count: Type.Integer(),
    mean: Type.Union([Type.Number(), Type.Null()]),
    positiveRate: Type.Union([Type.Number(), Type.Null()], { description: 'Share of scores ≥ 0.5.' }),
  }),
});
export type ArmResults = Static<typeof ArmResults>;

export const ComparisonMetric = Type.Union([
  Type.Literal('latencyMs'),
  Type.Literal('costUsd'),
  Type.Literal('feedbackScore'),
  Type.Literal('errorRate'),
  Type.Literal('positiveRate'),
]);
export type ComparisonMetric = Static<typeof ComparisonMetric>;

/** One metric of one arm against the control: arm − control, with Welch's t-test or a pooled z-test. */
export const Comparison = Type.Object({
  metric: ComparisonMetric,
  test: Type.Union([Type.Literal('welch-t'), Type.Literal('two-proportion-z')]),
  control: Type.Union([Type.Number(), Type.Null()]),
  arm: Type.Union([Type.Number(), Type.Null()]),
  controlSamples: Type.Integer(),
  armSamples: Type.Integer(),
  difference: Type.Union([Type.Number(), Type.Null()], { description: 'arm − control.' }),
  ciLow: Type.Union([Type.Number(), Type.Null()], {
    description: '95% confidence interval of the difference.',
  }),
  ciHigh: Type.Union([Type.Number(), Type.Null()]),
  statistic: Type.Union([Type.Number(), Type.Null()], { description: 't or z.' }),
  degreesOfFreedom: Type.Union([Type.Number(), Type.Null()], { description: 'Welch only.' }),
  pValue: Type.Union([Type.Number(), Type.Null()], { description: 'Two-sided.' }),
  significant: Type.Boolean({ description: 'pValue < 0.05 with enough data.' }),
  enoughData: Type.Boolean(),
  message: Type.Union([Type.String(), Type.Null()], {
    description: 'Why there is no verdict, e.g. not enough data.',
  }),
});
export type Comparison = Static<typeof Comparison>;

export const ExperimentResults = Type.Object({
  experiment: Experiment,
  arms: Type.Array(ArmResults),
  comparisons: Type.Array(
    Type.Object({ arm: Type.String(), control: Type.String(), metrics: Type.Array(Comparison) }),
  ),
  minimums: Type.Object({
    meanSamples: Type.Integer({ description: 'Per arm, for Welch tests.' }),
    proportionTrials: Type.Integer({ description: 'Per arm, for z-tests.' }),
  }),
  generatedAt: Type.Number(),
});
export type ExperimentResults = Static<typeof ExperimentResults>;
