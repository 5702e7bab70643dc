import { create } from 'zustand';
import type {
  ChangeStatusRequest,
  CreateExperimentRequest,
  Experiment,
  PromoteResult,
} from '../../../shared/schemas/experiments';
import { errorText } from '../lib/error-text';
import { experimentsApi } from '../screens/experiments/experiments-api';

export interface ExperimentsState {
  /** Newest first. */
  items: Experiment[];
  /** True until the list has loaded (or failed) once. */
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
  create(body: CreateExperimentRequest): Promise<Experiment>;
  changeStatus(id: string, status: ChangeStatusRequest['status']): Promise<Experiment>;
  promote(id: string, arm: string): Promise<PromoteResult>;
  remove(id: string): Promise<void>;
}

function replaced(items: Experiment[], experiment: Experiment): Experiment[] {
  return items.some((item) => item.id === experiment.id)
    ? items.map((item) => (item.id === experiment.id ? experiment : item))
    : [experiment, ...items];
}

/** The experiments of the Experiments screen; each change updates the list in place. */
export const useExperimentsStore = create<ExperimentsState>()((set, get) => ({
  items: [],
  loading: true,
  error: null,

  async load() {
    try {
      const { items } = await experimentsApi.list();
      set({ items: [...items].sort((a, b) => b.createdAt - a.createdAt), error: null, loading: false });
    } catch (error) {
      set({ error: errorText(error), loading: false });
    }
  },

  async create(body) {
    const experiment = await experimentsApi.create(body);
    set({ items: replaced(get().items, experiment) });
    return experiment;
  },

  async changeStatus(id, status) {
    const experiment = await experimentsApi.changeStatus(id, status);
    set({ items: replaced(get().items, experiment) });
    return experiment;
  },

  async promote(id, arm) {
    const result = await experimentsApi.promote(id, arm);
    set({ items: replaced(get().items, result.experiment) });
    return result;
  },

  async remove(id) {
    await experimentsApi.remove(id);
    set({ items: get().items.filter((item) => item.id !== id) });
  },
}));
