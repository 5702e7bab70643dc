import type {
  CreateVersionRequest,
  PromptParams,
  PromptRole,
  PromptVariable,
  PromptVersion,
  VariableType,
} from '../../../../shared/schemas/prompts';
import { detectVariables } from './template-variables';

export interface VariableDraft {
  type: VariableType;
  required: boolean;
  /** As typed; empty means no default. */
  defaultText: string;
  description: string;
}

export interface VersionForm {
  messages: Array<{ role: PromptRole; content: string }>;
  model: string;
  params: {
    temperature: number | '';
    max_tokens: number | '';
    top_p: number | '';
    /** One stop sequence per line. */
    stop: string;
    seed: number | '';
  };
  /** Settings per variable name; kept when a name disappears while typing, so they come back with it. */
  variables: Record<string, VariableDraft>;
  commitMessage: string;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function emptyVariable(): VariableDraft {
  return { type: 'string', required: true, defaultText: '', description: '' };
}

export function emptyVersionForm(): VersionForm {
  return {
    messages: [
      { role: 'system', content: '' },
      { role: 'user', content: '' },
    ],
    model: '',
    params: { temperature: '', max_tokens: '', top_p: '', stop: '', seed: '' },
    variables: {},
    commitMessage: '',
  };
}

function defaultText(variable: PromptVariable): string {
  if (variable.default === undefined) return '';
  return typeof variable.default === 'string' ? variable.default : JSON.stringify(variable.default);
}

/** A new version that starts as a copy of an existing one. */
export function formFromVersion(version: PromptVersion): VersionForm {
  const params = version.params;
  const stop = params.stop === undefined ? '' : ([] as string[]).concat(params.stop).join('\n');
  return {
    messages: version.messages.map((message) => ({ ...message })),
    model: version.model,
    params: {
      temperature: params.temperature ?? '',
      max_tokens: params.max_tokens ?? '',
      top_p: params.top_p ?? '',
      stop,
      seed: params.seed ?? '',
    },
    variables: Object.fromEntries(
      version.variables.map((variable) => [
        variable.name,
        {
          type: variable.type,
          required: variable.required !== false,
          defaultText: defaultText(variable),
          description: variable.description ?? '',
        },
      ]),
    ),
    commitMessage: '',
  };
}

/** The variables the templates use now, in order of first use. */
export function usedVariables(form: VersionForm) {
  return detectVariables(form.messages.map((message) => message.content));
}

/** The typed default, or a message saying why the text is not one. */
export function parseDefault(draft: VariableDraft): { value?: unknown; problem?: string } {
  const text = draft.defaultText;
  if (text === '') return {};
  switch (draft.type) {
    case 'string':
      return { value: text };
    case 'number': {
      const value = Number(text);
      return Number.isFinite(value) ? { value } : { problem: 'must be a number' };
    }
    case 'boolean':
      return text === 'true' || text === 'false'
        ? { value: text === 'true' }
        : { problem: 'must be true or false' };
    case 'json':
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { problem: 'must be valid JSON' };
      }
  }
}

/** The first thing that keeps the version from being saved, said so the user knows what to fix. */
export function versionProblem(form: VersionForm): string | null {
  if (form.messages.length === 0) return 'Add at least one message.';
  if (form.messages.every((message) => message.content.trim() === ''))
    return 'Write the template of at least one message.';
  if (form.model.trim() === '') return 'Choose the model (provider/model) or route this version calls.';
  const detected = usedVariables(form);
  if (detected.problem) return detected.problem;
  for (const name of detected.names) {
    if (!VARIABLE_NAME.test(name))
      return `{{${name}}} is not a valid variable name: use letters, digits and "_", starting with a letter.`;
    const problem = parseDefault(form.variables[name] ?? emptyVariable()).problem;
    if (problem) return `The default of ${name} ${problem}.`;
  }
  return null;
}

function optional<T>(value: T | ''): T | undefined {
  return value === '' ? undefined : value;
}

export function versionRequest(form: VersionForm): CreateVersionRequest {
  const stop = form.params.stop.split('\n').filter((line) => line !== '');
  const params: PromptParams = {
    temperature: optional(form.params.temperature),
    max_tokens: optional(form.params.max_tokens),
    top_p: optional(form.params.top_p),
    seed: optional(form.params.seed),
    stop: stop.length === 0 ? undefined : stop.length === 1 ? stop[0] : stop,
  };
  const variables: PromptVariable[] = usedVariables(form).names.map((name) => {
    const draft = form.variables[name] ?? emptyVariable();
    const parsed = parseDefault(draft);
    return {
      name,
      type: draft.type,
      required: draft.required,
      ...(parsed.value === undefined ? {} : { default: parsed.value }),
      ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
    };
  });
  return {
    messages: form.messages.filter((message) => message.content.trim() !== ''),
    variables,
    model: form.model.trim(),
    params: Object.fromEntries(
      Object.entries(params).filter(([, value]) => value !== undefined),
    ) as PromptParams,
    ...(form.commitMessage.trim() ? { commitMessage: form.commitMessage.trim() } : {}),
  };
}
