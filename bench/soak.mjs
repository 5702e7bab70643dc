// npm run soak — a bounded mixed load against a child `gatehouse serve`: chat, streams, REST /apis calls,
// caller errors and hostile upstreams (hangs, trickles, endless streams, invalid JSON, 5xx), then 1 GB
// upstream bodies. It samples the child's RSS and open file descriptors, fits a trend line, and fails on
// growth, on stuck requests, on lost log rows, and when the healthy provider's p99 under faults passes 2×
// its p99 without them. SOAK_SECONDS (default 600) bounds the mixed load; the 1 GB phase adds ~a minute.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Agent } from 'undici';
import { GIGABYTE, startHostileUpstream } from './hostile-upstream.mjs';
import { percentile, rssMb } from './measure.mjs';
import { BENCH_KEY, startChild, stop } from './processes.mjs';
import { call, fdCount, linearFit } from './soak-measure.mjs';
import { faultCalls, gigabyteCalls, healthyCalls, probeCall } from './soak-calls.mjs';
import { startSoakGateway } from './soak-gateway.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const WORKERS = Number(process.env.SOAK_WORKERS ?? 8);
const HOSTILE_WORKERS = Number(process.env.SOAK_HOSTILE_WORKERS ?? 4);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_MS ?? (SECONDS >= 300 ? 5000 : 2000));
const CLIENT_TIMEOUT_MS = 30_000;
const root = fileURLToPath(new URL('..', import.meta.url));
const withRest = fs.existsSync(path.join(root, 'src/gateway/routes/apis'));

const mock = await startChild('mock');
const hostile = await startHostileUpstream();
const hostilePort = hostile.server.address().port;
const main = { name: 'main', ...(await startSoakGateway({ mockPort: mock.port, hostilePort, withRest })) };
// The bulk gateway lets a whole 1 GB stream through (its size limit is raised), to show nothing buffers it.
const bulk = {
  name: 'bulk',
  ...(await startSoakGateway({
    mockPort: mock.port,
    hostilePort,
    withRest: false,
    server: { upstreamMaxResponseBytes: 2 * GIGABYTE, upstreamMaxDurationMs: 600_000 },
  })),
};
const dispatcher = new Agent({ connections: 256, keepAliveTimeout: 10_000 });
const auth = { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' };
const healthy = healthyCalls(withRest);
const results = [];
const samples = [];
let inFlight = 0;
const send = async (gateway, spec) => {
  inFlight += 1;
  const result = await call(dispatcher, `${gateway.url}${spec.path}`, {
    method: spec.method ?? 'POST',
    headers: auth,
    body: spec.method === 'GET' ? undefined : spec.body,
    timeoutMs: spec.timeoutMs ?? CLIENT_TIMEOUT_MS,
  });
  inFlight -= 1;
  const expected = spec.expect.includes(result.status) && (!spec.tail || spec.tail.test(result.tail));
  return { ...result, kind: spec.kind, expected, gateway: gateway.name };
};

async function workers(count, specs, phase, until) {
  await Promise.all(
    Array.from({ length: count }, async (_, worker) => {
      for (let index = worker; Date.now() < until && index < 10_000_000; index += 1) {
        results.push(record(await send(main, specs[index % specs.length]), phase));
      }
    }),
  );
}

const sampler = setInterval(() => {
  samples.push({
    at: Date.now(),
    rss: rssMb(main.child.pid),
    fds: fdCount(main.child.pid),
    bulkRss: rssMb(bulk.child.pid),
    inFlight,
  });
}, SAMPLE_MS);

// One caller asking the probe question over and over: its latencies are the p99 comparison.
async function probe(phase, until) {
  for (let index = 0; Date.now() < until && index < 10_000_000; index += 1) {
    results.push(record(await send(main, probeCall), phase));
  }
}

/** What is kept of a result for the report: not the answer's tail, which would add up over a long run. */
function record({ tail: _tail, ...result }, phase) {
  return { ...result, phase };
}

const started = Date.now();
const warmupEnd = started + Math.max(5, SECONDS * 0.05) * 1000;
const baselineEnd = warmupEnd + Math.max(10, SECONDS * 0.15) * 1000;
const end = started + SECONDS * 1000;
console.error(
  `soak: ${SECONDS} s, ${WORKERS} healthy + ${HOSTILE_WORKERS} hostile workers, REST ${withRest ? 'on' : 'off (no src/gateway/routes/apis)'}`,
);
console.error('warm-up…');
await Promise.all([workers(WORKERS, healthy, 'warmup', warmupEnd), probe('warmup', warmupEnd)]);
console.error('baseline: healthy traffic only…');
await Promise.all([workers(WORKERS, healthy, 'baseline', baselineEnd), probe('baseline', baselineEnd)]);
console.error('mixed: healthy traffic with caller errors and hostile upstreams…');
const mixedStarted = Date.now();
await Promise.all([
  workers(WORKERS, healthy, 'mixed', end),
  workers(HOSTILE_WORKERS, faultCalls, 'faults', end),
  probe('mixed', end),
]);
const mixedEnded = Date.now();

console.error('1 GB upstream bodies…');
const gigabyte = await gigabytePhase();

// Nothing may still be running: the client's own calls, and the gateway's upstream calls.
const settleDeadline = Date.now() + 15_000;
while ((inFlight > 0 || (await upstreamInFlight(main)) > 0) && Date.now() < settleDeadline) {
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const leftover = { client: inFlight, upstream: await upstreamInFlight(main) };
clearInterval(sampler);
const logging = await fetchStatus(main);
const answeredIds = results
  .filter((result) => result.id && result.gateway === 'main')
  .map((result) => result.id);
main.child.kill('SIGTERM');
bulk.child.kill('SIGTERM');
await Promise.all([main.exited, bulk.exited]);
const missingRows = countMissingRows(main.dataDir, answeredIds);
stop(mock);
hostile.server.close();
await dispatcher.close();

const report = summarize();
console.log(JSON.stringify(report, null, 2));
console.error(report.failures.length === 0 ? 'soak: PASS' : `soak: FAIL\n- ${report.failures.join('\n- ')}`);
process.exit(report.failures.length === 0 ? 0 : 1);

async function gigabytePhase() {
  const before = { main: rssMb(main.child.pid), bulk: rssMb(bulk.child.pid) };
  const peak = { main: before.main, bulk: before.bulk };
  const watcher = setInterval(() => {
    peak.main = Math.max(peak.main, rssMb(main.child.pid));
    peak.bulk = Math.max(peak.bulk, rssMb(bulk.child.pid));
  }, 100);
  const sentBefore = hostile.stats.bytesSent;
  const cases = gigabyteCalls(main, bulk);
  const out = [];
  for (const spec of cases) {
    const sentAtStart = hostile.stats.bytesSent;
    const result = await send(spec.gateway, spec);
    results.push(record(result, 'gigabyte'));
    out.push({
      kind: spec.kind,
      status: result.status,
      expected: result.expected,
      seconds: Math.round(result.ms) / 1000,
      upstreamSentMb: Math.round((hostile.stats.bytesSent - sentAtStart) / 2 ** 20),
      callerReceivedMb: Math.round(result.bytes / 2 ** 20),
      ended: result.tail.includes('upstreamMaxResponseBytes')
        ? 'cut at upstreamMaxResponseBytes'
        : (result.failure ?? 'complete'),
    });
  }
  clearInterval(watcher);
  return {
    cases: out,
    upstreamSentMb: Math.round((hostile.stats.bytesSent - sentBefore) / 2 ** 20),
    rssGrowthMb: { main: Math.round(peak.main - before.main), bulk: Math.round(peak.bulk - before.bulk) },
  };
}

async function upstreamInFlight(gateway) {
  return (await fetchStatus(gateway))?.upstream?.inFlight ?? NaN;
}

async function fetchStatus(gateway) {
  try {
    const response = await fetch(`${gateway.url}/admin/status`, {
      headers: { authorization: `Bearer ${gateway.adminToken}` },
    });
    return await response.json();
  } catch {
    return null;
  }
}

function countMissingRows(dataDir, ids) {
  const db = new Database(path.join(dataDir, 'gatehouse.db'), { readonly: true });
  try {
    const has = db.prepare('SELECT 1 FROM logs WHERE id = ?').pluck();
    return ids.filter((id) => !has.get(id)).length;
  } finally {
    db.close();
  }
}

function trend(points, key) {
  // The first quarter of the mixed phase warms up (JIT, heap sizing, connection pools); judge the rest.
  const from = mixedStarted + (mixedEnded - mixedStarted) * 0.25;
  const window = points.filter((point) => point.at >= from && point.at <= mixedEnded);
  const fit = linearFit(window.map((point) => ({ x: (point.at - from) / 60_000, y: point[key] })));
  const minutes = (mixedEnded - from) / 60_000;
  return {
    perMinute: round(fit.slope),
    overWindow: round(fit.slope * minutes),
    mean: round(fit.mean),
    samples: fit.n,
  };
}

function latency(phase, kind) {
  const times = results
    .filter((result) => result.phase === phase && result.kind === kind && result.expected)
    .map((result) => result.ms);
  return { count: times.length, p50: round(percentile(times, 50)), p99: round(percentile(times, 99)) };
}

function summarize() {
  const failures = [];
  const byKind = {};
  for (const result of results) {
    const entry = (byKind[`${result.phase}:${result.kind}`] ??= { count: 0, unexpected: 0, statuses: {} });
    entry.count += 1;
    if (!result.expected || result.failure) entry.unexpected += 1;
    entry.statuses[result.status] = (entry.statuses[result.status] ?? 0) + 1;
  }
  const rss = trend(samples, 'rss');
  const fds = trend(samples, 'fds');
  const baseline = latency('baseline', 'probe');
  const underFaults = latency('mixed', 'probe');
  const stuck = results.filter((result) => result.stuck).length;
  const unexpected = Object.entries(byKind).filter(([, entry]) => entry.unexpected > 0);

  if (rss.overWindow > Math.max(16, rss.mean * 0.1))
    failures.push(`RSS grows ${rss.perMinute} MB/min (${rss.overWindow} MB over the window)`);
  if (fds.overWindow > 16)
    failures.push(`open file descriptors grow ${fds.perMinute}/min (${fds.overWindow} over the window)`);
  if (stuck > 0) failures.push(`${stuck} requests were still unanswered after ${CLIENT_TIMEOUT_MS} ms`);
  if (leftover.client > 0 || leftover.upstream > 0)
    failures.push(`left in flight after the load: ${JSON.stringify(leftover)}`);
  if (missingRows > 0) failures.push(`${missingRows} answered requests are missing from the log`);
  for (const [kind, entry] of unexpected)
    failures.push(`${kind}: ${entry.unexpected} unexpected answers ${JSON.stringify(entry.statuses)}`);
  if (underFaults.p99 > 2 * baseline.p99)
    failures.push(`healthy chat p99 under faults ${underFaults.p99} ms > 2 × ${baseline.p99} ms`);
  for (const item of gigabyte.cases)
    if (!item.expected) failures.push(`${item.kind}: status ${item.status}, ${item.ended}`);
  const through = gigabyte.cases.find((item) => item.kind === 'gigabyte-sse-through');
  if (through && through.callerReceivedMb < 1024)
    failures.push(`only ${through.callerReceivedMb} MB of the 1 GB stream arrived`);
  if (gigabyte.rssGrowthMb.main > 256 || gigabyte.rssGrowthMb.bulk > 256)
    failures.push(`1 GB bodies grew RSS by ${JSON.stringify(gigabyte.rssGrowthMb)} MB`);

  return {
    seconds: SECONDS,
    requests: results.length,
    rest: withRest,
    latencyMs: {
      healthyChatBaseline: baseline,
      healthyChatUnderFaults: underFaults,
      ratioP99: round(underFaults.p99 / baseline.p99),
    },
    trend: { rssMb: rss, openFds: fds },
    range: {
      rssMb: [
        round(Math.min(...samples.map((sample) => sample.rss))),
        round(Math.max(...samples.map((sample) => sample.rss))),
      ],
      openFds: [
        Math.min(...samples.map((sample) => sample.fds)),
        Math.max(...samples.map((sample) => sample.fds)),
      ],
    },
    stuck,
    leftover,
    logging: logging?.logging ?? null,
    missingRows,
    gigabyte,
    byKind,
    failures,
  };
}

function round(value) {
  return Math.round(value * 100) / 100;
}
