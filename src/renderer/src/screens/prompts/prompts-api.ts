import type { LogPage, LogRecord } from '../../../../shared/schemas/log-record';
import type {
  CreatePromptRequest,
  CreateVersionRequest,
  LabelHistory,
  PromptDetail,
  PromptDiff,
  PromptLabel,
  PromptLabelList,
  PromptList,
  PromptVersion,
  PromptVersionList,
  RenderedPrompt,
  RenderPromptRequest,
} from '../../../../shared/schemas/prompts';
import { adminFetch } from '../../api/admin-fetch';

/** What POST /admin/prompts/:slug/run answers: the completion and its log row's numbers. */
export interface PromptRunResult {
  /** OpenAI's chat completion, as /v1/prompts/:slug/completions answers it. */
  response: Record<string, unknown>;
  /** The log row (Logs screen, GET /admin/logs/:id). */
  requestId: string;
  prompt: string;
  promptVersion: number;
  /** `<provider>/<model>` that answered. */
  model: string | null;
  latencyMs: number;
  usage: { inputTokens: number | null; outputTokens: number | null };
  /** null when the model has no known price. */
  costUsd: number | null;
  cacheHit: boolean;
}

export interface PromptRunRequest {
  variables: Record<string, unknown>;
  label?: string;
  version?: number;
  /** Another model or route to run the version on; absent: the version's own. */
  model?: string;
}

const at = (slug: string) => `/admin/prompts/${encodeURIComponent(slug)}`;
const labelAt = (slug: string, label: string) => `${at(slug)}/labels/${encodeURIComponent(label)}`;

/** The prompts admin API (/admin/prompts), typed with the shared schemas. */
export const promptsApi = {
  list: (signal?: AbortSignal) => adminFetch<PromptList>('/admin/prompts', { signal }),
  detail: (slug: string, signal?: AbortSignal) => adminFetch<PromptDetail>(at(slug), { signal }),
  create: (body: CreatePromptRequest) => adminFetch<PromptDetail>('/admin/prompts', { body }),
  remove: (slug: string) => adminFetch<null>(at(slug), { method: 'DELETE' }),
  versions: (slug: string, signal?: AbortSignal) =>
    adminFetch<PromptVersionList>(`${at(slug)}/versions`, { signal }),
  addVersion: (slug: string, body: CreateVersionRequest) =>
    adminFetch<PromptVersion>(`${at(slug)}/versions`, { body }),
  labels: (slug: string, signal?: AbortSignal) =>
    adminFetch<PromptLabelList>(`${at(slug)}/labels`, { signal }),
  moveLabel: (slug: string, label: string, version: number) =>
    adminFetch<PromptLabel>(labelAt(slug, label), { method: 'PUT', body: { version } }),
  deleteLabel: (slug: string, label: string) => adminFetch<null>(labelAt(slug, label), { method: 'DELETE' }),
  /** Without a version: back to where the label pointed before its last move. */
  rollbackLabel: (slug: string, label: string, version?: number) =>
    adminFetch<PromptLabel>(`${labelAt(slug, label)}/rollback`, {
      method: 'POST',
      body: version === undefined ? {} : { version },
    }),
  labelHistory: (slug: string, label: string, signal?: AbortSignal) =>
    adminFetch<LabelHistory>(`${labelAt(slug, label)}/history`, { signal }),
  diff: (slug: string, from: number, to: number, signal?: AbortSignal) =>
    adminFetch<PromptDiff>(`${at(slug)}/diff?from=${from}&to=${to}`, { signal }),
  /** A preview of the messages a call would send; no upstream call. */
  render: (slug: string, body: RenderPromptRequest) =>
    adminFetch<RenderedPrompt>(`${at(slug)}/render`, { body }),
  /** Runs the prompt against its model (or `model`) with the admin session: a real, logged provider call. */
  run: (slug: string, body: PromptRunRequest, signal?: AbortSignal) =>
    adminFetch<PromptRunResult>(`${at(slug)}/run`, { body, signal }),
  /** The latest calls that used the prompt, newest first. */
  recentCalls: (slug: string, limit: number, signal?: AbortSignal) =>
    adminFetch<LogPage>(`/admin/logs?prompt=${encodeURIComponent(slug)}&limit=${limit}`, { signal }),
  call: (id: string, signal?: AbortSignal) =>
    adminFetch<LogRecord>(`/admin/logs/${encodeURIComponent(id)}`, { signal }),
};
