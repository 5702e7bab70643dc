import type {
  ChangeStatusRequest,
  CreateExperimentRequest,
  Experiment,
  ExperimentList,
  ExperimentResults,
  PromoteResult,
} from '../../../../shared/schemas/experiments';
import { adminFetch } from '../../api/admin-fetch';

const at = (id: string) => `/admin/experiments/${encodeURIComponent(id)}`;

/** The experiments admin API (/admin/experiments), typed with the shared schemas. */
export const experimentsApi = {
  list: (signal?: AbortSignal) => adminFetch<ExperimentList>('/admin/experiments', { signal }),
  get: (id: string, signal?: AbortSignal) => adminFetch<Experiment>(at(id), { signal }),
  create: (body: CreateExperimentRequest) => adminFetch<Experiment>('/admin/experiments', { body }),
  remove: (id: string) => adminFetch<null>(at(id), { method: 'DELETE' }),
  changeStatus: (id: string, status: ChangeStatusRequest['status']) =>
    adminFetch<Experiment>(`${at(id)}/status`, { body: { status } }),
  results: (id: string, signal?: AbortSignal) =>
    adminFetch<ExperimentResults>(`${at(id)}/results`, { signal }),
  promote: (id: string, arm: string) => adminFetch<PromoteResult>(`${at(id)}/promote`, { body: { arm } }),
};
