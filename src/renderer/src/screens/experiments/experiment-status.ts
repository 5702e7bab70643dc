import type { Experiment, ExperimentStatus } from '../../../../shared/schemas/experiments';

export const statusColor: Record<ExperimentStatus, string> = {
  draft: 'gray',
  running: 'teal',
  paused: 'yellow',
  stopped: 'dark',
};

/** "prompt:support-reply@production" or "route fast": what callers send to take part. */
export function targetText(experiment: Experiment): string {
  return experiment.target.kind === 'prompt'
    ? `prompt:${experiment.target.prompt}@${experiment.target.label}`
    : `route ${experiment.target.route}`;
}
