import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../lib/error-text';

export interface AdminResource<T> {
  /** The last answer; kept while a refresh runs or after one fails, so the screen never jumps back to empty. */
  data: T | undefined;
  /** The last load failed with this message; null once a load succeeds. */
  error: string | null;
  /** True until the first answer (or failure). */
  loading: boolean;
  reload(): Promise<void>;
}

/**
 * Loads an admin API resource, and reloads it every `pollMs` while the screen is shown (live state such
 * as circuit breakers and key usage). Only one load runs at a time; unmounting aborts it.
 */
export function useAdminResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  options: { pollMs?: number } = {},
): AdminResource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const controllerRef = useRef<AbortController | null>(null);

  const reload = useCallback(async () => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    try {
      const result = await loadRef.current(controller.signal);
      if (controller.signal.aborted) return;
      setData(result);
      setError(null);
    } catch (caught) {
      if (controller.signal.aborted) return;
      setError(errorText(caught));
    } finally {
      if (!controller.signal.aborted) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
    const timer = options.pollMs ? setInterval(() => void reload(), options.pollMs) : undefined;
    return () => {
      clearInterval(timer);
      controllerRef.current?.abort();
    };
  }, [reload, options.pollMs]);

  return { data, error, loading, reload };
}
