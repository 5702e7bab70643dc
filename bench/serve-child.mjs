// Runs one benchmark server in its own process, so each proxy gets a CPU of its own like in real use.
// Usage: node bench/serve-child.mjs mock | raw <upstreamPort>
import { startMockUpstream } from './mock-upstream.mjs';
import { startRawProxy } from './raw-proxy.mjs';

const [kind, upstreamPort] = process.argv.slice(2);
const server = kind === 'mock' ? await startMockUpstream() : await startRawProxy(Number(upstreamPort));
console.log(`PORT ${server.address().port}`);
process.on('SIGTERM', () => process.exit(0));
