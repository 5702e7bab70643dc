// Runs one benchmark server in its own process, so each proxy gets a CPU of its own like in real use.
// Usage: node bench/serve-child.mjs mock | raw <upstreamPort> | fastify <upstreamPort>
import { startMockUpstream } from './mock-upstream.mjs';
import { startMinimalFastifyProxy } from './minimal-fastify-proxy.mjs';
import { startRawProxy } from './raw-proxy.mjs';

const [kind, upstreamPort] = process.argv.slice(2);
const starters = { mock: startMockUpstream, raw: startRawProxy, fastify: startMinimalFastifyProxy };
const server = await starters[kind](Number(upstreamPort));
console.log(`PORT ${server.address().port}`);
process.on('SIGTERM', () => process.exit(0));
