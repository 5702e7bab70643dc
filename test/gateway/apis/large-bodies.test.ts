import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/gateway-harness';
import { startServe, type ServeProcess } from '../../helpers/cli-process';
import { MockRest } from './api-harness';

const SIZE = 200 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'gatehouse-');
const KEY = 'gh_test_large_bodies_key_0123456789';

/** `size` bytes made on the fly, a shared 64 KiB chunk at a time: nothing large is ever allocated. */
function generated(size: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const next = Math.min(CHUNK.length, size - sent);
      sent += next;
      this.push(next === CHUNK.length ? CHUNK : CHUNK.subarray(0, next));
    },
  });
}

/** Resident memory of a process in bytes (Linux). */
function rss(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

/** Samples the process's RSS every 50 ms while `work` runs; returns the highest value seen. */
async function peakRssDuring(pid: number, work: () => Promise<void>): Promise<number> {
  let peak = rss(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rss(pid))), 50);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, rss(pid));
}

describe.runIf(process.platform === 'linux')('200 MB bodies stream through a gatehouse serve process', () => {
  let upstream: MockRest;
  let serve: ServeProcess;
  let uploaded = 0;

  beforeAll(async () => {
    upstream = await new MockRest().start();
    upstream.handler = (request, response, raw) => {
      if (request.method === 'PUT') {
        uploaded = request.bodyBytes;
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(JSON.stringify({ received: request.bodyBytes }));
      }
      const size = Number(new URL(request.url, 'http://upstream').searchParams.get('size') ?? SIZE);
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
      generated(size).pipe(response);
      raw.on('close', () => undefined);
    };
    const dir = tempDir('gatehouse-large-');
    const configFile = path.join(dir, 'gatehouse.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        apis: [{ slug: 'files', baseUrls: [upstream.url] }],
        keys: [{ name: 'mover', key: 'env:LARGE_KEY' }],
      }),
    );
    serve = await startServe(['--config', configFile, '--port', '0', '--data-dir', path.join(dir, 'data')], {
      LARGE_KEY: KEY,
      GATEHOUSE_NO_KEYCHAIN: '1',
    });
  });

  afterAll(async () => {
    serve?.child.kill('SIGTERM');
    await serve?.exited;
    await upstream?.stop();
  });

  const call = (method: string, size: number) =>
    new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      const body = method === 'PUT' ? generated(size) : null;
      const request = http.request(`${serve.url}/apis/files/blob?size=${size}`, {
        method,
        headers: {
          authorization: `Bearer ${KEY}`,
          ...(body ? { 'content-type': 'application/octet-stream', 'content-length': String(size) } : {}),
        },
      });
      request.on('response', (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
        response.on('error', reject);
      });
      request.on('error', reject);
      if (body) body.pipe(request);
      else request.end();
    });

  it(
    'a 200 MB download and a 200 MB upload pass with RSS growing by less than 50 MB',
    { timeout: 240_000 },
    async () => {
      const pid = serve.child.pid!;
      const cold = rss(pid);
      // Warm-up with 16 MB each way: any streaming Node server's young generation and socket buffers grow to a
      // working size of their own under sustained throughput. The baseline is that working size, so what is
      // measured is what 200 MB add to it: a body held in memory would show up as ~200 MB here.
      expect(await call('GET', 16 * 1024 * 1024)).toEqual({ status: 200, bytes: 16 * 1024 * 1024 });
      expect((await call('PUT', 16 * 1024 * 1024)).status).toBe(200);
      const baseline = rss(pid);

      let download = { status: 0, bytes: 0 };
      const downloadPeak = await peakRssDuring(pid, async () => {
        download = await call('GET', SIZE);
      });
      expect(download).toEqual({ status: 200, bytes: SIZE });

      let upload = { status: 0, bytes: 0 };
      const uploadPeak = await peakRssDuring(pid, async () => {
        upload = await call('PUT', SIZE);
      });
      expect(upload.status).toBe(200);
      expect(uploaded).toBe(SIZE);

      const growth = Math.max(downloadPeak, uploadPeak) - baseline;
      const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
      expect(
        growth,
        `RSS grew by ${megabytes(growth)} over the warm baseline (${megabytes(Math.max(downloadPeak, uploadPeak) - cold)} over the cold start)`,
      ).toBeLessThan(50 * 1024 * 1024);
    },
  );
});
