import { create } from 'zustand';
import type { AdminApi, ApiConfig } from '../../../shared/schemas/apis';
import { errorText } from '../lib/error-text';
import { apisApi } from '../screens/apis/apis-api';

export interface SaveOutcome {
  api: AdminApi;
  /** The settings were saved but the credential was not (e.g. no keychain here): what went wrong. */
  secretError: string | null;
}

export interface ApisState {
  items: AdminApi[];
  /** True until the list has loaded (or failed) once. */
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
  /** Creates or replaces the API, then stores a typed credential with its own write-only call. */
  save(config: ApiConfig, creating: boolean, secretValue: string): Promise<SaveOutcome>;
  remove(slug: string): Promise<void>;
  /** Puts a fresh copy of one API (after an import, a credential change) into the list. */
  refreshOne(slug: string): Promise<void>;
}

function replaced(items: AdminApi[], api: AdminApi): AdminApi[] {
  return items.some((item) => item.slug === api.slug)
    ? items.map((item) => (item.slug === api.slug ? api : item))
    : [...items, api].sort((a, b) => a.slug.localeCompare(b.slug));
}

/** The REST APIs of the APIs screen. */
export const useApisStore = create<ApisState>()((set, get) => ({
  items: [],
  loading: true,
  error: null,

  async load() {
    try {
      const { items } = await apisApi.list();
      set({ items, error: null, loading: false });
    } catch (error) {
      set({ error: errorText(error), loading: false });
    }
  },

  async save(config, creating, secretValue) {
    let api = await (creating ? apisApi.create(config) : apisApi.replace(config));
    let secretError: string | null = null;
    if (secretValue.trim()) {
      try {
        await apisApi.setSecret(config.slug, secretValue);
        api = await apisApi.get(config.slug);
      } catch (error) {
        secretError = errorText(error);
      }
    }
    set({ items: replaced(get().items, api) });
    return { api, secretError };
  },

  async remove(slug) {
    await apisApi.remove(slug);
    set({ items: get().items.filter((item) => item.slug !== slug) });
  },

  async refreshOne(slug) {
    const api = await apisApi.get(slug);
    set({ items: replaced(get().items, api) });
  },
}));
