#!/usr/bin/env node
// The CLI is bundled by `npm run build:gateway` (run automatically by npm install / npm ci) into one
// CommonJS module, written already wrapped in its module function. It is compiled here with a V8 code cache
// kept next to it, written after the first start: compiling 3 MB of JavaScript is a good part of
// `gatehouse serve`'s start-up (docs/benchmarks.md), and Node 20 has no compile cache of its own.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

const bundle = fileURLToPath(new URL('../dist/gateway/cli.cjs', import.meta.url));
let built;
try {
  built = fs.statSync(bundle, { bigint: true });
} catch {
  console.error('gatehouse: the CLI is not built yet; run `npm run build:gateway` in the Gatehouse folder.');
  process.exit(1);
}
const folder = path.dirname(bundle);
// Named after this build of the bundle and this Node: a cache made for other code is never even read.
const cacheFile = `${bundle}.${process.version}-${process.arch}-${built.size}-${built.mtimeNs}.cache`;
const script = compile();
const cacheRejected = script.cachedDataRejected !== false;
// Start-up keeps most of what it allocates (modules, schemas, routes). V8 doubles its young generation at
// each scavenge that sees that much survive, up to 16 MB that then stays committed while the gateway idles,
// for objects promoted to the old generation anyway: start-up keeps the initial size (after compiling, as
// the code cache is checked against the V8 flags; about 4 MB less idle RSS, docs/benchmarks.md).
v8.setFlagsFromString('--semi-space-growth-factor=1');
let startupOver = false;
const endStartup = () => {
  if (startupOver) return;
  startupOver = true;
  // V8's default again: serving requests makes short-lived garbage that a bigger young generation absorbs.
  v8.setFlagsFromString('--semi-space-growth-factor=2');
  // Written once start-up has compiled what it runs, with the default flags it will be checked against.
  if (cacheRejected) saveCodeCache();
};
setTimeout(endStartup, 3000).unref();
// A command that ends sooner writes the cache as it exits.
process.once('exit', endStartup);
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, folder);

/** Nothing here keeps the source text or the cache bytes: V8 holds what it needs. */
function compile() {
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // The first start after a build.
  }
  // Already wrapped by the build: wrapping it here would keep a second 3 MB copy until a full GC.
  const source = fs.readFileSync(bundle, 'utf8');
  if (!source.startsWith('(function (exports, require, module, __filename, __dirname) {')) {
    console.error('gatehouse: the CLI was built by an older version; run `npm run build:gateway` again.');
    process.exit(1);
  }
  return new vm.Script(source, { filename: bundle, cachedData });
}

function saveCodeCache() {
  try {
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, script.createCachedData());
    fs.renameSync(temporary, cacheFile);
    for (const name of fs.readdirSync(folder)) {
      const file = path.join(folder, name);
      if (name.startsWith('cli.cjs.') && name.endsWith('.cache') && file !== cacheFile)
        fs.rmSync(file, { force: true });
    }
  } catch {
    // A read-only install runs without the cache, only slower to start.
  }
}
