import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { stringifySetCookie } from 'cookie';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sessionCookieName } from '../config/admin-credentials';
import { presentedSession } from '../plugins/admin-auth';
import { GatewayErrors } from '../errors/gateway-error';
import { boundPort } from '../plugins/host-guard';
import { requestOriginKind } from '../plugins/origin-guard';

export interface UiOptions {
  /** The built renderer (out/renderer); null serves 503 "UI not built". */
  root: string | null;
}

const rendererIndex = path.join('out', 'renderer', 'index.html');

/** out/renderer next to the running code: the repository root in development, the app bundle when packaged. */
export function findRendererFolder(start: string = fileURLToPath(import.meta.url)): string | null {
  let folder = path.dirname(start);
  for (;;) {
    if (fs.existsSync(path.join(folder, rendererIndex))) return path.join(folder, 'out', 'renderer');
    const parent = path.dirname(folder);
    if (parent === folder) return null;
    folder = parent;
  }
}

export function uiLoginLink(baseUrl: string, code: string): string {
  return `${baseUrl}/ui/login?code=${encodeURIComponent(code)}`;
}

// The UI must not be framed by another site (clickjacking) nor leak its URLs in Referer headers.
const pageHeaders: Record<string, string> = {
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function hardenPage(response: { setHeader(name: string, value: string): unknown }): void {
  for (const [name, value] of Object.entries(pageHeaders)) response.setHeader(name, value);
}

function page(title: string, message: string): string {
  const escape = (text: string) =>
    text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Gatehouse: ${escape(title)}</title></head>
<body style="font-family: system-ui, sans-serif; padding: 2rem; max-width: 40rem">
<h1>${escape(title)}</h1>
<p>${escape(message)}</p>
</body></html>
`;
}

const notSignedIn =
  'Open the one-time link that `gatehouse serve` printed when it started (each link works once, for 10 minutes). ' +
  'For a new link, restart `gatehouse serve`, or POST /admin/ui/login-links with the admin token.';

/** The headless web UI: the renderer build at /ui/, behind a one-time login link and a session cookie. */
export default async function ui(app: FastifyInstance, options: UiOptions): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  typed.get(
    '/ui/login',
    { schema: { querystring: Type.Object({ code: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      reply.headers(pageHeaders);
      const code = request.query.code;
      const sessionId = code ? app.gateway.adminCredentials.redeemLoginCode(code) : null;
      if (sessionId === null) {
        return reply
          .code(401)
          .type('text/html; charset=utf-8')
          .send(page('This login link is used up or not valid', notSignedIn));
      }
      reply.header(
        'set-cookie',
        stringifySetCookie({
          name: sessionCookieName(boundPort(app) ?? 0),
          value: sessionId,
          httpOnly: true,
          sameSite: 'strict',
          path: '/',
        }),
      );
      return reply.redirect('/ui/', 303);
    },
  );

  typed.post('/ui/logout', async (request, reply) => {
    // Another local page (same site, other port) gets the cookie too; it must not sign the user out.
    const kind = requestOriginKind(app, request);
    if (kind !== 'own' && kind !== 'absent')
      throw GatewayErrors.forbidden('Sign out from the Gatehouse UI itself');
    const session = presentedSession(app, request);
    if (session !== null) app.gateway.adminCredentials.endSession(session);
    reply.header(
      'set-cookie',
      stringifySetCookie({
        name: sessionCookieName(boundPort(app) ?? 0),
        value: '',
        path: '/',
        expires: new Date(0),
        maxAge: 0,
      }),
    );
    return reply.code(204).send();
  });

  typed.post(
    '/admin/ui/login-links',
    {
      config: { admin: true },
      schema: { response: { 201: Type.Object({ url: Type.String(), expiresAt: Type.String() }) } },
    },
    async (request, reply) => {
      const { code, expiresAt } = app.gateway.adminCredentials.issueLoginCode();
      // The Host header was checked by host-guard, so it names this gateway.
      const url = uiLoginLink(`${request.protocol}://${request.headers.host}`, code);
      return reply.code(201).send({ url, expiresAt: new Date(expiresAt).toISOString() });
    },
  );

  if (options.root === null) {
    const notBuilt = async (_request: unknown, reply: FastifyReply) =>
      reply.code(503).type('text/plain; charset=utf-8').send('UI not built: run npm run build\n');
    app.get('/ui', notBuilt);
    app.get('/ui/*', notBuilt);
    return;
  }

  const root = options.root;
  await app.register(async (pages) => {
    pages.addHook('onRequest', async (request, reply) => {
      const session = presentedSession(app, request);
      if (session !== null && app.gateway.adminCredentials.verifySession(session)) return;
      reply.headers(pageHeaders);
      return reply.code(401).type('text/html; charset=utf-8').send(page('Sign in to Gatehouse', notSignedIn));
    });
    await pages.register(fastifyStatic, {
      root,
      prefix: '/ui',
      redirect: true,
      decorateReply: false,
      setHeaders: hardenPage,
    });
  });
}
