import fs from 'node:fs';
import autocannon from 'autocannon';
import { BENCH_KEY, startChild, startGatehouse, stop } from './processes.mjs';
const SECONDS = Number(process.env.S ?? 150);
const mock = await startChild('mock');
process.env.GATEHOUSE_LOG_WRITER = 'inline';
const inline = await startGatehouse(mock.port);
delete process.env.GATEHOUSE_LOG_WRITER;
const worker = await startGatehouse(mock.port);
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const samples = { inline: [], worker: [] };
const t0 = Date.now();
const timer = setInterval(() => {
  for (const [n, g] of [
    ['inline', inline],
    ['worker', worker],
  ])
    samples[n].push([(Date.now() - t0) / 60000, rss(g.child.pid)]);
}, 2000);
const body = JSON.stringify({
  model: 'mock/delay-0',
  messages: [{ role: 'user', content: 'hello there '.repeat(50) }],
});
const load = (g) =>
  autocannon({
    url: `${g.url}/v1/chat/completions`,
    method: 'POST',
    connections: 8,
    overallRate: 1000,
    duration: SECONDS,
    headers: { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' },
    body,
  });
await Promise.all([load(inline), load(worker)]);
clearInterval(timer);
const slope = (pts) => {
  const h = pts.slice(Math.floor(pts.length / 2));
  const n = h.length;
  const mx = h.reduce((s, p) => s + p[0], 0) / n;
  const my = h.reduce((s, p) => s + p[1], 0) / n;
  let a = 0,
    b = 0;
  for (const [x, y] of h) {
    a += (x - mx) * (y - my);
    b += (x - mx) ** 2;
  }
  return (a / b).toFixed(2);
};
for (const n of ['inline', 'worker'])
  console.log(
    n,
    'slope MB/min (2nd half)',
    slope(samples[n]),
    'first',
    samples[n][0][1].toFixed(0),
    'max',
    Math.max(...samples[n].map((p) => p[1])).toFixed(0),
    'last',
    samples[n].at(-1)[1].toFixed(0),
  );
stop(mock, inline, worker);
process.exit(0);
