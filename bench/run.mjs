// npm run bench — Gatehouse against a bare passthrough proxy (the ceiling) and Portkey's open-source
// gateway, all on loopback against one mock upstream. Writes docs/benchmarks.md. Bounded in time.
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import {
  isAnthropicContent,
  isOpenAiContent,
  percentile,
  rssMb,
  sampleRss,
  timedStream,
} from './measure.mjs';
import { BENCH_KEY, startChild, startGatehouse, startPortkey, stop } from './processes.mjs';
import { writeReport } from './report.mjs';
import { runLogWriterBench } from './log-writer-bench.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2000);

const mock = await startChild('mock');
const raw = await startChild('raw', mock.port);
const gatehouse = await startGatehouse(mock.port);
const portkey = await startPortkey().catch((error) => (console.error(`portkey: ${error.message}`), null));
const results = {
  machine: describeMachine(),
  healthMs: gatehouse.healthMs,
  settings: { seconds: SECONDS, rounds: ROUNDS, soakSeconds: SOAK_SECONDS },
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

  console.error('throughput…');
  results.throughput = {};
  for (const connections of [32, 64]) {
    for (const [name, target] of Object.entries(targets)) {
      const sampler = sampleRss(pidOf[name], 200);
      const result = await autocannon({
        url: `${target.url}/v1/chat/completions`,
        method: 'POST',
        headers: target.headers,
        body: chatBody(`${target.prefix}delay-0`),
        connections,
        duration: SECONDS,
      });
      const samples = sampler.stop();
      results.throughput[`${name}@${connections}`] = {
        requestsPerSecond: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.non2xx,
        peakRss: Math.max(...samples.map((sample) => sample.mb)),
      };
    }
  }

  console.error('added latency, one request at a time…');
  results.sequential = await sequentialLatency(targets, ROUNDS);

  console.error('streams…');
  results.streams = await streamLatency();

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
fs.writeFileSync(file, writeReport(results));
console.log(fs.readFileSync(file, 'utf8'));
process.exit(0);

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

async function streamLatency() {
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
  const out = {};
  for (const [shapeName, shape] of Object.entries(shapes)) {
    for (const [name, target] of Object.entries(streamTargets)) {
      const pool = new Pool(target.url, { connections: 64 });
      const runs = [];
      for (let batch = 0; batch < 3; batch += 1) {
        runs.push(
          ...(await Promise.all(
            Array.from({ length: 40 }, () =>
              timedStream(
                `${target.url}${shape.path}`,
                target.headers,
                shape.body(target.prefix[shapeName]),
                pool,
                shape.isContent,
              ),
            ),
          )),
        );
      }
      await pool.close();
      out[`${shapeName}:${name}`] = {
        ttftP50: percentile(
          runs.map((run) => run.ttft),
          50,
        ),
        ttftP99: percentile(
          runs.map((run) => run.ttft),
          99,
        ),
        gapP99: percentile(
          runs.flatMap((run) => run.gaps),
          99,
        ),
        lost: runs.filter((run) => run.contentEvents !== 64).length,
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
  };
}
