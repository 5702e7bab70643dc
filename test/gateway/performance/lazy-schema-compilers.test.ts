import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { lazySchemaCompilers } from '../../../src/gateway/schema-compilers';

// Schemas compile on a route's first use; everything a caller sees must be what Fastify's defaults do.
let app: FastifyInstance;

afterEach(() => app?.close());

function build(): FastifyInstance {
  app = Fastify({ schemaController: { compilersFactory: lazySchemaCompilers() } });
  app.post(
    '/things',
    {
      schema: {
        body: Type.Object({ name: Type.String(), count: Type.Optional(Type.Integer({ minimum: 1 })) }),
        headers: Type.Object({ 'X-Team': Type.String() }),
        response: { 200: Type.Object({ name: Type.String(), count: Type.Integer() }) },
      },
    },
    async (request) => ({ ...(request.body as object), count: 2, secret: 'not in the schema' }),
  );
  return app;
}

describe('lazy schema compilers', () => {
  it('validates bodies and serialises responses as declared', async () => {
    build();
    const ok = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'x-team': 'blue' },
      payload: { name: 'a' },
    });
    expect(ok.statusCode).toBe(200);
    // The response schema decides what goes out: the extra field is dropped.
    expect(ok.json()).toEqual({ name: 'a', count: 2 });

    const bad = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'x-team': 'blue' },
      payload: { name: 5, count: 0 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/body\/(name|count) must be/);
  });

  it('matches header names case-insensitively, as Fastify does', async () => {
    build();
    const missing = await app.inject({ method: 'POST', url: '/things', payload: { name: 'a' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toMatch(/headers must have required property 'x-team'/);
    const sent = await app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'X-Team': 'blue' },
      payload: { name: 'a' },
    });
    expect(sent.statusCode).toBe(200);
  });

  it('keeps the first compile for later requests', async () => {
    build();
    for (let index = 0; index < 3; index += 1) {
      const response = await app.inject({
        method: 'POST',
        url: '/things',
        headers: { 'x-team': 'blue' },
        payload: { name: `n${index}` },
      });
      expect(response.json()).toEqual({ name: `n${index}`, count: 2 });
    }
  });
});
