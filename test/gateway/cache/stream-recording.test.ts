import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replayEvents, StreamRecorder } from '../../../src/gateway/cache/stream-recording';
import type { RecordedEvent } from '../../../src/gateway/cache/cache-store';
import { formatSseEvent } from '../../../src/gateway/sse/sse-writer';

const events: RecordedEvent[] = [
  { event: 'message_start', data: '{"type":"message_start","text":"héllo ✓"}' },
  { data: '{"choices":[{"delta":{"content":"a\\nb"}}]}' },
  { event: 'message_stop', data: '{"type":"message_stop"}' },
  { data: '[DONE]' },
];
const wire = events.map((event) => formatSseEvent(event.data, event.event)).join('');

async function record(chunks: Buffer[], maxBytes = 1 << 20) {
  const recorder = new StreamRecorder(maxBytes);
  const passed = await text(Readable.from(chunks).pipe(recorder));
  return { recorder, passed };
}

describe('stream recording', () => {
  it('passes the stream through untouched and keeps its events, however the bytes were split', async () => {
    const bytes = Buffer.from(`: keep-alive\n\n${wire}`);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }),
        async (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
          const chunks = points.slice(1).map((end, index) => bytes.subarray(points[index], end));
          const { recorder, passed } = await record(chunks);
          expect(passed).toBe(bytes.toString());
          expect(recorder.complete).toBe(true);
          expect(recorder.events).toEqual(events);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('replays recorded events as the same SSE text', async () => {
    expect(await text(replayEvents(events))).toBe(wire);
  });

  it('gives up recording, not relaying, when the stream outgrows the cap', async () => {
    const { recorder, passed } = await record([Buffer.from(wire)], 40);
    expect(passed).toBe(wire);
    expect(recorder.overflowed).toBe(true);
    expect(recorder.events).toEqual([]);
  });
});
