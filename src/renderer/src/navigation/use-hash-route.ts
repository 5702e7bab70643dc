import { useSyncExternalStore } from 'react';
import { screenFromHash, type ScreenPath } from './screens';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/**
 * The screen named in the URL's hash (#/logs). A hash works from file:// in the desktop window and under
 * /ui/ headless alike, and a reload keeps the screen.
 */
export function useHashRoute(): ScreenPath {
  return useSyncExternalStore(subscribe, () => screenFromHash(window.location.hash));
}
