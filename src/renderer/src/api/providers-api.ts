import type {
  AdminProvider,
  AdminProviderList,
  ConnectionTestResult,
  CreateProviderBody,
  SecretStatus,
  UpdateProviderBody,
} from '../../../shared/schemas/admin-providers';
import type { ProviderModelList, ProviderPresetList } from '../../../shared/schemas/provider-catalog';
import { adminFetch } from './admin-fetch';

const at = (id: string) => `/admin/providers/${encodeURIComponent(id)}`;

export const providersApi = {
  list: (signal?: AbortSignal) => adminFetch<AdminProviderList>('/admin/providers', { signal }),
  presets: (signal?: AbortSignal) => adminFetch<ProviderPresetList>('/admin/provider-presets', { signal }),
  create: (body: CreateProviderBody) => adminFetch<AdminProvider>('/admin/providers', { body }),
  update: (id: string, body: UpdateProviderBody) =>
    adminFetch<AdminProvider>(at(id), { method: 'PATCH', body }),
  remove: (id: string) => adminFetch<null>(at(id), { method: 'DELETE' }),
  /** Write-only: the answer carries at most the last four characters. */
  setSecret: (id: string, value: string) =>
    adminFetch<SecretStatus>(`${at(id)}/secret`, { method: 'PUT', body: { value } }),
  removeSecret: (id: string) => adminFetch<SecretStatus>(`${at(id)}/secret`, { method: 'DELETE' }),
  test: (id: string) => adminFetch<ConnectionTestResult>(`${at(id)}/test`, { method: 'POST', body: {} }),
  models: (id: string, signal?: AbortSignal) => adminFetch<ProviderModelList>(`${at(id)}/models`, { signal }),
};
