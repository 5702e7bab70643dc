#!/usr/bin/env node
// The CLI is bundled by `npm run build:gateway` (run automatically by npm install / npm ci) into one
// CommonJS script. It is compiled here with a V8 code cache kept next to it, written after the first start:
// compiling 3 MB of JavaScript is a good part of `gatehouse serve`'s start-up (docs/benchmarks.md), and
// Node 20 has no compile cache of its own.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
if (script.cachedDataRejected !== false) {
  // Written once start-up has compiled what it runs; a command that ends sooner writes it as it exits.
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    saveCodeCache();
  };
  setTimeout(save, 3000).unref();
  process.once('exit', save);
}
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
  const source = fs.readFileSync(bundle, 'utf8');
  return new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData,
  });
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
