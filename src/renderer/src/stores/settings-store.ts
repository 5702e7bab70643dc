import { create } from 'zustand';
import type { SettingsPatch, SettingsView } from '../../../shared/schemas/settings';
import { settingsApi } from '../api/settings-api';
import { errorText } from '../lib/error-text';

export interface SettingsState {
  view: SettingsView | null;
  /** Why the last load failed; null once one succeeds. */
  loadError: string | null;
  load(): Promise<SettingsView | null>;
  /** Saves a change; resolves to the new view, or rejects with the gateway's message. */
  save(patch: SettingsPatch): Promise<SettingsView>;
}

/** The GUI settings, shared by the Settings screen and the shell (which applies the theme). */
export const useSettingsStore = create<SettingsState>((set) => ({
  view: null,
  loadError: null,
  async load() {
    try {
      const view = await settingsApi.get();
      set({ view, loadError: null });
      return view;
    } catch (error) {
      set({ loadError: errorText(error) });
      return null;
    }
  },
  async save(patch) {
    const view = await settingsApi.update(patch);
    set({ view, loadError: null });
    return view;
  },
}));
