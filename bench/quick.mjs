// Quick side-by-side: throughput and CPU per request, raw vs gatehouse (dev aid, not part of npm run bench).
import fs from 'node:fs';
import autocannon from 'autocannon';
import { BENCH_KEY, startChild, startGatehouse, stop } from './processes.mjs';

const SECONDS = Number(process.env.Q_SECONDS ?? 4);
const PASSES = Number(process.env.Q_PASSES ?? 2);
const mock = await startChild('mock');
const raw = await startChild('raw', mock.port);
const gatehouse = await startGatehouse(mock.port);
const body = (m) => JSON.stringify({ model: m, messages: [{ role: 'user', content: 'hi' }] });
const targets = {
  raw: { url: `http://127.0.0.1:${raw.port}`, auth: 'Bearer sk-bench', model: 'delay-0', pid: raw.child.pid },
  gatehouse: {
    url: gatehouse.url,
    auth: `Bearer ${BENCH_KEY}`,
    model: 'mock/delay-0',
    pid: gatehouse.child.pid,
  },
};
const cpu = (pid) => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10_000; // µs (100 Hz ticks)
};
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
console.log(
  'idle rss',
  Object.fromEntries(Object.entries(targets).map(([n, t]) => [n, rss(t.pid).toFixed(1)])),
);
const run = (t, d) =>
  autocannon({
    url: `${t.url}/v1/chat/completions`,
    method: 'POST',
    connections: 32,
    duration: d,
    headers: { authorization: t.auth, 'content-type': 'application/json' },
    body: body(t.model),
  });
for (const t of Object.values(targets)) await run(t, 2);
const out = {};
for (let p = 0; p < PASSES; p++) {
  for (const [name, t] of Object.entries(targets)) {
    const c0 = cpu(t.pid);
    const r = await run(t, SECONDS);
    const us = (cpu(t.pid) - c0) / r.requests.total;
    (out[name] ??= []).push({
      rps: Math.round(r.requests.average),
      usPerReq: Math.round(us),
      errors: r.errors + r.non2xx,
    });
  }
}
console.log(JSON.stringify(out));
const avg = (n) => out[n].reduce((s, x) => s + x.rps, 0) / out[n].length;
console.log('ratio', (avg('gatehouse') / avg('raw')).toFixed(3));
if (process.env.Q_HOLD) await new Promise((r) => setTimeout(r, Number(process.env.Q_HOLD)));
stop(mock, raw, gatehouse);
process.exit(0);
