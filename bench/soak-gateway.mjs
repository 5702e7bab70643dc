// Starts a `gatehouse serve` child for the soak run, configured with the mock and hostile upstreams, short
// upstream limits (so faults end within seconds) and, when the REST proxy exists, one REST API.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_KEY } from './processes.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The limits the soak's faults run into; docs/reliability.md lists the defaults. */
export const SOAK_LIMITS = {
  upstreamConnectTimeoutMs: 2000,
  upstreamFirstByteTimeoutMs: 2000,
  upstreamIdleTimeoutMs: 2000,
  upstreamMaxDurationMs: 5000,
};

export async function startSoakGateway({ mockPort, hostilePort, withRest, server = {} }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-soak-'));
  const configFile = path.join(dir, 'gatehouse.yaml');
  const limits = { ...SOAK_LIMITS, ...server };
  fs.writeFileSync(
    configFile,
    [
      'server:',
      ...Object.entries(limits).map(([name, value]) => `  ${name}: ${value}`),
      'providers:',
      '  - id: mock',
      '    type: openai-compatible',
      `    baseUrl: http://127.0.0.1:${mockPort}/v1`,
      '  - id: claude',
      '    type: anthropic',
      `    baseUrl: http://127.0.0.1:${mockPort}/v1`,
      '    apiKey: env:BENCH_UPSTREAM_KEY',
      '  - id: hostile',
      '    type: openai-compatible',
      `    baseUrl: http://127.0.0.1:${hostilePort}/v1`,
      ...(withRest
        ? ['apis:', '  - slug: rest', '    baseUrls:', `      - http://127.0.0.1:${mockPort}`]
        : []),
      'keys:',
      '  - name: soak',
      '    key: env:BENCH_KEY',
    ].join('\n'),
  );
  const adminToken = `gha_soak_${randomBytes(24).toString('base64url')}`;
  const dataDir = path.join(dir, 'data');
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'bin/gatehouse.js'),
      'serve',
      '--config',
      configFile,
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ],
    {
      stdio: 'pipe',
      env: {
        ...process.env,
        BENCH_KEY,
        BENCH_UPSTREAM_KEY: 'sk-bench-upstream',
        GATEHOUSE_NO_KEYCHAIN: '1',
        GATEHOUSE_ADMIN_TOKEN: adminToken,
      },
    },
  );
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gatehouse did not start: ${output}`)), 30_000);
    const onData = (data) => {
      output += data.toString();
      const match = /Gatehouse listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`gatehouse exited with ${code}: ${output}`)));
  });
  // Keep draining its output so a full pipe never stalls it.
  child.stdout.resume();
  child.stderr.resume();
  return { child, url, adminToken, dataDir, exited, output: () => output };
}
