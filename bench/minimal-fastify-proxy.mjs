// A reference point, not a product: the least a Fastify + undici gateway does on the fast path (parse the
// JSON body, swap the model name, forward on a pooled connection, read the answer whole and parse it, relay
// it). No auth, limits, logging or cost. What is left between it and Gatehouse is Gatehouse's own work.
import Fastify from 'fastify';
import { Agent } from 'undici';

export async function startMinimalFastifyProxy(upstreamPort) {
  const agent = new Agent({ keepAliveTimeout: 30_000, connect: { noDelay: true } });
  const origin = `http://127.0.0.1:${upstreamPort}`;
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, bytes, done) => {
    const text = bytes.toString('utf8');
    request.rawBody = text;
    done(null, JSON.parse(text));
  });
  app.post('/v1/chat/completions', async (request, reply) => {
    const model = String(request.body.model);
    const body = request.rawBody.replace(model, model.replace(/^[^/]+\//, ''));
    const response = await agent.request({
      origin,
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await response.body.text();
    JSON.parse(text);
    return reply.code(response.statusCode).header('content-type', 'application/json').send(text);
  });
  app.server.on('connection', (socket) => socket.setNoDelay(true));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app.server;
}
