import { useEffect, useState } from 'react';

export interface GatewayConnection {
  adminUrl: string;
  /** The desktop's token; null at /ui, where the session cookie authenticates. */
  adminToken: string | null;
}

/** Headers for gateway calls: the desktop window (Origin null) must present its token on every call. */
export function authHeaders(connection: GatewayConnection): Record<string, string> {
  return connection.adminToken ? { 'x-gatehouse-admin-token': connection.adminToken } : {};
}

type GatewayHealth =
  { state: 'checking' } | { state: 'running'; version: string } | { state: 'unreachable'; message: string };

async function fetchHealth(connection: GatewayConnection, signal: AbortSignal): Promise<GatewayHealth> {
  try {
    const response = await fetch(`${connection.adminUrl.replace(/\/+$/, '')}/health`, {
      signal,
      headers: authHeaders(connection),
    });
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
    void fetchHealth(connection, controller.signal).then((result) => {
      if (!controller.signal.aborted) setHealth(result);
    });
    return () => controller.abort();
  }, [connection]);

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
    </main>
  );
}
