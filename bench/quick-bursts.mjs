import { Pool } from 'undici';
import { isOpenAiContent, percentile, timedStream } from './measure.mjs';
import { BENCH_KEY, startChild, startGatehouse, stop } from './processes.mjs';
const mock = await startChild('mock');
const raw = await startChild('raw', mock.port);
const gh = await startGatehouse(mock.port);
const targets = {
  raw: {
    url: `http://127.0.0.1:${raw.port}`,
    headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json' },
    model: 'gpt-4o-mini',
  },
  gatehouse: {
    url: gh.url,
    headers: { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' },
    model: 'mock/gpt-4o-mini',
  },
};
const gaps = { raw: [], gatehouse: [] };
for (let round = 0; round < Number(process.env.ROUNDS ?? 6); round++) {
  for (const [name, t] of Object.entries(targets)) {
    const pool = new Pool(t.url, { connections: 64 });
    const runs = await Promise.all(
      Array.from({ length: 40 }, () =>
        timedStream(
          `${t.url}/v1/chat/completions`,
          t.headers,
          { model: t.model, stream: true, messages: [{ role: 'user', content: 'hi' }] },
          pool,
          isOpenAiContent,
        ),
      ),
    );
    await pool.close();
    if (round > 0) gaps[name].push(...runs.flatMap((r) => r.gaps));
  }
}
const p = (n, q) => percentile(gaps[n], q).toFixed(3);
console.log(
  'p50',
  p('raw', 50),
  p('gatehouse', 50),
  'p99',
  p('raw', 99),
  p('gatehouse', 99),
  'added p99',
  (percentile(gaps.gatehouse, 99) - percentile(gaps.raw, 99)).toFixed(3),
);
stop(mock, raw, gh);
process.exit(0);
