// Native modules (better-sqlite3, keytar) are compiled for one runtime at a time: Node's ABI for the
// headless gateway and the tests, Electron's for the desktop app. This script switches them when needed:
//   node scripts/native-runtime.mjs node       before tests / `gatehouse serve`
//   node scripts/native-runtime.mjs electron   before `npm start` / `npm run dist`
// The current runtime is remembered in node_modules/.gatehouse-native-runtime so a switch happens only once.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const marker = path.join(root, 'node_modules', '.gatehouse-native-runtime');
const nativeModules = ['better-sqlite3', 'keytar'];
const wanted = process.argv[2];
if (wanted !== 'node' && wanted !== 'electron') {
  console.error('usage: native-runtime.mjs node|electron');
  process.exit(2);
}

// No marker: `npm ci` just built them for the Node that ran it.
const current = fs.existsSync(marker)
  ? fs.readFileSync(marker, 'utf8').trim()
  : `node@${process.versions.node}`;
const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const target = wanted === 'electron' ? `electron@${electronVersion}` : `node@${process.versions.node}`;
if (current === target) process.exit(0);

console.error(`Rebuilding ${nativeModules.join(', ')} for ${target} (was ${current})…`);
const env = { ...process.env };
for (const name of Object.keys(env))
  if (/^npm_config_(runtime|target|disturl|build_from_source)$/i.test(name)) delete env[name];
if (wanted === 'electron') {
  Object.assign(env, {
    npm_config_runtime: 'electron',
    npm_config_target: electronVersion,
    npm_config_disturl: 'https://electronjs.org/headers',
  });
}
execFileSync('npm', ['rebuild', ...nativeModules], { cwd: root, env, stdio: 'inherit' });
fs.writeFileSync(marker, `${target}\n`);
