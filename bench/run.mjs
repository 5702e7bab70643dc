// npm run bench — Gatehouse against a bare passthrough proxy (the ceiling) and Portkey's open-source
// gateway, all on loopback against one mock upstream. Writes docs/benchmarks.md. Bounded in time.
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { format, resolveConfig } from 'prettier';
import { Pool } from 'undici';
import {
  firstToken,
  isAnthropicContent,
  isOpenAiContent,
  percentile,
  rssMb,
  sampleRss,
  timedStream,
} from './measure.mjs';
import {
  BENCH_KEY,
  measureBareStartTimes,
  measureStartTimes,
  startChild,
  startGatehouse,
  startPortkey,
  stop,
} from './processes.mjs';
import { writeReport } from './report.mjs';
import { runLogWriterBench } from './log-writer-bench.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2000);
const STREAM_ROUNDS = Number(process.env.BENCH_STREAM_ROUNDS ?? 200);
const STREAM_BURSTS = Number(process.env.BENCH_STREAM_BURSTS ?? 6);
const THROUGHPUT_PASSES = Number(process.env.BENCH_THROUGHPUT_PASSES ?? 4);
// Each target gets SECONDS × 1.5 at each connection count, in THROUGHPUT_PASSES runs.
const passSeconds = Math.max(2, Math.round((SECONDS * 1.5) / THROUGHPUT_PASSES));

const mock = await startChild('mock');
const raw = await startChild('raw', mock.port);
console.error('start-up…');
const startTimes = await measureStartTimes(mock.port, 6);
const bareStartTimes = await measureBareStartTimes(5);
const gatehouse = await startGatehouse(mock.port);
const portkey = await startPortkey().catch((error) => (console.error(`portkey: ${error.message}`), null));
const results = {
  machine: describeMachine(),
  startTimes,
  bareStartTimes,
  settings: {
    seconds: SECONDS,
    throughputPasses: THROUGHPUT_PASSES,
    passSeconds,
    rounds: ROUNDS,
    streamRounds: STREAM_ROUNDS,
    streamBursts: STREAM_BURSTS,
    soakSeconds: SOAK_SECONDS,
  },
  // Other work on the machine skews absolute figures (ratios less so): say how busy it was.
  loadAverage: os.loadavg()[0],
};

const chatBody = (model, extra = {}) =>
  JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...extra });
const targets = {
  raw: {
    url: `http://127.0.0.1:${raw.port}`,
    headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json' },
    prefix: '',
  },
  gatehouse: {
    url: gatehouse.url,
    headers: { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' },
    prefix: 'mock/',
  },
};
if (portkey) {
  targets.portkey = {
    url: `http://127.0.0.1:${portkey.port}`,
    headers: {
      authorization: 'Bearer sk-bench',
      'content-type': 'application/json',
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': `http://127.0.0.1:${mock.port}/v1`,
    },
    prefix: '',
  };
}
const pidOf = { raw: raw.child.pid, gatehouse: gatehouse.child.pid, portkey: portkey?.child.pid };

try {
  await new Promise((resolve) => setTimeout(resolve, 500));
  results.idleRss = Object.fromEntries(
    Object.entries(pidOf)
      .filter(([, pid]) => pid)
      .map(([name, pid]) => [name, rssMb(pid)]),
  );

  // The first target measured must not be the one that pays for compiling its hot path.
  console.error('warm-up…');
  await warmUp();

  console.error('throughput…');
  results.throughput = await throughput();

  // After the load runs: one request at a time is then timed on hot paths that are fully optimised.
  console.error('added latency, one request at a time…');
  results.sequential = await sequentialLatency(targets, ROUNDS);

  console.error('time to first token, one stream at a time…');
  const firstTokens = await firstTokenLatency();

  console.error('stream bursts…');
  const bursts = await streamBursts();
  results.streams = Object.fromEntries(
    Object.keys(bursts).map((key) => [key, { ...firstTokens[key], ...bursts[key] }]),
  );

  console.error('1,000 concurrent streams…');
  results.manyStreams = await manyStreams(1000);

  console.error('log writer…');
  results.logWriter = await runLogWriterBench();

  if (SOAK_SECONDS > 0) {
    console.error(`soak (${SOAK_SECONDS} s)…`);
    results.soak = await soak(SOAK_SECONDS);
  }
} finally {
  stop(mock, raw, gatehouse, portkey);
}

const file = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
// Formatted as the repository's other Markdown, so `npm run lint` stays clean after a run.
const report = writeReport(results);
fs.writeFileSync(file, await format(report, { ...(await resolveConfig(file)), filepath: file }));
console.log(fs.readFileSync(file, 'utf8'));
// Every measurement behind the tables (the soak's RSS samples, each pass, each percentile), for a closer look.
const resultsFile = `${os.tmpdir()}/gatehouse-bench.json`;
fs.writeFileSync(resultsFile, JSON.stringify(results, null, 1));
console.error(`every measurement: ${resultsFile}`);
process.exit(0);

async function throughput() {
  // Short passes, the targets in a rotating order (each goes first, and follows each other target, in turn),
  // so a change in the machine's speed during the run, and whatever one target's run leaves behind for the
  // next, hit every target alike. Per target: the mean over the passes. The ratio to the bare proxy is the
  // median of the per-pass ratios: a pass compares runs seconds apart, the means mix runs a minute apart.
  const out = {};
  const perPass = {};
  const names = Object.keys(targets);
  for (let pass = 0; pass < THROUGHPUT_PASSES; pass += 1) {
    const order = names.map((_, index) => names[(index + pass) % names.length]);
    for (const connections of [32, 64]) {
      for (const name of order) {
        const target = targets[name];
        const sampler = sampleRss(pidOf[name], 200);
        const result = await autocannon({
          url: `${target.url}/v1/chat/completions`,
          method: 'POST',
          headers: target.headers,
          body: chatBody(`${target.prefix}delay-0`),
          connections,
          duration: passSeconds,
        });
        const samples = sampler.stop();
        const key = `${name}@${connections}`;
        (perPass[key] ??= []).push({
          requestsPerSecond: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.non2xx,
          peakRss: Math.max(...samples.map((sample) => sample.mb)),
        });
      }
    }
  }
  const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length / 2;
    return Number.isInteger(middle) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[Math.floor(middle)];
  };
  for (const [key, runs] of Object.entries(perPass)) {
    const connections = key.split('@')[1];
    const ceiling = perPass[`raw@${connections}`];
    const ratios = runs.map((run, pass) => run.requestsPerSecond / ceiling[pass].requestsPerSecond);
    out[key] = {
      requestsPerSecond: mean(runs.map((run) => run.requestsPerSecond)),
      p50: mean(runs.map((run) => run.p50)),
      p99: mean(runs.map((run) => run.p99)),
      errors: runs.reduce((sum, run) => sum + run.errors, 0),
      peakRss: Math.max(...runs.map((run) => run.peakRss)),
      ratioToRaw: median(ratios),
      ratioRange: [Math.min(...ratios), Math.max(...ratios)],
    };
  }
  return out;
}

/**
 * Two full throughput runs' length of load on every target, so each has compiled its hot path before it is
 * timed. On a 2-core machine Gatehouse's optimising compiler (one background thread on the shared core) is
 * not done after one run: with `--trace-opt --trace-deopt`, the 5 s of load after one 8 s run still saw
 * 129 functions optimised (hot ones among them: the dispatcher, the upstream call, Fastify's reply) and 4
 * deoptimised, against 1 and 4 after two runs; the end of a run also closes connections with requests in
 * flight, whose cancellation paths deoptimise code that had never seen them. A bare proxy settles at once.
 */
async function warmUp() {
  for (const target of Object.values(targets)) {
    for (let run = 0; run < 2; run += 1) {
      await autocannon({
        url: `${target.url}/v1/chat/completions`,
        method: 'POST',
        headers: target.headers,
        body: chatBody(`${target.prefix}delay-0`),
        connections: 32,
        duration: Math.max(4, SECONDS),
      });
    }
  }
}

async function sequentialLatency(allTargets, rounds) {
  const pools = Object.fromEntries(
    Object.entries(allTargets).map(([name, target]) => [name, new Pool(target.url, { connections: 1 })]),
  );
  const times = Object.fromEntries(Object.keys(allTargets).map((name) => [name, []]));
  const names = Object.keys(allTargets);
  for (let round = 0; round < rounds + 100; round += 1) {
    // Interleaved, in a rotating order, so drift in the machine's state hits every target alike.
    for (let offset = 0; offset < names.length; offset += 1) {
      const name = names[(round + offset) % names.length];
      const target = allTargets[name];
      const started = performance.now();
      const response = await pools[name].request({
        path: '/v1/chat/completions',
        method: 'POST',
        headers: target.headers,
        body: chatBody(`${target.prefix}delay-0`),
      });
      await response.body.text();
      if (round >= 100) times[name].push(performance.now() - started);
    }
  }
  await Promise.all(Object.values(pools).map((pool) => pool.close()));
  return Object.fromEntries(
    Object.entries(times).map(([name, values]) => [
      name,
      { p50: percentile(values, 50), p99: percentile(values, 99) },
    ]),
  );
}

/** The two streamed API shapes, and how to call each on the targets that serve streams. */
function streamSetup() {
  const shapes = {
    openai: {
      path: '/v1/chat/completions',
      isContent: isOpenAiContent,
      body: (prefix) => ({
        model: `${prefix}gpt-4o-mini`,
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    },
    anthropic: {
      path: '/v1/messages',
      isContent: isAnthropicContent,
      body: (prefix) => ({
        model: `${prefix}claude-haiku-4-5`,
        max_tokens: 100,
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    },
  };
  const streamTargets = {
    raw: {
      url: targets.raw.url,
      headers: { ...targets.raw.headers, 'x-api-key': 'sk-bench', 'anthropic-version': '2023-06-01' },
      prefix: { openai: '', anthropic: '' },
    },
    gatehouse: {
      url: gatehouse.url,
      headers: targets.gatehouse.headers,
      prefix: { openai: 'mock/', anthropic: 'claude/' },
    },
  };
  return { shapes, streamTargets };
}

/** Time to first token, one stream at a time, interleaved in a rotating order (like the latency above). */
async function firstTokenLatency() {
  const { shapes, streamTargets } = streamSetup();
  const out = {};
  for (const [shapeName, shape] of Object.entries(shapes)) {
    const names = Object.keys(streamTargets);
    const firstTokens = Object.fromEntries(names.map((name) => [name, []]));
    const single = Object.fromEntries(
      names.map((name) => [name, new Pool(streamTargets[name].url, { connections: 1 })]),
    );
    for (let round = 0; round < STREAM_ROUNDS + 10; round += 1) {
      for (let offset = 0; offset < names.length; offset += 1) {
        const name = names[(round + offset) % names.length];
        const target = streamTargets[name];
        const ms = await firstToken(
          `${target.url}${shape.path}`,
          target.headers,
          shape.body(target.prefix[shapeName]),
          single[name],
          shape.isContent,
        );
        if (round >= 10) firstTokens[name].push(ms);
        // Let the proxy finish with the dropped stream before the next one starts.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    await Promise.all(Object.values(single).map((pool) => pool.close()));
    for (const name of names) {
      out[`${shapeName}:${name}`] = {
        ttftP50: percentile(firstTokens[name], 50),
        ttftP99: percentile(firstTokens[name], 99),
      };
    }
  }
  return out;
}

/** Frame gaps and lost frames under load: batches of 40 streams started together. */
async function streamBursts() {
  const { shapes, streamTargets } = streamSetup();
  const names = Object.keys(streamTargets);
  const out = {};
  for (const [shapeName, shape] of Object.entries(shapes)) {
    const pools = Object.fromEntries(
      names.map((name) => [name, new Pool(streamTargets[name].url, { connections: 64 })]),
    );
    const runs = Object.fromEntries(names.map((name) => [name, []]));
    const burstOf = (name) => {
      const target = streamTargets[name];
      return Promise.all(
        Array.from({ length: 40 }, () =>
          timedStream(
            `${target.url}${shape.path}`,
            target.headers,
            shape.body(target.prefix[shapeName]),
            pools[name],
            shape.isContent,
          ),
        ),
      );
    };
    // One burst per target first, not counted: it opens the pool's 40 connections and runs the concurrent
    // path for the first time (a cold first burst's frame-gap p99 was 3-5 ms above later bursts' for the bare
    // proxy, 7-10 ms for Gatehouse). What is measured is frames relayed on open connections, as the
    // throughput runs measure after their warm-up.
    for (const name of names) await burstOf(name);
    // Interleaved, in a rotating order, like the one-at-a-time rounds: a change in the machine's state during
    // the bursts hits every target alike.
    for (let burst = 0; burst < STREAM_BURSTS; burst += 1) {
      for (let offset = 0; offset < names.length; offset += 1) {
        const name = names[(burst + offset) % names.length];
        runs[name].push(...(await burstOf(name)));
      }
    }
    await Promise.all(Object.values(pools).map((pool) => pool.close()));
    for (const name of names) {
      out[`${shapeName}:${name}`] = {
        burstTtftP50: percentile(
          runs[name].map((run) => run.ttft),
          50,
        ),
        gapP99: percentile(
          runs[name].flatMap((run) => run.gaps),
          99,
        ),
        lost: runs[name].filter((run) => run.contentEvents !== 64).length,
      };
    }
  }
  return out;
}

async function manyStreams(count) {
  const before = rssMb(gatehouse.child.pid);
  const sampler = sampleRss(gatehouse.child.pid, 100);
  const pool = new Pool(gatehouse.url, { connections: count });
  const runs = await Promise.all(
    Array.from({ length: count }, () =>
      timedStream(
        `${gatehouse.url}/v1/chat/completions`,
        targets.gatehouse.headers,
        { model: 'mock/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] },
        pool,
        isOpenAiContent,
      ),
    ),
  );
  await pool.close();
  const samples = sampler.stop();
  return {
    count,
    complete: runs.filter((run) => run.status === 200 && run.contentEvents === 64).length,
    rssIdle: before,
    rssPeak: Math.max(...samples.map((sample) => sample.mb)),
  };
}

async function soak(seconds) {
  const samples = [];
  const deadline = Date.now() + seconds * 1000;
  const sampler = setInterval(() => samples.push({ at: Date.now(), mb: rssMb(gatehouse.child.pid) }), 5000);
  const load = autocannon({
    url: `${gatehouse.url}/v1/chat/completions`,
    method: 'POST',
    headers: targets.gatehouse.headers,
    connections: 8,
    duration: seconds,
    requests: [
      { body: chatBody('mock/delay-5') },
      { body: chatBody('nosuch/model') },
      { body: chatBody('mock/gpt-4o-mini', { stream: true }) },
      { body: '{"model": broken' },
    ],
  });
  const streamPool = new Pool(gatehouse.url, { connections: 16 });
  while (Date.now() < deadline - 2000) {
    await Promise.all(
      Array.from({ length: 16 }, () =>
        timedStream(
          `${gatehouse.url}/v1/chat/completions`,
          targets.gatehouse.headers,
          { model: 'mock/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] },
          streamPool,
          isOpenAiContent,
        ),
      ),
    );
  }
  await load;
  await streamPool.close();
  clearInterval(sampler);
  return { samples };
}

function describeMachine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    // Node reads this CA file as every process starts, before any of its code runs (about 90 ms on a
    // 2-core machine with Debian's bundle): part of each start-up time below when set.
    extraCaCerts: Boolean(process.env.NODE_EXTRA_CA_CERTS),
  };
}
