import { create } from 'zustand';
import type { CostStats } from '../../../shared/schemas/cost-stats';
import { errorText } from '../lib/error-text';
import { presetRange, rangeProblem, type DayRange } from '../screens/costs/cost-range';
import { fetchDailyCosts, type StackBy } from '../screens/costs/costs-api';

export interface CostsState {
  /** The preset in use (last N days, following the calendar), or null for a custom range. */
  preset: number | null;
  range: DayRange;
  stackBy: StackBy;
  stats: CostStats | null;
  /** The range and stack the shown stats are for (the inputs may already say something else). */
  shown: { range: DayRange; stackBy: StackBy } | null;
  phase: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  setPreset(days: number): void;
  /** A custom range from the date inputs. */
  setRange(range: DayRange): void;
  setStackBy(stackBy: StackBy): void;
  load(): void;
}

let controller: AbortController | null = null;

export const useCostsStore = create<CostsState>()((set, get) => ({
  preset: 30,
  range: presetRange(30),
  stackBy: 'model',
  stats: null,
  shown: null,
  phase: 'idle',
  error: null,

  setPreset(days) {
    set({ preset: days, range: presetRange(days) });
    get().load();
  },

  setRange(range) {
    set({ preset: null, range });
    if (rangeProblem(range) === null) get().load();
  },

  setStackBy(stackBy) {
    set({ stackBy });
    get().load();
  },

  load() {
    const { range, stackBy } = get();
    if (rangeProblem(range) !== null) return;
    controller?.abort();
    const current = new AbortController();
    controller = current;
    // The previous charts stay until the new numbers arrive, so nothing jumps while loading.
    set({ phase: 'loading', error: null });
    fetchDailyCosts(range, stackBy, current.signal).then(
      (stats) => {
        if (controller === current) set({ stats, shown: { range, stackBy }, phase: 'ready' });
      },
      (error: unknown) => {
        if (controller !== current || current.signal.aborted) return;
        set({ phase: 'error', error: errorText(error) });
      },
    );
  },
}));
