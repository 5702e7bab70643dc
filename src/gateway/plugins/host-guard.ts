import net from 'node:net';
import os from 'node:os';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ServerSettings } from '../config/server-settings';
import { GatewayErrors } from '../errors/gateway-error';

/** A Host header (or an origin's host) split into a lowercase name and a port. */
export interface HostAndPort {
  /** IPv6 addresses keep their brackets: `[::1]`. */
  name: string;
  port: number;
}

const hostPattern = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/;
const loopbackNames = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function parseHost(value: string, defaultPort = 80): HostAndPort | null {
  const match = hostPattern.exec(value.trim().toLowerCase());
  if (!match) return null;
  const port = match[2] === undefined ? defaultPort : Number(match[2]);
  return port <= 65535 ? { name: match[1]!, port } : null;
}

/** True when listening on `host` keeps the gateway reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice(7) : bare;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]' || host === '';
}

/** Ports of listening servers: `server.address()` is a system call, too dear to make on every request. */
const listeningPorts = new WeakMap<FastifyInstance['server'], number>();

/** The port the gateway is listening on; null before listen (inject() in tests). */
export function boundPort(app: FastifyInstance): number | null {
  const server = app.gatewayServer;
  const known = listeningPorts.get(server);
  if (known !== undefined) return known;
  const address = server.address();
  if (typeof address !== 'object' || !address) return null;
  listeningPorts.set(server, address.port);
  server.once('close', () => listeningPorts.delete(server));
  return address.port;
}

function hostName(address: string): string {
  // A colon means IPv6 for an address or a host setting (names and IPv4 have none); cheaper than
  // net.isIPv6, whose first call compiles a large pattern — milliseconds of the first request's time.
  return address.includes(':') ? `[${address.toLowerCase()}]` : address.toLowerCase();
}

/**
 * The names this gateway answers to. A DNS-rebinding page reaches 127.0.0.1 under the attacker's own
 * name (Host: evil.example), so anything not listed here is refused.
 */
export function ownHostNames(settings: ServerSettings): Set<string> {
  const names = new Set(loopbackNames);
  if (isWildcardHost(settings.host)) {
    // Listening on every interface: the machine's own addresses are its names. IP literals cannot be
    // rebound, so accepting them does not reopen the hole.
    for (const entries of Object.values(os.networkInterfaces()))
      for (const entry of entries ?? []) names.add(hostName(entry.address));
  } else {
    names.add(hostName(settings.host.replace(/^\[|\]$/g, '')));
  }
  return names;
}

/**
 * Whether a Host value (or an origin's host) names this gateway. `port` is the listening port, or null
 * when not listening yet.
 */
export function isOwnHost(host: HostAndPort, port: number | null, settings: ServerSettings): boolean {
  if (ownHostNames(settings).has(host.name) && (port === null || host.port === port)) return true;
  return settings.allowedHosts.some((entry) => {
    const hasPort = /:\d+$/.test(entry);
    const allowed = parseHost(entry, port ?? 80);
    if (!allowed || allowed.name !== host.name) return false;
    // `name` alone allows any port: a reverse proxy usually forwards Host without one.
    return !hasPort || allowed.port === host.port;
  });
}

/**
 * Host values already accepted, per settings object and with the port they were accepted on: clients send
 * the same one or two values on every request, so the check runs once for each. Only acceptances are kept
 * (a refusal costs the full check every time), and only a few, so a flood of made-up names cannot grow it.
 */
const acceptedHosts = new WeakMap<ServerSettings, Map<string, number | null>>();
const MAX_ACCEPTED_HOSTS = 64;

/** Every route: refuse requests addressed to a name that is not the gateway's own (DNS rebinding). */
async function hostGuard(app: FastifyInstance): Promise<void> {
  app.addRequestCheck((request) => {
    const header = request.headers.host;
    if (!header) throw GatewayErrors.invalidRequest('Missing Host header');
    const port = boundPort(app);
    const settings = app.gateway.settings;
    let accepted = acceptedHosts.get(settings);
    if (accepted?.get(header) === port) return;
    const host = parseHost(header);
    if (!host || !isOwnHost(host, port, settings)) {
      throw GatewayErrors.forbidden(
        `Host "${header.slice(0, 100)}" is not an address of this gateway; if you reach Gatehouse under this name, add it to server.allowedHosts`,
      );
    }
    if (!accepted) acceptedHosts.set(settings, (accepted = new Map()));
    if (accepted.size < MAX_ACCEPTED_HOSTS) accepted.set(header, port);
  });
}

export default fp(hostGuard, { name: 'host-guard', dependencies: ['error-handler', 'request-checks'] });
