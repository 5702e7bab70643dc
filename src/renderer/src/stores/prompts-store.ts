import { create } from 'zustand';
import type {
  CreatePromptRequest,
  CreateVersionRequest,
  PromptDetail,
  PromptLabel,
  PromptSummary,
  PromptVersion,
} from '../../../shared/schemas/prompts';
import { errorText } from '../lib/error-text';
import { promptsApi } from '../screens/prompts/prompts-api';

export interface PromptsState {
  items: PromptSummary[];
  /** True until the list has loaded (or failed) once. */
  listLoading: boolean;
  listError: string | null;
  /** The prompt whose details are shown (from the URL: #/prompts/<slug>). */
  selected: string | null;
  detail: PromptDetail | null;
  /** Newest first. */
  versions: PromptVersion[];
  labels: PromptLabel[];
  detailError: string | null;
  loadList(): Promise<void>;
  select(slug: string | null): Promise<void>;
  /** Reloads the selected prompt and the list (after any change). */
  refresh(): Promise<void>;
  createPrompt(body: CreatePromptRequest): Promise<PromptDetail>;
  addVersion(slug: string, body: CreateVersionRequest): Promise<PromptVersion>;
  moveLabel(slug: string, label: string, version: number): Promise<PromptLabel>;
  rollbackLabel(slug: string, label: string): Promise<PromptLabel>;
  deleteLabel(slug: string, label: string): Promise<void>;
  deletePrompt(slug: string): Promise<void>;
}

let detailController: AbortController | null = null;

/** Prompts, and the one open in the Prompts screen with its versions and labels. */
export const usePromptsStore = create<PromptsState>()((set, get) => ({
  items: [],
  listLoading: true,
  listError: null,
  selected: null,
  detail: null,
  versions: [],
  labels: [],
  detailError: null,

  async loadList() {
    try {
      const { items } = await promptsApi.list();
      set({ items, listError: null, listLoading: false });
    } catch (error) {
      set({ listError: errorText(error), listLoading: false });
    }
  },

  async select(slug) {
    if (slug !== get().selected) {
      // A different prompt: nothing of the previous one may show under its name.
      set({ selected: slug, detail: null, versions: [], labels: [], detailError: null });
    }
    detailController?.abort();
    if (slug === null) return;
    const controller = new AbortController();
    detailController = controller;
    try {
      const [detail, versions] = await Promise.all([
        promptsApi.detail(slug, controller.signal),
        promptsApi.versions(slug, controller.signal),
      ]);
      if (controller.signal.aborted) return;
      set({
        detail,
        versions: [...versions.items].sort((a, b) => b.version - a.version),
        labels: detail.labelDetails,
        detailError: null,
      });
    } catch (error) {
      if (!controller.signal.aborted) set({ detailError: errorText(error) });
    }
  },

  async refresh() {
    await Promise.all([get().loadList(), get().select(get().selected)]);
  },

  async createPrompt(body) {
    const detail = await promptsApi.create(body);
    await get().loadList();
    return detail;
  },

  async addVersion(slug, body) {
    const version = await promptsApi.addVersion(slug, body);
    await get().refresh();
    return version;
  },

  async moveLabel(slug, label, version) {
    const moved = await promptsApi.moveLabel(slug, label, version);
    await get().refresh();
    return moved;
  },

  async rollbackLabel(slug, label) {
    const moved = await promptsApi.rollbackLabel(slug, label);
    await get().refresh();
    return moved;
  },

  async deleteLabel(slug, label) {
    await promptsApi.deleteLabel(slug, label);
    await get().refresh();
  },

  async deletePrompt(slug) {
    await promptsApi.remove(slug);
    set({ selected: null, detail: null, versions: [], labels: [] });
    await get().loadList();
  },
}));
