// Quick side-by-side: one request at a time, interleaved, raw vs gatehouse (dev aid, not part of npm run bench).
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { percentile } from './measure.mjs';
import { BENCH_KEY, startChild, startGatehouse, stop } from './processes.mjs';

const ROUNDS = Number(process.env.Q_ROUNDS ?? 3000);
const mock = await startChild('mock');
const raw = await startChild('raw', mock.port);
const gatehouse = await startGatehouse(mock.port);
const body = (model) => JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] });
const targets = {
  raw: { url: `http://127.0.0.1:${raw.port}`, auth: 'Bearer sk-bench', model: 'delay-0' },
  gatehouse: { url: gatehouse.url, auth: `Bearer ${BENCH_KEY}`, model: 'mock/delay-0' },
};
// Q_LOAD_SECONDS: a throughput load on both first, as `npm run bench` does before its latency rounds.
for (const t of Object.values(targets)) {
  if (!Number(process.env.Q_LOAD_SECONDS ?? 0)) break;
  await autocannon({
    url: `${t.url}/v1/chat/completions`,
    method: 'POST',
    connections: 32,
    duration: Number(process.env.Q_LOAD_SECONDS),
    headers: { authorization: t.auth, 'content-type': 'application/json' },
    body: body(t.model),
  });
}
const pools = Object.fromEntries(
  Object.entries(targets).map(([n, t]) => [n, new Pool(t.url, { connections: 1 })]),
);
const times = { raw: [], gatehouse: [] };
const names = Object.keys(targets);
for (let round = 0; round < ROUNDS + 300; round += 1) {
  for (let offset = 0; offset < names.length; offset += 1) {
    const name = names[(round + offset) % names.length];
    const t = targets[name];
    const started = performance.now();
    const response = await pools[name].request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { authorization: t.auth, 'content-type': 'application/json' },
      body: body(t.model),
    });
    await response.body.text();
    if (round >= 300) times[name].push(performance.now() - started);
  }
}
const f = (n, q) => percentile(times[n], q).toFixed(3);
console.log(
  `p50 raw ${f('raw', 50)} gatehouse ${f('gatehouse', 50)} added ${(percentile(times.gatehouse, 50) - percentile(times.raw, 50)).toFixed(3)}`,
);
console.log(
  `p99 raw ${f('raw', 99)} gatehouse ${f('gatehouse', 99)} added ${(percentile(times.gatehouse, 99) - percentile(times.raw, 99)).toFixed(3)}`,
);
stop(mock, raw, gatehouse);
process.exit(0);
