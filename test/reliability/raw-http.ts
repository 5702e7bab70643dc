import net from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON, or null when it is not JSON. */
  json: Record<string, unknown> | null;
}

/**
 * Sends bytes an HTTP client would refuse to send (oversized or broken headers, conflicting framing,
 * invalid UTF-8) over a plain TCP socket and parses the first answer. The socket is closed after it.
 */
export function rawHttp(url: string, bytes: Buffer | string, timeoutMs = 10_000): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      const parsed = parseAnswer(Buffer.concat(chunks));
      if (!parsed) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parsed);
    };
    const timer = setTimeout(() => {
      settled = true;
      socket.destroy();
      reject(
        new Error(`no complete answer within ${timeoutMs} ms: ${Buffer.concat(chunks).toString('latin1')}`),
      );
    }, timeoutMs);
    socket.on('connect', () => {
      // The server may answer (and close) before it has read everything: that is fine, the answer counts.
      socket.write(bytes, () => undefined);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      finish();
    });
    socket.on('end', finish);
    socket.on('close', () => {
      finish();
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(new Error(`connection closed without an answer: ${Buffer.concat(chunks).toString('latin1')}`));
      }
    });
    // A reset after the answer arrived is the server closing on a request it refused; only lack of an answer counts.
    socket.on('error', () => undefined);
  });
}

/** One HTTP/1.1 response from the start of `data`, or null while it is incomplete. */
function parseAnswer(data: Buffer): RawAnswer | null {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? NaN);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let rest = data.subarray(end + 4);
  let body: Buffer;
  if (headers['transfer-encoding']?.includes('chunked')) {
    const decoded = dechunk(rest);
    if (!decoded) return null;
    body = decoded;
  } else if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (rest.length < length) return null;
    body = rest.subarray(0, length);
  } else {
    body = rest;
    rest = Buffer.alloc(0);
  }
  const text = body.toString('utf8');
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status, headers, body: text, json };
}

function dechunk(data: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) return null;
    const size = parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) return null;
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (data.length < start + size + 2) return null;
    parts.push(data.subarray(start, start + size));
    offset = start + size + 2;
  }
}

/** A request's bytes: request line, headers (joined as given, so they may be broken on purpose), body. */
export function rawRequestBytes(
  method: string,
  path: string,
  headers: string[],
  body: Buffer | string = '',
): Buffer {
  const head = [`${method} ${path} HTTP/1.1`, ...headers, '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), typeof body === 'string' ? Buffer.from(body) : body]);
}
