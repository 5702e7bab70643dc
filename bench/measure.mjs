// Small measuring tools for the benchmark: percentiles, RSS of a process, timed streams.
import fs from 'node:fs';
import { request } from 'undici';

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Resident set size of a process in MB (Linux /proc). */
export function rssMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the samples. */
export function sampleRss(pid, everyMs = 100) {
  const samples = [];
  const timer = setInterval(() => samples.push({ at: Date.now(), mb: rssMb(pid) }), everyMs);
  return { stop: () => (clearInterval(timer), samples) };
}

/**
 * Runs one streamed request and times it: time to the first content event and the gaps between events.
 * `isContent` tells a content event from framing (role chunk, message_start, …).
 */
export async function timedStream(url, headers, body, dispatcher, isContent) {
  const started = performance.now();
  const response = await request(url, { method: 'POST', headers, body: JSON.stringify(body), dispatcher });
  let firstContent = null;
  let last = null;
  const gaps = [];
  let contentEvents = 0;
  let buffer = '';
  for await (const chunk of response.body) {
    const now = performance.now();
    buffer += chunk.toString('utf8');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!isContent(block)) continue;
      contentEvents += 1;
      if (firstContent === null) firstContent = now;
      if (last !== null) gaps.push(now - last);
      last = now;
    }
  }
  return {
    status: response.statusCode,
    ttft: firstContent === null ? NaN : firstContent - started,
    gaps,
    contentEvents,
  };
}

/**
 * Time from sending a streamed request to its first content event; the stream is then dropped. Run one at a
 * time, this is what a proxy adds to the first token, without the queueing of a burst of starts.
 */
export async function firstToken(url, headers, body, dispatcher, isContent) {
  const started = performance.now();
  const response = await request(url, { method: 'POST', headers, body: JSON.stringify(body), dispatcher });
  let buffer = '';
  try {
    for await (const chunk of response.body) {
      const now = performance.now();
      buffer += chunk.toString('utf8');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (isContent(block)) return now - started;
      }
    }
    return NaN;
  } finally {
    response.body.destroy();
  }
}

export const isOpenAiContent = (block) => block.includes('"content":" t');
export const isAnthropicContent = (block) => block.includes('text_delta');
