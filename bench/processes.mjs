// Starts and stops the benchmark's server processes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const BENCH_KEY = 'gh_bench_key_0123456789abcdefghij';

function waitFor(child, pattern, what, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${output}`)), timeoutMs);
    const onData = (data) => {
      output += data.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${what} exited with ${code}: ${output}`)));
  });
}

export async function startChild(kind, upstreamPort) {
  const child = spawn(
    process.execPath,
    [
      // For profiling by hand: BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (the bare and minimal proxies).
      ...(kind === 'mock' ? [] : (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean)),
      path.join(root, 'bench/serve-child.mjs'),
      kind,
      String(upstreamPort ?? ''),
    ],
    { stdio: 'pipe' },
  );
  const match = await waitFor(child, /PORT (\d+)/, kind);
  return { child, port: Number(match[1]) };
}

export function gatehouseConfig(mockPort) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-'));
  const configFile = path.join(dir, 'gatehouse.yaml');
  fs.writeFileSync(
    configFile,
    [
      'providers:',
      '  - id: mock',
      '    type: openai-compatible',
      `    baseUrl: http://127.0.0.1:${mockPort}/v1`,
      '  - id: claude',
      '    type: anthropic',
      `    baseUrl: http://127.0.0.1:${mockPort}/v1`,
      '    apiKey: env:BENCH_UPSTREAM_KEY',
      'keys:',
      '  - name: bench',
      '    key: env:BENCH_KEY',
    ].join('\n'),
  );
  return { dir, configFile };
}

/**
 * Starts `gatehouse serve` (this checkout's, or another build's `bin/gatehouse.js`); resolves with its URL and
 * the milliseconds until /health answered.
 */
export async function startGatehouse(
  mockPort,
  { dir, configFile } = gatehouseConfig(mockPort),
  bin = path.join(root, 'bin/gatehouse.js'),
) {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      // For profiling by hand: BENCH_GATEHOUSE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
      ...(process.env.BENCH_GATEHOUSE_NODE_ARGS ?? '').split(' ').filter(Boolean),
      bin,
      'serve',
      '--config',
      configFile,
      '--port',
      '0',
      '--data-dir',
      path.join(dir, 'data'),
    ],
    {
      stdio: 'pipe',
      env: { ...process.env, BENCH_KEY, BENCH_UPSTREAM_KEY: 'sk-bench-upstream', GATEHOUSE_NO_KEYCHAIN: '1' },
    },
  );
  const match = await waitFor(child, /Gatehouse listening on (http:\/\/\S+)/, 'gatehouse');
  const url = match[1];
  const healthMs = await untilHealthy(url, started);
  return { child, url, healthMs, dataDir: path.join(dir, 'data') };
}

/** Milliseconds from `started` until GET /health answers 200 (NaN if it never does). */
async function untilHealthy(url, started) {
  for (let attempt = 0; attempt < 2000; attempt += 1) {
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return performance.now() - started;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return NaN;
}

/** A bare node:http server answering every request: what any Node server's start costs on this machine. */
const BARE_SERVER = `require('node:http').createServer((request, response) => response.end('ok'))
  .listen(0, '127.0.0.1', function () { console.log('PORT ' + this.address().port); });`;

/**
 * Starts and stops a bare Node HTTP server `count` times, timed like measureStartTimes: the floor under
 * Gatehouse's start-up (Node itself, and whatever the environment adds to every Node process).
 */
export async function measureBareStartTimes(count) {
  const times = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: 'pipe' });
    const match = await waitFor(child, /PORT (\d+)/, 'bare server');
    times.push(await untilHealthy(`http://127.0.0.1:${match[1]}`, started));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  return times;
}

/**
 * Starts and stops `gatehouse serve` `count` times on one data directory; resolves with the milliseconds
 * until /health answered, in order. The first start after a build also compiles the bundle and writes its
 * code cache, and the first on a new data directory creates the database: later ones are the usual case.
 */
export async function measureStartTimes(mockPort, count) {
  const setup = gatehouseConfig(mockPort);
  // This process's first fetch loads fetch itself: not a cost of the gateway's start.
  await fetch(`http://127.0.0.1:${mockPort}/`)
    .then((response) => response.text())
    .catch(() => undefined);
  const times = [];
  for (let index = 0; index < count; index += 1) {
    const started = await startGatehouse(mockPort, setup);
    times.push(started.healthMs);
    const exited = new Promise((resolve) => started.child.once('exit', resolve));
    started.child.kill('SIGTERM');
    await exited;
  }
  return times;
}

/** Portkey's open-source gateway (Node build), as a peer. */
export async function startPortkey() {
  const entry = path.join(root, 'node_modules/@portkey-ai/gateway/build/start-server.js');
  if (!fs.existsSync(entry)) return null;
  const port = 18_787 + Math.floor(Math.random() * 1000);
  const child = spawn(process.execPath, [entry, `--port=${port}`, '--headless'], {
    // Its per-request console output would fill an unread pipe and stall it.
    stdio: 'ignore',
    cwd: path.dirname(entry),
    env: { ...process.env, NODE_ENV: 'production' },
  });
  // Portkey prints no reliable ready line; poll its port.
  for (let attempt = 0; attempt < 300; attempt += 1) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return { child, port };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  child.kill();
  throw new Error('Portkey did not start within 15 s');
}

export function stop(...children) {
  for (const entry of children) entry?.child?.kill('SIGTERM');
}
