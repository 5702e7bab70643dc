// Measuring tools for the soak run: open file descriptors of a process, least-squares trends, and one
// HTTP call that reports its status, time, size and request id without holding a large body in memory.
import fs from 'node:fs';
import { request } from 'undici';

/** Open file descriptors of a process (Linux /proc), or NaN when it cannot be read. */
export function fdCount(pid) {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return NaN;
  }
}

/** Least-squares line through points {x, y}: slope per unit of x, and the mean of y. */
export function linearFit(points) {
  const usable = points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
  const n = usable.length;
  if (n < 3) return { slope: NaN, mean: NaN, n };
  const meanX = usable.reduce((sum, point) => sum + point.x, 0) / n;
  const meanY = usable.reduce((sum, point) => sum + point.y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const point of usable) {
    covariance += (point.x - meanX) * (point.y - meanY);
    variance += (point.x - meanX) ** 2;
  }
  return { slope: variance === 0 ? 0 : covariance / variance, mean: meanY, n };
}

/**
 * One call. Never throws: a network failure or the client's own deadline comes back as status 0 with
 * `failure` set. The body is counted, not kept (a 1 GB stream passes through here), except its last 2 KB.
 */
export async function call(dispatcher, url, { method = 'POST', headers = {}, body, timeoutMs }) {
  const started = performance.now();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await request(url, { method, headers, body, dispatcher, signal });
    let bytes = 0;
    let tail = '';
    let failure = null;
    try {
      for await (const chunk of response.body) {
        bytes += chunk.length;
        tail = (tail + chunk.toString('utf8')).slice(-2048);
      }
    } catch (error) {
      failure = signal.aborted
        ? 'client deadline passed (stuck?)'
        : `body broke: ${error.code ?? error.message}`;
    }
    return {
      status: response.statusCode,
      ms: performance.now() - started,
      bytes,
      tail,
      id: response.headers['x-gatehouse-request-id'] ?? null,
      failure,
      stuck: signal.aborted,
    };
  } catch (error) {
    const timedOut = signal.aborted;
    return {
      status: 0,
      ms: performance.now() - started,
      bytes: 0,
      tail: '',
      id: null,
      failure: timedOut ? 'client deadline passed (stuck?)' : `${error.code ?? error.name}: ${error.message}`,
      stuck: timedOut,
    };
  }
}
