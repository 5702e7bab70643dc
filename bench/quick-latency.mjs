// Quick side-by-side: one request at a time, interleaved, raw vs gatehouse (dev aid, not part of npm run bench).
//   node bench/quick-latency.mjs [OTHER_BUILD_FOLDER]   (another build of Gatehouse too, as in bench/quick-ab.mjs)
import path from 'node:path';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { percentile } from './measure.mjs';
import { BENCH_KEY, startChild, startGatehouse, stop } from './processes.mjs';

const ROUNDS = Number(process.env.Q_ROUNDS ?? 3000);
const mock = await startChild('mock');
const raw = await startChild('raw', mock.port);
const gatehouse = await startGatehouse(mock.port);
const other = process.argv[2]
  ? await startGatehouse(mock.port, undefined, path.resolve(process.argv[2], 'bin/gatehouse.js'))
  : null;
const body = (model) => JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] });
const targets = {
  raw: { url: `http://127.0.0.1:${raw.port}`, auth: 'Bearer sk-bench', model: 'delay-0' },
  gatehouse: { url: gatehouse.url, auth: `Bearer ${BENCH_KEY}`, model: 'mock/delay-0' },
  ...(other ? { 'other build': { url: other.url, auth: `Bearer ${BENCH_KEY}`, model: 'mock/delay-0' } } : {}),
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
const times = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
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
for (const q of [50, 99]) {
  const raw = percentile(times.raw, q);
  const line = Object.keys(targets)
    .filter((name) => name !== 'raw')
    .map(
      (name) =>
        `${name} ${percentile(times[name], q).toFixed(3)} (added ${(percentile(times[name], q) - raw).toFixed(3)})`,
    );
  console.log(`p${q} (ms) raw ${raw.toFixed(3)} ${line.join(' ')}`);
}
stop(mock, raw, gatehouse, other);
process.exit(0);
