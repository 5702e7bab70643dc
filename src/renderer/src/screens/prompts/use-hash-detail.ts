import { useCallback, useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** `#/prompts/support-reply` → "support-reply" for screen "prompts"; null on the screen's own list. */
export function hashDetail(hash: string, screen: string): string | null {
  const match = new RegExp(`^#/?${screen}/([^?]+)`).exec(hash);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/**
 * The item a screen shows in detail, kept in the URL's hash (#/<screen>/<id>) so reload, back and forward
 * keep it, and links can point at it.
 */
export function useHashDetail(screen: string): [string | null, (id: string | null) => void] {
  const detail = useSyncExternalStore(subscribe, () => hashDetail(window.location.hash, screen));
  const open = useCallback(
    (id: string | null) => {
      window.location.hash = id === null ? `#/${screen}` : `#/${screen}/${encodeURIComponent(id)}`;
    },
    [screen],
  );
  return [detail, open];
}
