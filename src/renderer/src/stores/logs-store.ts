import { create } from 'zustand';
import type { LogRecord, LogSummary } from '../../../shared/schemas/log-record';
import { errorText } from '../lib/error-text';
import type { LiveTailState } from '../screens/logs/live-tail';
import { emptyFilters, matchesFilters, type LogFilters } from '../screens/logs/log-filters-model';
import { fetchLogPage, toSummary } from '../screens/logs/logs-api';

/** While paused, at most this many new rows are held; beyond it, resuming reloads the list instead. */
const maxPending = 5000;
/** Live rows are applied in batches, so a burst of requests re-renders the list once, not per row. */
const liveBatchMs = 50;

export interface LogsState {
  filters: LogFilters;
  /** Newest first: the pages loaded so far, with live rows added on top. */
  items: LogSummary[];
  nextCursor: string | null;
  /** The first page for the current filters: loading, shown, or failed. */
  phase: 'loading' | 'ready' | 'error';
  error: string | null;
  loadingMore: boolean;
  moreError: string | null;
  live: LiveTailState;
  paused: boolean;
  /** Rows that arrived while paused, newest first (at most maxPending are kept). */
  pending: LogSummary[];
  pendingCount: number;
  selectedId: string | null;

  setFilters(change: Partial<LogFilters>): void;
  clearFilters(): void;
  reload(): void;
  loadMore(): void;
  receive(record: LogRecord): void;
  /** After the live tail dropped and came back: fetch what finished meanwhile. */
  catchUp(): void;
  setLive(state: LiveTailState): void;
  pause(): void;
  resume(): void;
  select(id: string | null): void;
}

let listController: AbortController | null = null;
let generation = 0;
/** Ids in items or pending, so that a row seen both live and in a page is shown once. */
let knownIds = new Set<string>();
let liveBatch: LogSummary[] = [];
let liveTimer: ReturnType<typeof setTimeout> | null = null;

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export const useLogsStore = create<LogsState>()((set, get) => {
  function flushLive(): void {
    liveTimer = null;
    const batch = liveBatch;
    liveBatch = [];
    // Rows arrive oldest first; the list is newest first.
    const fresh = batch.filter((row) => !knownIds.has(row.id)).reverse();
    if (fresh.length === 0) return;
    for (const row of fresh) knownIds.add(row.id);
    const state = get();
    if (state.paused) {
      const pending = [...fresh, ...state.pending];
      set({ pending: pending.slice(0, maxPending), pendingCount: state.pendingCount + fresh.length });
    } else {
      set({ items: [...fresh, ...state.items] });
    }
  }

  return {
    filters: emptyFilters,
    items: [],
    nextCursor: null,
    phase: 'loading',
    error: null,
    loadingMore: false,
    moreError: null,
    live: 'connecting',
    paused: false,
    pending: [],
    pendingCount: 0,
    selectedId: null,

    setFilters(change) {
      set({ filters: { ...get().filters, ...change } });
      get().reload();
    },

    clearFilters() {
      set({ filters: emptyFilters });
      get().reload();
    },

    reload() {
      listController?.abort();
      const controller = new AbortController();
      listController = controller;
      generation += 1;
      const current = generation;
      const { filters } = get();
      // The old rows stay on screen until the new page replaces them: no flash of an empty list.
      set({ phase: 'loading', error: null, moreError: null, loadingMore: false });
      fetchLogPage(filters, null, controller.signal).then(
        (page) => {
          if (current !== generation) return;
          // Live rows that arrived during the request and are newer than the page stay on top.
          const pageIds = new Set(page.items.map((row) => row.id));
          const newest = page.items[0]?.id ?? '';
          const liveOnTop = get().items.filter(
            (row) => !pageIds.has(row.id) && row.id > newest && matchesFilters(row, filters),
          );
          const items = [...liveOnTop, ...page.items];
          knownIds = new Set(items.map((row) => row.id));
          set({
            items,
            nextCursor: page.nextCursor,
            phase: 'ready',
            pending: [],
            pendingCount: 0,
          });
        },
        (error: unknown) => {
          if (current !== generation || isAbort(error)) return;
          set({ phase: 'error', error: errorText(error) });
        },
      );
    },

    loadMore() {
      const state = get();
      if (state.phase !== 'ready' || state.loadingMore || !state.nextCursor) return;
      const current = generation;
      set({ loadingMore: true, moreError: null });
      const signal = listController?.signal ?? new AbortController().signal;
      fetchLogPage(state.filters, state.nextCursor, signal).then(
        (page) => {
          if (current !== generation) return;
          const older = page.items.filter((row) => !knownIds.has(row.id));
          for (const row of older) knownIds.add(row.id);
          set({ items: [...get().items, ...older], nextCursor: page.nextCursor, loadingMore: false });
        },
        (error: unknown) => {
          if (current !== generation || isAbort(error)) return;
          set({ loadingMore: false, moreError: errorText(error) });
        },
      );
    },

    receive(record) {
      if (!matchesFilters(record, get().filters)) return;
      liveBatch.push(toSummary(record));
      liveTimer ??= setTimeout(flushLive, liveBatchMs);
    },

    catchUp() {
      const { filters, phase } = get();
      if (phase !== 'ready') return;
      const current = generation;
      fetchLogPage(filters, null, listController?.signal ?? new AbortController().signal).then(
        (page) => {
          if (current !== generation) return;
          // Oldest first, as the live tail delivers them.
          liveBatch.push(...page.items.filter((row) => !knownIds.has(row.id)).reverse());
          liveTimer ??= setTimeout(flushLive, liveBatchMs);
        },
        () => undefined, // The next reconnect or a reload tries again.
      );
    },

    setLive(live) {
      set({ live });
    },

    pause() {
      set({ paused: true });
    },

    resume() {
      const { pending, pendingCount, items } = get();
      set({ paused: false, pending: [], pendingCount: 0 });
      // Too many arrived to keep in memory: the gateway has them all, so read the list afresh.
      if (pendingCount > pending.length) get().reload();
      else if (pending.length > 0) set({ items: [...pending, ...items] });
    },

    select(selectedId) {
      set({ selectedId });
    },
  };
});
