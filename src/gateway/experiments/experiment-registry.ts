import { randomBytes } from 'node:crypto';
import type {
  CreateExperimentRequest,
  ExperimentListQuery,
  ExperimentStatus,
  UpdateExperimentRequest,
} from '../../shared/schemas/experiments';
import { GatewayErrors } from '../errors/gateway-error';
import type { PromptRegistry } from '../prompts/prompt-registry';
import type { Routing } from '../routing/routing';
import {
  targetKey,
  type ArmRecord,
  type ExperimentRecord,
  type ExperimentRepository,
} from '../storage/experiment-repository';
import { armForBucket, bucketOf } from './arm-assignment';
import { checkExperiment, normaliseArms } from './experiment-checks';

/** Which status may follow which; stopped is final. */
const transitions: Record<ExperimentStatus, ExperimentStatus[]> = {
  draft: ['running', 'stopped'],
  running: ['paused', 'stopped'],
  paused: ['running', 'stopped'],
  stopped: [],
};

/**
 * Experiments and their life cycle. Running and paused experiments are also held in memory, keyed by
 * target, so the request path finds them without a query; every change here reloads that map.
 */
export class ExperimentRegistry {
  /** Running or paused, by target key (`prompt:<slug>@<label>` or `route:<name>`). */
  private active = new Map<string, ExperimentRecord>();
  /** Route names with a running experiment: the one check every non-prompt request pays. */
  private runningRoutes = new Set<string>();

  constructor(
    readonly repository: ExperimentRepository,
    private readonly prompts: PromptRegistry,
    readonly routing: Routing,
  ) {
    prompts.labelLock = (slug, label) => this.active.get(`prompt:${slug}@${label}`)?.id ?? null;
    this.reload();
  }

  reload(): void {
    const active = this.repository.active();
    this.active = new Map(active.map((record) => [targetKey(record.target), record]));
    this.runningRoutes = new Set(
      active.flatMap((record) =>
        record.status === 'running' && record.target.kind === 'route' ? [record.target.route] : [],
      ),
    );
  }

  /** True when a running experiment splits requests for this route name. Cheap: a set lookup. */
  routeUnderExperiment(model: string): boolean {
    return this.runningRoutes.size > 0 && this.runningRoutes.has(model);
  }

  runningOn(key: string): ExperimentRecord | undefined {
    const record = this.active.get(key);
    return record?.status === 'running' ? record : undefined;
  }

  /** The arm a subject gets in an experiment (sticky: the same subject, the same arm). */
  assign(record: ExperimentRecord, subject: string): ArmRecord {
    return armForBucket(record.arms, bucketOf(record.id, subject));
  }

  /** Running or paused experiments on a prompt (a prompt under experiment cannot be deleted). */
  activeOnPrompt(slug: string): ExperimentRecord[] {
    return [...this.active.values()].filter(
      (record) => record.target.kind === 'prompt' && record.target.prompt === slug,
    );
  }

  list(query: ExperimentListQuery = {}): ExperimentRecord[] {
    return this.repository.list().filter((record) => {
      if (query.status !== undefined && record.status !== query.status) return false;
      if (
        query.prompt !== undefined &&
        (record.target.kind !== 'prompt' || record.target.prompt !== query.prompt)
      ) {
        return false;
      }
      if (
        query.route !== undefined &&
        (record.target.kind !== 'route' || record.target.route !== query.route)
      ) {
        return false;
      }
      return true;
    });
  }

  existing(id: string): ExperimentRecord {
    const record = this.repository.get(id);
    if (!record) throw GatewayErrors.routeNotFound(`No experiment with id "${id}"`);
    return record;
  }

  create(request: CreateExperimentRequest, now = Date.now()): ExperimentRecord {
    const arms = normaliseArms(request.arms);
    const control = request.control ?? arms[0]!.name;
    checkExperiment(request.target, arms, control, this.prompts, this.routing);
    const record: ExperimentRecord = {
      id: `exp_${randomBytes(6).toString('hex')}`,
      name: request.name,
      description: request.description ?? '',
      target: request.target,
      arms,
      control,
      status: 'draft',
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      stoppedAt: null,
      promotedArm: null,
    };
    this.repository.save(record);
    return record;
  }

  update(id: string, request: UpdateExperimentRequest, now = Date.now()): ExperimentRecord {
    const record = this.existing(id);
    if ((request.arms !== undefined || request.control !== undefined) && record.status !== 'draft') {
      throw GatewayErrors.conflict(
        `Experiment ${id} is ${record.status}: arms and control change only while it is a draft (changing them would mix up its results)`,
      );
    }
    const arms = request.arms ? normaliseArms(request.arms) : record.arms;
    const control =
      request.control ??
      (request.arms && !arms.some((arm) => arm.name === record.control) ? arms[0]!.name : record.control);
    if (request.arms !== undefined || request.control !== undefined) {
      checkExperiment(record.target, arms, control, this.prompts, this.routing);
    }
    const updated: ExperimentRecord = {
      ...record,
      name: request.name ?? record.name,
      description: request.description ?? record.description,
      arms,
      control,
      updatedAt: now,
    };
    this.repository.save(updated);
    this.reload();
    return updated;
  }

  changeStatus(id: string, status: ExperimentStatus, now = Date.now()): ExperimentRecord {
    const record = this.existing(id);
    if (record.status === status) return record;
    if (!transitions[record.status].includes(status)) {
      throw GatewayErrors.conflict(
        `Experiment ${id} cannot go from ${record.status} to ${status} (allowed: ${transitions[record.status].join(', ') || 'none, stopped is final'})`,
      );
    }
    if (status === 'running') this.checkStartable(record);
    const updated: ExperimentRecord = {
      ...record,
      status,
      updatedAt: now,
      startedAt: record.startedAt ?? (status === 'running' ? now : null),
      stoppedAt: status === 'stopped' ? now : record.stoppedAt,
    };
    this.repository.save(updated);
    this.reload();
    return updated;
  }

  /** Marks the experiment stopped with its promoted arm (promote-arm.ts does the moving). */
  markPromoted(record: ExperimentRecord, arm: string, now = Date.now()): ExperimentRecord {
    const updated: ExperimentRecord = {
      ...record,
      status: 'stopped',
      promotedArm: arm,
      updatedAt: now,
      stoppedAt: record.stoppedAt ?? now,
    };
    this.repository.save(updated);
    this.reload();
    return updated;
  }

  remove(id: string): void {
    const record = this.existing(id);
    if (record.status === 'running' || record.status === 'paused') {
      throw GatewayErrors.conflict(`Experiment ${id} is ${record.status}; stop it before deleting it`);
    }
    this.repository.remove(id);
  }

  private checkStartable(record: ExperimentRecord): void {
    const other = this.active.get(targetKey(record.target));
    if (other && other.id !== record.id) {
      throw GatewayErrors.conflict(
        `Experiment ${other.id} is already ${other.status} on this ${record.target.kind}; stop it first`,
      );
    }
    const target = record.target;
    if (target.kind === 'prompt' && !this.prompts.repository.label(target.prompt, target.label)) {
      throw GatewayErrors.conflict(
        `Prompt "${target.prompt}" has no label "${target.label}" yet; point it at a version before starting`,
      );
    }
    if (target.kind === 'route' && !this.routing.routes.get(target.route)) {
      throw GatewayErrors.conflict(`Route "${target.route}" no longer exists`);
    }
  }
}
