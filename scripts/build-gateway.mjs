// Bundles the headless gateway CLI into dist/gateway/cli.cjs, its npm dependencies included: one file
// starts several hundred milliseconds sooner than hundreds of node_modules files resolved and compiled one by
// one (docs/benchmarks.md). Native modules (better-sqlite3, keytar) cannot be bundled and stay external,
// loaded from node_modules. The bundle is a CommonJS module, written wrapped in its module function, so that
// bin/gatehouse.js can compile it with a V8 code cache (Node 20 has no compile cache for ES modules).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Packages loaded from node_modules at run time: native addons, and Electron, which the CLI never uses. */
const external = ['better-sqlite3', 'keytar', 'electron'];

/** `import.meta.url` for the sources that look for files next to themselves (pricing table, web UI). */
const importMetaUrl = {
  name: 'gatehouse-import-meta-url',
  setup(builder) {
    builder.onResolve({ filter: /^gatehouse:import-meta-url$/ }, () => ({
      path: 'import-meta-url',
      namespace: 'gatehouse',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'gatehouse' }, () => ({
      contents: "export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
      loader: 'js',
    }));
  },
};

/**
 * undici's cookie helpers read `globalThis.Headers` as the module loads, and that one read makes Node load
 * and run its own copy of undici (fetch): about 3 MB of idle RSS for helpers the gateway never calls.
 * The read moves to the helpers' first call; the check they make is unchanged. When a new undici no
 * longer has this line, the build says so and bundles the file as it is.
 */
const undiciCookiesReadHeadersLate = {
  name: 'gatehouse-undici-cookies-read-headers-late',
  setup(builder) {
    const eager =
      'const brandChecks = webidl.brandCheckMultiple([Headers, globalThis.Headers].filter(Boolean))';
    const late =
      'let brandChecksMade; const brandChecks = (headers) => (brandChecksMade ??= webidl.brandCheckMultiple([Headers, globalThis.Headers].filter(Boolean)))(headers)';
    builder.onLoad({ filter: /[\\/]undici[\\/]lib[\\/]web[\\/]cookies[\\/]index\.js$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (text.includes(eager)) return { contents: text.replace(eager, late), loader: 'js' };
      const warning = `${args.path}: the eager read of globalThis.Headers was not found; idle RSS grows by Node's fetch`;
      return { contents: text, loader: 'js', warnings: [{ text: warning }] };
    });
  },
};

/**
 * undici's index loads all it has as it loads — fetch, WebSocket, the cache stores, the mocks — and the
 * Node built-ins they need (zlib, web streams): about 23 ms of `gatehouse serve`'s start-up in a profile,
 * 30 ms in /health's time on a slow machine (docs/benchmarks.md). The gateway's sources import from 'undici'
 * (for its types) and use its Agent, its errors and parseHeaders: the bundle takes those from their own
 * files, and adds the calls to the dispatcher as undici's index does. Importing anything else from 'undici'
 * fails the build (no matching export), so the list cannot silently fall behind the sources.
 */
const undiciParts = {
  name: 'gatehouse-undici-parts',
  setup(builder) {
    const sources = path.join(root, 'src') + path.sep;
    builder.onResolve({ filter: /^undici$/ }, (args) =>
      args.importer.startsWith(sources) ? { path: 'undici', namespace: 'gatehouse-undici' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'gatehouse-undici' }, () => ({
      resolveDir: root,
      loader: 'js',
      contents: [
        "import Dispatcher from 'undici/lib/dispatcher/dispatcher';",
        "import api from 'undici/lib/api';",
        "import coreUtil from 'undici/lib/core/util';",
        "export { default as Agent } from 'undici/lib/dispatcher/agent';",
        "export { default as errors } from 'undici/lib/core/errors';",
        'Object.assign(Dispatcher.prototype, api);',
        'export const util = { parseHeaders: coreUtil.parseHeaders, headerNameToString: coreUtil.headerNameToString };',
      ].join('\n'),
    }));
  },
};

/** `require(id)` on first use of one of the module's properties. */
const lazyBuiltin = (id) => `new Proxy({}, { get: (_, name) => require(${JSON.stringify(id)})[name] })`;

/**
 * Modules that dependencies require as they load but the gateway never uses unless asked to: Fastify's
 * HTTPS and HTTP/2 (for `https` and `http2` servers) and undici's HTTP/2 client (only when a dispatcher
 * allows H2), built-ins whose compiling was about 18 ms of `gatehouse serve`'s start-up; and glob, which
 * @fastify/static calls only to list a folder up front (`wildcard: false`, not how the web UI is served),
 * about 10 ms with the path library it loads (docs/benchmarks.md). They now load on first use. Like the
 * plugin above, a dependency whose line changed is bundled as it is, with a warning.
 */
const deferredBuiltins = [
  {
    file: /[\\/]@fastify[\\/]static[\\/]index\.js$/,
    replacements: [
      ["const { glob } = require('glob')", "const glob = (...args) => require('glob').glob(...args)"],
    ],
  },
  {
    file: /[\\/]fastify[\\/]lib[\\/]server\.js$/,
    replacements: [
      ["const https = require('node:https')", `const https = ${lazyBuiltin('node:https')}`],
      ["const http2 = require('node:http2')", `const http2 = ${lazyBuiltin('node:http2')}`],
    ],
  },
  {
    file: /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client-h2\.js$/,
    replacements: [
      [
        "http2 = require('node:http2')",
        // The header-name constants the module reads as it loads are plain strings and numbers: written
        // into the bundle here, so that reading them loads nothing.
        `http2 = { constants: ${JSON.stringify((await import('node:http2')).constants)}, connect: (...args) => require('node:http2').connect(...args) }`,
      ],
    ],
  },
];

const deferBuiltins = {
  name: 'gatehouse-defer-builtins',
  setup(builder) {
    for (const { file, replacements } of deferredBuiltins) {
      builder.onLoad({ filter: file }, async (args) => {
        let text = await fs.promises.readFile(args.path, 'utf8');
        const warnings = [];
        for (const [eager, late] of replacements) {
          if (text.includes(eager)) text = text.replace(eager, late);
          else warnings.push({ text: `${args.path}: "${eager}" was not found; it loads at start-up` });
        }
        return { contents: text, loader: 'js', warnings };
      });
    }
  },
};

/** The bundle bin/gatehouse.js compiles; the other entry points are ordinary CommonJS files. */
const cliBundle = path.join(root, 'dist/gateway/cli.cjs');

const result = await build({
  absWorkingDir: root,
  entryPoints: {
    'gateway/cli': 'src/gateway/cli-entry.ts',
    // The log writer's thread (storage/log-writer.ts finds it next to the CLI bundle).
    'gateway/log-writer-worker': 'src/gateway/storage/log-writer-worker.ts',
  },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external,
  plugins: [importMetaUrl, undiciParts, undiciCookiesReadHeadersLate, deferBuiltins],
  inject: ['gatehouse:import-meta-url'],
  define: { 'import.meta.url': 'importMetaUrl' },
  // keytar is imported on demand; a require() does that in a script compiled outside the module loader.
  supported: { 'dynamic-import': false },
  // Whitespace and comments only (names stay, for stack traces and profiles): V8 keeps the source in
  // memory, 3 MB instead of 4.5. `node --enable-source-maps` maps positions back to src/.
  minifyWhitespace: true,
  sourcemap: true,
  logLevel: 'warning',
  write: false,
});

for (const file of result.outputFiles) {
  fs.mkdirSync(path.dirname(file.path), { recursive: true });
  // esbuild escapes non-ASCII characters in code but copies comments as written. One such character makes
  // V8 hold the whole source as a two-byte string: twice the memory for a curly quote in a comment.
  let text = file.path.endsWith('.cjs') ? asciiOnly(file.text) : file.text;
  if (file.path === cliBundle) text = wrappedInModuleFunction(text);
  if (file.path === `${cliBundle}.map`) text = withWrapperLine(text);
  fs.writeFileSync(file.path, text);
}
// The ES-module bundle of earlier versions: bin/gatehouse.js no longer loads it.
fs.rmSync(path.join(root, 'dist/gateway/cli.js'), { force: true });
fs.rmSync(path.join(root, 'dist/gateway/cli.js.map'), { force: true });

/** Writes what is left outside ASCII (comments only) as \u escapes. */
function asciiOnly(text) {
  return text.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The module function around the CLI bundle, as bin/gatehouse.js compiles it. Wrapped at start instead, the
 * 3 MB source stayed in memory twice (the file's text and the wrapped copy) until a full garbage
 * collection, which an idle gateway does not run. The wrapper takes a line of its own, and the source map
 * comment stays last.
 */
function wrappedInModuleFunction(text) {
  const comment = text.lastIndexOf('//# sourceMappingURL=');
  const code = comment === -1 ? text : text.slice(0, comment);
  const tail = comment === -1 ? '' : text.slice(comment);
  // `})` on a line of its own: the code may end in a line comment.
  return `(function (exports, require, module, __filename, __dirname) {\n${code}\n})\n${tail}`;
}

/** The CLI bundle's source map with the wrapper's first line added (mapped to nothing). */
function withWrapperLine(text) {
  const map = JSON.parse(text);
  map.mappings = `;${map.mappings}`;
  return JSON.stringify(map);
}
