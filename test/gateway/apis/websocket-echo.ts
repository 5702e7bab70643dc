import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** One server frame (unmasked, FIN set). */
export function serverFrame(opcode: number, payload: Buffer): Buffer {
  const header =
    payload.length < 126
      ? Buffer.from([0x80 | opcode, payload.length])
      : Buffer.from([0x80 | opcode, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, payload]);
}

/**
 * A minimal RFC 6455 upstream for tests: accepts the upgrade (choosing the first offered subprotocol),
 * greets with the Authorization it received, and echoes each text frame back as "echo:<text>". Handles
 * masked client frames up to 64 KiB, which is all the tests send.
 */
export function acceptEchoUpgrade(request: IncomingMessage, socket: Duplex): void {
  const accept = createHash('sha1').update(`${request.headers['sec-websocket-key']}${GUID}`).digest('base64');
  const protocol = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')[0]
    ?.trim();
  socket.write(
    [
      'HTTP/1.1 101 Switching Protocols',
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Accept: ${accept}`,
      ...(protocol ? [`Sec-WebSocket-Protocol: ${protocol}`] : []),
      '',
      '',
    ].join('\r\n'),
  );
  socket.write(serverFrame(1, Buffer.from(`auth:${request.headers.authorization ?? ''}`)));
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (pending.length < 2) return;
      const opcode = pending[0]! & 0x0f;
      let length = pending[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        offset = 4;
      }
      if (pending.length < offset + 4 + length) return;
      const mask = pending.subarray(offset, offset + 4);
      const payload = Buffer.from(pending.subarray(offset + 4, offset + 4 + length));
      for (let index = 0; index < payload.length; index += 1) payload[index]! ^= mask[index % 4]!;
      pending = pending.subarray(offset + 4 + length);
      if (opcode === 8) {
        socket.end(serverFrame(8, payload.subarray(0, 2)));
        return;
      }
      if (opcode === 1) socket.write(serverFrame(1, Buffer.from(`echo:${payload.toString('utf8')}`)));
    }
  });
  socket.on('error', () => undefined);
}
