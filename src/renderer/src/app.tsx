import { useEffect, useState } from 'react';

export interface GatewayConnection {
  adminUrl: string;
  adminToken: string;
}

type GatewayHealth =
  { state: 'checking' } | { state: 'running'; version: string } | { state: 'unreachable'; message: string };

async function fetchHealth(adminUrl: string, signal: AbortSignal): Promise<GatewayHealth> {
  try {
    const response = await fetch(`${adminUrl.replace(/\/+$/, '')}/health`, { signal });
    if (!response.ok)
      return { state: 'unreachable', message: `Health check answered HTTP ${response.status}.` };
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'status' in body && body.status === 'ok') {
      const version = 'version' in body && typeof body.version === 'string' ? body.version : 'unknown';
      return { state: 'running', version };
    }
    return { state: 'unreachable', message: 'Health check returned an unexpected answer.' };
  } catch (error) {
    return { state: 'unreachable', message: error instanceof Error ? error.message : String(error) };
  }
}

export function App({ connection }: { connection: GatewayConnection }) {
  const [health, setHealth] = useState<GatewayHealth>({ state: 'checking' });

  useEffect(() => {
    const controller = new AbortController();
    void fetchHealth(connection.adminUrl, controller.signal).then((result) => {
      if (!controller.signal.aborted) setHealth(result);
    });
    return () => controller.abort();
  }, [connection.adminUrl]);

  return (
    <main style={{ padding: '2rem' }}>
      <h1>Gatehouse</h1>
      {health.state === 'checking' && <p>Checking the gateway…</p>}
      {health.state === 'running' && (
        <p>
          Gateway running at <code>{connection.adminUrl}</code> (version {health.version})
        </p>
      )}
      {health.state === 'unreachable' && (
        <p role="alert">
          Cannot reach the gateway at <code>{connection.adminUrl}</code>: {health.message}
        </p>
      )}
      {!connection.adminToken && (
        <p>
          No admin token: open the link printed by <code>gatehouse serve</code>.
        </p>
      )}
    </main>
  );
}
