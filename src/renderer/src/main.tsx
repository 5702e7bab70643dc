import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setConnection, type GatewayConnection } from './api/admin-fetch';
import { App } from './app';

/**
 * The desktop window gets the gateway address and an admin token from preload. Served headless at `/ui`,
 * the page belongs to the gateway itself: the HttpOnly session cookie set by the one-time login link
 * authenticates same-origin requests, so no token is held by the page.
 */
function resolveConnection(): GatewayConnection {
  if (window.gatehouse) {
    return { adminUrl: window.gatehouse.adminUrl, adminToken: window.gatehouse.adminToken };
  }
  return { adminUrl: window.location.origin, adminToken: null };
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

setConnection(resolveConnection());
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
