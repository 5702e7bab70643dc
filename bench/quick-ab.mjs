// Side by side, many short passes (dev aid, not part of npm run bench; BENCH_GATEHOUSE_NODE_ARGS="--cpu-prof
// --cpu-prof-dir=DIR" profiles the gateways): this checkout's `gatehouse serve`
// against the bare proxy, the minimal Fastify + undici proxy and, optionally, another build of Gatehouse —
// a folder with its own bin/ and dist/ (say a `git worktree` of an older commit after `npm ci`).
//   node bench/quick-ab.mjs [OTHER_BUILD_FOLDER]
// Per pass, every target takes the same load in turn; the medians over the passes are printed: throughput
// as a ratio of the bare proxy's in the same pass, and CPU per request of the request thread (the main
// thread, which limits throughput) and of the whole process. On a shared 2-core machine single passes swing
// by ±20 %; medians of 8–10 passes hold to a few percent.
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { BENCH_KEY, startChild, startGatehouse, stop } from './processes.mjs';

const PASSES = Number(process.env.Q_PASSES ?? 8);
const SECONDS = Number(process.env.Q_SECONDS ?? 3);
const other = process.argv[2];

const mock = await startChild('mock');
const raw = await startChild('raw', mock.port);
const fastify = await startChild('fastify', mock.port);
const gatehouse = await startGatehouse(mock.port);
const before = other
  ? await startGatehouse(mock.port, undefined, path.resolve(other, 'bin/gatehouse.js'))
  : null;
const gatehouseTarget = (started) => ({
  url: started.url,
  auth: `Bearer ${BENCH_KEY}`,
  model: 'mock/delay-0',
  pid: started.child.pid,
});
const targets = {
  raw: { url: `http://127.0.0.1:${raw.port}`, auth: 'Bearer sk-bench', model: 'delay-0', pid: raw.child.pid },
  'fastify-minimal': {
    url: `http://127.0.0.1:${fastify.port}`,
    auth: 'Bearer sk-bench',
    model: 'mock/delay-0',
    pid: fastify.child.pid,
  },
  gatehouse: gatehouseTarget(gatehouse),
  ...(before ? { 'other build': gatehouseTarget(before) } : {}),
};

/** CPU time (µs) of each thread of a process, by thread id. */
function threadTimes(pid) {
  const times = {};
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    const fields = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
    times[tid] = (Number(fields[11]) + Number(fields[12])) * 10_000;
  }
  return times;
}

const load = (target, seconds) =>
  autocannon({
    url: `${target.url}/v1/chat/completions`,
    method: 'POST',
    connections: 32,
    duration: seconds,
    headers: { authorization: target.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ model: target.model, messages: [{ role: 'user', content: 'hi' }] }),
  });

// Long enough for the optimising compiler to be done with the hot path (see bench/run.mjs warmUp).
for (const target of Object.values(targets)) for (let run = 0; run < 2; run += 1) await load(target, 8);
const passes = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
for (let pass = 0; pass < PASSES; pass += 1) {
  for (const [name, target] of Object.entries(targets)) {
    const start = threadTimes(target.pid);
    const result = await load(target, SECONDS);
    const end = threadTimes(target.pid);
    const used = (tid) => end[tid] - (start[tid] ?? 0);
    const all = Object.keys(end).reduce((sum, tid) => sum + used(tid), 0);
    passes[name].push({
      rps: result.requests.average,
      mainUs: used(String(target.pid)) / result.requests.total,
      allUs: all / result.requests.total,
      errors: result.errors + result.non2xx,
    });
  }
}
stop(mock, raw, fastify, gatehouse, before);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rows = Object.entries(passes).map(([name, runs]) => ({
  target: name,
  'req/s': Math.round(median(runs.map((run) => run.rps))),
  '× raw (median of passes)': median(runs.map((run, index) => run.rps / passes.raw[index].rps)).toFixed(3),
  'request thread µs/req': Math.round(median(runs.map((run) => run.mainUs))),
  'all threads µs/req': Math.round(median(runs.map((run) => run.allUs))),
  errors: runs.reduce((sum, run) => sum + run.errors, 0),
}));
console.table(rows);
process.exit(0);
