import type {
  CreatePromptRequest,
  CreateVersionRequest,
  PromptDetail,
  PromptLabel,
  PromptSummary,
  PromptVersion,
} from '../../shared/schemas/prompts';
import { GatewayErrors } from '../errors/gateway-error';
import type { PromptRecord, PromptRepository, PromptVersionRecord } from '../storage/prompt-repository';
import { describeSelector, PROMPT_MODEL_PREFIX, type VersionSelector } from './prompt-reference';
import { variableProblems } from './prompt-variables';

/** The label Gatehouse keeps on the newest version; it is not stored and cannot be moved. */
export const LATEST_LABEL = 'latest';

export interface ResolvedVersion {
  prompt: PromptRecord;
  version: PromptVersionRecord;
  /** The label the caller named; null for an exact version. */
  label: string | null;
}

/**
 * Prompts with their rules: versions are only ever added, labels move (with history), `latest` follows the
 * newest version, and a label under a running or paused experiment moves only by promoting the experiment.
 */
export class PromptRegistry {
  /** Set by the experiments service: the experiment holding a label, or null. */
  labelLock: (slug: string, label: string) => string | null = () => null;

  constructor(readonly repository: PromptRepository) {}

  /** The version a caller's reference names, or a 404 saying which part is unknown. */
  resolve(slug: string, selector: VersionSelector): ResolvedVersion {
    const prompt = this.repository.get(slug);
    if (!prompt) throw GatewayErrors.modelNotFound(`No prompt named "${slug}"`, { param: 'model' });
    if ('version' in selector) {
      const version = this.repository.version(slug, selector.version);
      if (!version) {
        throw GatewayErrors.modelNotFound(
          `Prompt "${slug}" has no version ${selector.version} (latest is ${prompt.latestVersion ?? 'none'})`,
          { param: 'model' },
        );
      }
      return { prompt, version, label: null };
    }
    const number =
      selector.label === LATEST_LABEL
        ? prompt.latestVersion
        : (this.repository.label(slug, selector.label)?.version ?? null);
    if (number === null) {
      const why =
        selector.label === LATEST_LABEL
          ? 'has no versions yet'
          : `has no label "${selector.label}" (labels: ${this.labelNames(slug).join(', ') || 'none'})`;
      throw GatewayErrors.modelNotFound(`Prompt "${slug}" ${why}`, { param: 'model' });
    }
    return { prompt, version: this.repository.version(slug, number)!, label: selector.label };
  }

  describe(slug: string, selector: VersionSelector): string {
    return describeSelector(slug, selector);
  }

  existing(slug: string): PromptRecord {
    const prompt = this.repository.get(slug);
    if (!prompt) throw GatewayErrors.routeNotFound(`No prompt named "${slug}"`);
    return prompt;
  }

  existingVersion(slug: string, version: number): PromptVersionRecord {
    this.existing(slug);
    const record = this.repository.version(slug, version);
    if (!record) throw GatewayErrors.routeNotFound(`Prompt "${slug}" has no version ${version}`);
    return record;
  }

  create(request: CreatePromptRequest): PromptRecord {
    if (this.repository.get(request.slug)) {
      throw GatewayErrors.conflict(`A prompt named "${request.slug}" already exists`);
    }
    if (request.labels?.length && !request.version) {
      throw GatewayErrors.invalidRequest('labels need a first version to point at; add "version"');
    }
    if (request.version) checkVersion(request.version);
    for (const label of request.labels ?? []) checkMovable(label);
    return this.repository.transaction(() => {
      this.repository.create(request.slug, request.name, request.description ?? '');
      if (request.version) {
        const number = this.repository.createVersion(request.slug, normalise(request.version));
        for (const label of new Set(request.labels ?? [])) {
          this.repository.moveLabel(request.slug, label, number, 'move');
        }
      }
      return this.repository.get(request.slug)!;
    });
  }

  /** Saves a new version (the only way a prompt's template or config changes); returns it. */
  addVersion(slug: string, request: CreateVersionRequest): PromptVersionRecord {
    this.existing(slug);
    checkVersion(request);
    const number = this.repository.createVersion(slug, normalise(request));
    return this.repository.version(slug, number)!;
  }

  /** Points a label at a version, refusing `latest` and labels held by an experiment. */
  moveLabel(slug: string, label: string, version: number, reason = 'move'): PromptLabel {
    checkMovable(label);
    this.existingVersion(slug, version);
    const lockedBy = this.labelLock(slug, label);
    if (lockedBy !== null && !reason.startsWith('promote')) {
      throw GatewayErrors.conflict(
        `Label "${label}" of prompt "${slug}" is under experiment ${lockedBy}; promote or stop the experiment first`,
      );
    }
    this.repository.moveLabel(slug, label, version, reason);
    return this.labelView(slug, label)!;
  }

  /** Moves a label back: to `version`, or to where it pointed before its last move. */
  rollback(slug: string, label: string, version?: number): PromptLabel {
    this.existing(slug);
    checkMovable(label);
    const current = this.repository.label(slug, label);
    if (!current) throw GatewayErrors.routeNotFound(`Prompt "${slug}" has no label "${label}"`);
    let target = version;
    if (target === undefined) {
      const previous = this.repository
        .history(slug, label)
        .find((move) => move.toVersion === current.version && move.fromVersion !== null);
      if (!previous?.fromVersion) {
        throw GatewayErrors.conflict(
          `Label "${label}" of prompt "${slug}" has no earlier version to roll back to; name one with "version"`,
        );
      }
      target = previous.fromVersion;
    }
    return this.moveLabel(slug, label, target, 'rollback');
  }

  deleteLabel(slug: string, label: string): void {
    this.existing(slug);
    checkMovable(label);
    const lockedBy = this.labelLock(slug, label);
    if (lockedBy !== null) {
      throw GatewayErrors.conflict(`Label "${label}" of prompt "${slug}" is under experiment ${lockedBy}`);
    }
    if (!this.repository.deleteLabel(slug, label, 'delete')) {
      throw GatewayErrors.routeNotFound(`Prompt "${slug}" has no label "${label}"`);
    }
  }

  labelNames(slug: string): string[] {
    return [LATEST_LABEL, ...this.repository.labels(slug).map((label) => label.name)];
  }

  labelViews(slug: string): PromptLabel[] {
    const prompt = this.existing(slug);
    const views: PromptLabel[] = [];
    if (prompt.latestVersion !== null) {
      const latest = this.repository.version(slug, prompt.latestVersion)!;
      views.push({
        name: LATEST_LABEL,
        version: latest.version,
        movable: false,
        updatedAt: latest.createdAt,
        experimentId: this.labelLock(slug, LATEST_LABEL),
      });
    }
    for (const label of this.repository.labels(slug)) {
      views.push({ ...label, movable: true, experimentId: this.labelLock(slug, label.name) });
    }
    return views;
  }

  labelView(slug: string, label: string): PromptLabel | undefined {
    return this.labelViews(slug).find((view) => view.name === label);
  }

  versionView(record: PromptVersionRecord, labels = this.labelViews(record.prompt)): PromptVersion {
    return {
      ...record,
      labels: labels.filter((label) => label.version === record.version).map((label) => label.name),
    };
  }

  summary(prompt: PromptRecord): PromptSummary {
    const labels: Record<string, number> = {};
    if (prompt.latestVersion !== null) labels[LATEST_LABEL] = prompt.latestVersion;
    for (const label of this.repository.labels(prompt.slug)) labels[label.name] = label.version;
    return {
      slug: prompt.slug,
      name: prompt.name,
      description: prompt.description,
      createdAt: prompt.createdAt,
      updatedAt: prompt.updatedAt,
      latestVersion: prompt.latestVersion,
      labels,
    };
  }

  detail(slug: string): PromptDetail {
    const prompt = this.existing(slug);
    const labelDetails = this.labelViews(slug);
    const latest = this.repository.latest(slug);
    return {
      ...this.summary(prompt),
      labelDetails,
      latest: latest ? this.versionView(latest, labelDetails) : null,
    };
  }
}

function checkMovable(label: string): void {
  if (label === LATEST_LABEL) {
    throw GatewayErrors.invalidRequest('"latest" always points at the newest version and cannot be moved');
  }
  if (!/^[a-z][a-z0-9_-]{0,31}$/.test(label)) {
    throw GatewayErrors.invalidRequest(
      `Label "${label}" must start with a lowercase letter and use only a-z, 0-9, "_" and "-" (at most 32)`,
    );
  }
}

function checkVersion(request: CreateVersionRequest): void {
  const problems = variableProblems(request.messages, request.variables ?? []);
  if (request.model.startsWith(PROMPT_MODEL_PREFIX)) {
    problems.push('model must be <provider>/<model> or a route name, not another prompt');
  }
  if (problems.length > 0) throw GatewayErrors.invalidRequest(problems.join('; '));
}

function normalise(request: CreateVersionRequest) {
  return {
    messages: request.messages,
    variables: request.variables ?? [],
    model: request.model,
    params: request.params ?? {},
    commitMessage: request.commitMessage ?? '',
  };
}
