import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatChunks } from '../../helpers/mock-openai';
import { GATEWAY_KEY, startHarness, type Harness } from '../../helpers/gateway-harness';

// A separate process that streams a chat and says when the first bytes arrived, so the test can kill it.
const CLIENT = `
const response = await fetch(process.argv[1], {
  method: 'POST',
  headers: { authorization: 'Bearer ${GATEWAY_KEY}', 'content-type': 'application/json' },
  body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'long story' }], stream: true }),
});
console.log('request-id ' + response.headers.get('x-gatehouse-request-id'));
const reader = response.body.getReader();
await reader.read();
console.log('first-chunk');
await new Promise(() => {});
`;

describe('a client killed mid-stream', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => harness.stop());

  it('closes the upstream request and logs the request as cancelled', async () => {
    const pieces = Array.from({ length: 200 }, (_, index) => ` word${index}`);
    harness.mock.chat = { kind: 'sse', events: chatChunks(pieces), gapMs: 20 };
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', CLIENT, `${harness.gateway.url}/v1/chat/completions`],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (data: Buffer) => {
        output += data.toString();
        if (output.includes('first-chunk')) resolve();
      });
      child.on('exit', () => reject(new Error(`client exited early: ${output}`)));
    });
    child.kill('SIGKILL');
    const id = /request-id (\S+)/.exec(output)![1]!;

    const deadline = Date.now() + 5_000;
    while (harness.mock.abortedStreams === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(harness.mock.abortedStreams).toBe(1);

    const row = await harness.logRow(id);
    expect(row).toMatchObject({ outcome: 'cancelled', status: 499, stream: true });
  });
});
