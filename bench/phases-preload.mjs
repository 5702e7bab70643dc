// Where one request's time goes inside a proxy (dev aid, not part of npm run bench). Loaded into every process
// of a run that sends one request at a time (concurrent requests would be mixed up), it times each request of
// `gatehouse serve`, the bare proxy and the minimal Fastify proxy through diagnostics channels, and appends
// the medians of each 1,000 to /tmp/phases.out (or PHASES_OUT):
//   NODE_OPTIONS="--import ./bench/phases-preload.mjs" node bench/quick-latency.mjs
// Phases: toUpstream (request in → upstream request started), toHandler (request in → route handler
// called, Fastify builds only: routing, hooks, body), upstream (→ upstream answer's headers parsed,
// the upstream's own time included), bodyDone (→ whole answer read; Gatehouse only), toClient (→ answer
// written to the caller), busyAfterSend (how long the proxy stays busy once the upstream request is sent).
import diagnostics from 'node:diagnostics_channel';
import fs from 'node:fs';

const script = process.argv[1] ?? '';
const label = script.endsWith('serve-child.mjs')
  ? process.argv[2]
  : process.argv.includes('serve')
    ? 'gatehouse'
    : null;
const OUT = process.env.PHASES_OUT ?? '/tmp/phases.out';

if (label === 'raw' || label === 'gatehouse' || label === 'fastify') {
  const now = () => Number(process.hrtime.bigint()) / 1000;
  const done = [];
  let current = null;
  const mark = (name) => {
    if (current && current[name] === undefined) current[name] = now();
    return current;
  };
  diagnostics.subscribe('http.server.request.start', () => {
    current = { start: now() };
  });
  const sent = () => {
    const request = mark('sent');
    if (request) setImmediate(() => (request.busyAfterSend = now() - request.sent));
  };
  diagnostics.subscribe('undici:client:sendHeaders', sent);
  diagnostics.subscribe('http.client.request.start', sent);
  diagnostics.subscribe('tracing:fastify.request.handler:start', () => mark('handler'));
  diagnostics.subscribe('undici:request:headers', () => mark('headers'));
  diagnostics.subscribe('http.client.response.finish', () => mark('headers'));
  diagnostics.subscribe('undici:request:trailers', () => mark('body'));
  diagnostics.subscribe('http.server.response.finish', () => {
    const request = mark('finish');
    if (!request) return;
    current = null;
    done.push(request);
    if (done.length % 1000 === 0) report(done.slice(-1000));
  });

  const median = (values) => {
    const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
    return sorted.length ? Number(sorted[sorted.length >> 1].toFixed(1)) : null;
  };
  const report = (requests) => {
    const phases = {
      toUpstream: median(requests.map((r) => r.sent - r.start)),
      toHandler: median(requests.map((r) => r.handler - r.start)),
      upstream: median(requests.map((r) => r.headers - r.sent)),
      bodyDone: median(requests.map((r) => (r.body ?? r.headers) - r.headers)),
      toClient: median(requests.map((r) => r.finish - (r.body ?? r.headers))),
      busyAfterSend: median(requests.map((r) => r.busyAfterSend)),
      total: median(requests.map((r) => r.finish - r.start)),
    };
    fs.appendFileSync(
      OUT,
      `${label} after ${done.length} requests, medians in µs: ${JSON.stringify(phases)}\n`,
    );
  };
}
