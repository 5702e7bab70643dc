// Turns the benchmark's measurements into docs/benchmarks.md: every figure with its ratio to the bare
// passthrough proxy measured in the same run, and whether each target is met. The prose after the tables
// (what the hot path does and why) comes from bench/notes.md.
import fs from 'node:fs';
import { percentile } from './measure.mjs';
const fixed = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const mark = (ok) => (ok ? '✅ met' : '❌ not met');

function slopeMbPerMinute(samples) {
  // The second half: memory the earlier phases (1,000 streams, throughput) left behind is still being
  // returned during the first minutes, a downward drift that would hide a slow leak.
  const usable = samples.slice(Math.floor(samples.length / 2)).filter((sample) => Number.isFinite(sample.mb));
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
  if (m.extraCaCerts) {
    lines.push(
      '`NODE_EXTRA_CA_CERTS` was set: Node reads that CA file as every process starts, before any of its code runs, so every start-up time below includes it (the bare Node server beside /health shows how much Node itself takes).',
      '',
    );
  }
  if (Number.isFinite(results.loadAverage)) {
    lines.push(
      `Load average when the run began: ${fixed(results.loadAverage)} (other work on the machine slows every process; compare the ratios, not the absolute figures, across runs).`,
      '',
    );
  }

  lines.push('## Throughput (non-streamed, upstream answers at once)', '');
  lines.push(
    '| target | connections | req/s | × raw | × raw, passes | p50 ms | p99 ms | errors | peak RSS MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  const throughput = results.throughput ?? {};
  for (const [key, value] of Object.entries(throughput)) {
    const [name, connections] = key.split('@');
    const range = `${fixed(value.ratioRange[0])}–${fixed(value.ratioRange[1])}`;
    lines.push(
      `| ${name} | ${connections} | ${fixed(value.requestsPerSecond, 0)} | ${fixed(value.ratioToRaw)} | ${range} | ${fixed(value.p50)} | ${fixed(value.p99)} | ${value.errors} | ${fixed(value.peakRss, 0)} |`,
    );
  }
  const passes = results.settings?.throughputPasses;
  if (passes) {
    lines.push(
      '',
      `${passes} passes of ${results.settings.passSeconds} s per target and connection count, the targets in a rotating order. req/s, p50 and p99 are means over the passes; × raw is the median of the per-pass ratios to the bare proxy (each measured next to it), and the range is the lowest and highest pass.`,
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

  const streamRounds = results.settings?.streamRounds ?? 'n/a';
  const streamBursts = results.settings?.streamBursts ?? 3;
  lines.push('## Streams (64 deltas, 20 ms apart)', '');
  lines.push(
    `Time to first token (TTFT): ${streamRounds} streams per target, one at a time, interleaved, each dropped after its first content event. Frame gaps and lost frames: ${streamBursts} bursts of 40 streams started together per target, the targets' bursts interleaved, after one burst per target that opens the connections and is not counted; the TTFT of those bursts is shown too, for what a burst of starts costs.`,
    '',
  );
  lines.push(
    '| shape | target | TTFT p50 ms | TTFT p99 ms | TTFT p50 in a burst of 40 ms | frame gap p99 ms | streams with a lost frame |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  );
  const streams = results.streams ?? {};
  for (const [key, value] of Object.entries(streams)) {
    const [shape, name] = key.split(':');
    lines.push(
      `| ${shape} | ${name} | ${fixed(value.ttftP50)} | ${fixed(value.ttftP99)} | ${fixed(value.burstTtftP50)} | ${fixed(value.gapP99)} | ${value.lost} |`,
    );
  }
  lines.push('');

  const many = results.manyStreams;
  const soakSlope = results.soak ? slopeMbPerMinute(results.soak.samples) : NaN;
  const tp = (name, connections) => throughput[`${name}@${connections}`]?.requestsPerSecond;
  const ratioRaw = Math.min(throughput['gatehouse@32']?.ratioToRaw, throughput['gatehouse@64']?.ratioToRaw);
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
    `| TTFT added ≤ 1 ms p50, ≤ 2 ms p99 (one stream at a time) | ${fixed(ttftAdded50)} / ${fixed(ttftAdded99)} ms | ${mark(ttftAdded50 <= 1 && ttftAdded99 <= 2)} |`,
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
  const starts = results.startTimes ?? [];
  const usualStart = percentile(starts.slice(1), 50);
  const bareStarts = results.bareStartTimes ?? [];
  const bareStart = percentile(bareStarts, 50);
  const bare = bareStarts.length
    ? `; a bare Node HTTP server started and asked the same way: ${fixed(bareStart, 0)} ms, median of ${bareStarts.length}, so × ${fixed(usualStart / bareStart)}`
    : '';
  lines.push(
    `| /health within 300 ms of start | ${fixed(usualStart, 0)} ms (median of ${starts.length - 1} restarts; the first start after a build, which also writes the code cache and creates the database: ${fixed(starts[0], 0)} ms${bare}) | ${mark(usualStart <= 300)} |`,
  );
  const writer = results.logWriter?.rowsPerSecond;
  lines.push(`| log writer ≥ 20,000 rows/s | ${fixed(writer, 0)} rows/s | ${mark(writer >= 20_000)} |`);
  if (results.soak) {
    // The target is no upward trend (a leak); memory the earlier phases left behind may still be returned.
    const soakSamples = results.soak.samples.filter((sample) => Number.isFinite(sample.mb));
    const first = soakSamples[0]?.mb;
    const last = soakSamples.at(-1)?.mb;
    lines.push(
      `| RSS flat (no upward trend) over the mixed soak | ${fixed(soakSlope, 2)} MB/min slope over the second half (${soakSamples.length} samples in all, ${fixed(first, 0)} → ${fixed(last, 0)} MB) | ${Number.isFinite(soakSlope) ? mark(soakSlope < 1) : '— (soak too short)'} |`,
    );
  }
  lines.push('');
  const notes = new URL('./notes.md', import.meta.url);
  if (fs.existsSync(notes)) lines.push(fs.readFileSync(notes, 'utf8').trimEnd(), '');
  return `${lines.join('\n')}\n`;
}
