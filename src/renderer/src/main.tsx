import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, type GatewayConnection } from './app';

const TOKEN_STORAGE_KEY = 'gatehouse.adminToken';

/**
 * The desktop window gets the gateway address from preload. Served headless at `/ui`, the page
 * belongs to the gateway itself and the admin token arrives once as `?token=`.
 */
function resolveConnection(): GatewayConnection {
  if (window.gatehouse) {
    return { adminUrl: window.gatehouse.adminUrl, adminToken: window.gatehouse.adminToken };
  }
  const pageUrl = new URL(window.location.href);
  const tokenFromUrl = pageUrl.searchParams.get('token');
  if (tokenFromUrl) {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, tokenFromUrl);
    // Keep the token out of the history, bookmarks and screenshots of the address bar.
    pageUrl.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', pageUrl);
  }
  return { adminUrl: window.location.origin, adminToken: sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? '' };
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App connection={resolveConnection()} />
  </StrictMode>,
);
