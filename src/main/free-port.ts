import net from 'node:net';

/** How many ports after the busy one are tried before asking the OS for any free port. */
const NEIGHBOUR_ATTEMPTS = 10;

/** Whether nothing listens on host:port right now (by binding it briefly). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A port that is free on `host` now, to offer instead of `busyPort`. Neighbours come first because
 * 4142 is easier to remember and type into a tool's settings than whatever the OS hands out.
 */
export async function findFreePort(busyPort: number, host = '127.0.0.1'): Promise<number> {
  for (let offset = 1; offset <= NEIGHBOUR_ATTEMPTS; offset += 1) {
    const candidate = busyPort + offset;
    if (candidate > 65_535) break;
    if (await isPortFree(candidate, host)) return candidate;
  }
  return anyFreePort(host);
}

function anyFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error(`No free port on ${host}.`))));
    });
  });
}
