import type { ConfigImportResult, SettingsPatch, SettingsView } from '../../../shared/schemas/settings';
import { adminFetch } from './admin-fetch';

export const settingsApi = {
  get: (signal?: AbortSignal) => adminFetch<SettingsView>('/admin/settings', { signal }),
  update: (patch: SettingsPatch) =>
    adminFetch<SettingsView>('/admin/settings', { method: 'PATCH', body: patch }),
  /** The current setup as YAML, with references only, never secrets. */
  exportConfig: () => adminFetch<string>('/admin/config/export'),
  importConfig: (text: string) => adminFetch<ConfigImportResult>('/admin/config/import', { body: { text } }),
};
