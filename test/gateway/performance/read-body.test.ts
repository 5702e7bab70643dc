import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/gateway/errors/gateway-error';
import { readBodyLimited } from '../../../src/gateway/upstream/read-body';

describe('readBodyLimited', () => {
  it('joins the chunks of a body, multi-byte characters split across chunks included', async () => {
    const bytes = Buffer.from('{"text":"héllo wörld"}');
    const body = Readable.from([bytes.subarray(0, 11), bytes.subarray(11)]);
    await expect(readBodyLimited(body, 1024, 'Upstream x')).resolves.toBe('{"text":"héllo wörld"}');
  });

  it('refuses a body over the limit and stops reading it', async () => {
    const body = new PassThrough();
    const read = readBodyLimited(body, 10, 'Upstream x');
    body.write(Buffer.alloc(8));
    body.write(Buffer.alloc(8));
    const error = await read.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).message).toBe('Upstream x sent a body larger than 10 bytes');
    expect(body.destroyed).toBe(true);
  });

  it('passes on the error a body fails with', async () => {
    const body = new PassThrough();
    const read = readBodyLimited(body, 1024, 'Upstream x');
    body.write('{"partial":');
    body.destroy(new Error('socket hang up'));
    await expect(read).rejects.toThrow('socket hang up');
  });

  it('reports a body closed before its end as a premature close', async () => {
    const body = new PassThrough();
    const read = readBodyLimited(body, 1024, 'Upstream x');
    body.write('{"partial":');
    body.destroy();
    await expect(read).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('reads a body that already ended', async () => {
    const body = Readable.from([]);
    await new Promise((resolve) => body.on('end', resolve).resume());
    await expect(readBodyLimited(body, 1024, 'Upstream x')).resolves.toBe('');
  });
});
