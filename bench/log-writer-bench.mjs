// How many log rows per second the batching writer sustains (metadata only, bodies off), measured in a
// child process against a real SQLite file in WAL mode.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

const ENTRY = `
import { openDatabase } from './src/gateway/storage/database';
import { LogWriter } from './src/gateway/storage/log-writer';
const rows = Number(process.argv[2]);
const db = openDatabase(process.argv[3]);
const writer = new LogWriter(db);
const started = performance.now();
const base = Date.now();
for (let index = 0; index < rows; index += 1) {
  writer.write({
    id: 'req_' + (base + index).toString(36).padStart(9, '0') + '0000bench',
    time: base + index, keyName: 'bench', endpoint: '/v1/chat/completions', provider: 'mock', model: 'gpt-4o-mini',
    stream: false, status: 200, outcome: 'ok', error: null, latencyMs: 1.5, ttftMs: null,
    inputTokens: 20, outputTokens: 64, cachedTokens: 0, costUsd: 0.0000414, warnings: null,
    requestBody: null, responseBody: null,
  });
  if (index % 5000 === 4999) await new Promise((resolve) => setImmediate(resolve));
}
writer.close();
const seconds = (performance.now() - started) / 1000;
const count = db.prepare('SELECT COUNT(*) AS n FROM logs').get().n;
console.log(JSON.stringify({ rows: count, seconds, rowsPerSecond: count / seconds }));
`;

export async function runLogWriterBench(rows = 200_000) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-logbench-'));
  const bundle = path.join(dir, 'log-writer-bench.mjs');
  await build({
    stdin: { contents: ENTRY, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: bundle,
    logLevel: 'error',
  });
  // Resolve better-sqlite3 from the project, not the temp folder.
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const output = execFileSync(process.execPath, [bundle, String(rows), path.join(dir, 'bench.db')], {
    encoding: 'utf8',
  });
  return JSON.parse(output.trim().split('\n').at(-1));
}
