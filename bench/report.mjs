// Turns the benchmark's measurements into docs/benchmarks.md: every figure with its ratio to the bare
// passthrough proxy measured in the same run, and whether each target is met.
const fixed = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const mark = (ok) => (ok ? '✅ met' : '❌ not met');

function slopeMbPerMinute(samples) {
  const usable = samples.slice(Math.floor(samples.length / 5)).filter((sample) => Number.isFinite(sample.mb));
  if (usable.length < 3) return NaN;
  const t0 = usable[0].at;
  const xs = usable.map((sample) => (sample.at - t0) / 60_000);
  const ys = usable.map((sample) => sample.mb);
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = ys.reduce((a, b) => a + b, 0) / ys.length;
  const numerator = xs.reduce((sum, x, index) => sum + (x - meanX) * (ys[index] - meanY), 0);
  const denominator = xs.reduce((sum, x) => sum + (x - meanX) ** 2, 0);
  return numerator / denominator;
}

export function writeReport(results) {
  const lines = [];
  const m = results.machine;
  lines.push('# Benchmarks', '');
  lines.push(
    'Written by `npm run bench` (bench/run.mjs); every process on loopback, one mock upstream. Figures are',
  );
  lines.push(
    'from a single run and compared with the bare passthrough proxy (node:http, no parsing) measured in the',
  );
  lines.push(
    'same run. Gatehouse runs with gateway-key auth, cost and request logging (bodies included) on.',
    '',
  );
  lines.push(
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.platform}, Node ${m.node}. Date: ${new Date().toISOString().slice(0, 10)}.`,
    '',
  );

  lines.push('## Throughput (non-streamed, upstream answers at once)', '');
  lines.push(
    '| target | connections | req/s | × raw | p50 ms | p99 ms | errors | peak RSS MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  const throughput = results.throughput ?? {};
  for (const [key, value] of Object.entries(throughput)) {
    const [name, connections] = key.split('@');
    const ceiling = throughput[`raw@${connections}`];
    lines.push(
      `| ${name} | ${connections} | ${fixed(value.requestsPerSecond, 0)} | ${fixed(value.requestsPerSecond / ceiling.requestsPerSecond)} | ${fixed(value.p50)} | ${fixed(value.p99)} | ${value.errors} | ${fixed(value.peakRss, 0)} |`,
    );
  }
  lines.push('');

  const s = results.sequential ?? {};
  lines.push('## Latency added, one request at a time (interleaved)', '');
  lines.push('| target | p50 ms | p99 ms | added p50 ms | added p99 ms |', '| --- | --- | --- | --- | --- |');
  for (const [name, value] of Object.entries(s)) {
    lines.push(
      `| ${name} | ${fixed(value.p50, 3)} | ${fixed(value.p99, 3)} | ${fixed(value.p50 - s.raw.p50, 3)} | ${fixed(value.p99 - s.raw.p99, 3)} |`,
    );
  }
  lines.push('');

  lines.push('## Streams (64 deltas, 20 ms apart; 120 streams per row)', '');
  lines.push(
    '| shape | target | TTFT p50 ms | TTFT p99 ms | frame gap p99 ms | streams with a lost frame |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  const streams = results.streams ?? {};
  for (const [key, value] of Object.entries(streams)) {
    const [shape, name] = key.split(':');
    lines.push(
      `| ${shape} | ${name} | ${fixed(value.ttftP50)} | ${fixed(value.ttftP99)} | ${fixed(value.gapP99)} | ${value.lost} |`,
    );
  }
  lines.push('');

  const many = results.manyStreams;
  const soakSlope = results.soak ? slopeMbPerMinute(results.soak.samples) : NaN;
  const tp = (name, connections) => throughput[`${name}@${connections}`]?.requestsPerSecond;
  const ratioRaw = Math.min(tp('gatehouse', 32) / tp('raw', 32), tp('gatehouse', 64) / tp('raw', 64));
  const ratioPortkey = throughput['portkey@32']
    ? Math.min(tp('gatehouse', 32) / tp('portkey', 32), tp('gatehouse', 64) / tp('portkey', 64))
    : NaN;
  const added50 = s.gatehouse.p50 - s.raw.p50;
  const added99 = s.gatehouse.p99 - s.raw.p99;
  const ttftAdded50 = Math.max(
    streams['openai:gatehouse'].ttftP50 - streams['openai:raw'].ttftP50,
    streams['anthropic:gatehouse'].ttftP50 - streams['anthropic:raw'].ttftP50,
  );
  const ttftAdded99 = Math.max(
    streams['openai:gatehouse'].ttftP99 - streams['openai:raw'].ttftP99,
    streams['anthropic:gatehouse'].ttftP99 - streams['anthropic:raw'].ttftP99,
  );
  const gapAdded = Math.max(
    streams['openai:gatehouse'].gapP99 - streams['openai:raw'].gapP99,
    streams['anthropic:gatehouse'].gapP99 - streams['anthropic:raw'].gapP99,
  );

  lines.push('## Targets', '');
  lines.push('| target | measured | verdict |', '| --- | --- | --- |');
  lines.push(
    `| throughput ≥ 0.8× raw at 32 and 64 connections | ${fixed(ratioRaw)}× (worst of the two) | ${mark(ratioRaw >= 0.8)} |`,
  );
  lines.push(
    `| throughput ≥ 5× Portkey | ${Number.isFinite(ratioPortkey) ? `${fixed(ratioPortkey)}×` : 'Portkey not run'} | ${Number.isFinite(ratioPortkey) ? mark(ratioPortkey >= 5) : '—'} |`,
  );
  lines.push(`| added latency p50 ≤ 0.15 ms | ${fixed(added50, 3)} ms | ${mark(added50 <= 0.15)} |`);
  lines.push(`| added latency p99 ≤ 0.5 ms | ${fixed(added99, 3)} ms | ${mark(added99 <= 0.5)} |`);
  lines.push(
    `| TTFT added ≤ 1 ms p50, ≤ 2 ms p99 | ${fixed(ttftAdded50)} / ${fixed(ttftAdded99)} ms | ${mark(ttftAdded50 <= 1 && ttftAdded99 <= 2)} |`,
  );
  lines.push(`| frame-gap p99 added ≤ 0.1 ms | ${fixed(gapAdded, 3)} ms | ${mark(gapAdded <= 0.1)} |`);
  if (many) {
    const growth = many.rssPeak - many.rssIdle;
    lines.push(
      `| 1,000 concurrent streams, no lost frame, ≤ 64 MB over idle | ${many.complete}/${many.count} complete, +${fixed(growth, 0)} MB | ${mark(many.complete === many.count && growth <= 64)} |`,
    );
  }
  const idle = results.idleRss?.gatehouse;
  lines.push(
    `| idle RSS ≤ 80 MB | ${fixed(idle, 0)} MB (raw proxy ${fixed(results.idleRss?.raw, 0)} MB) | ${mark(idle <= 80)} |`,
  );
  lines.push(
    `| /health within 300 ms of start | ${fixed(results.healthMs, 0)} ms | ${mark(results.healthMs <= 300)} |`,
  );
  const writer = results.logWriter?.rowsPerSecond;
  lines.push(`| log writer ≥ 20,000 rows/s | ${fixed(writer, 0)} rows/s | ${mark(writer >= 20_000)} |`);
  if (results.soak) {
    lines.push(
      `| RSS flat over the mixed soak | ${fixed(soakSlope, 2)} MB/min slope after warm-up (${results.soak.samples.length} samples) | ${mark(Math.abs(soakSlope) < 1)} |`,
    );
  }
  lines.push('');
  return `${lines.join('\n')}\n`;
}
