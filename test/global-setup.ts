import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const RENDERER_INDEX = 'out/renderer/index.html';
// What the renderer bundle is made from: its own sources, the shared schemas it imports, and the build config.
const RENDERER_SOURCES = ['src/renderer', 'src/shared', 'electron.vite.config.ts'];

function newestChange(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestChange(path.join(entry, name)));
  return newest;
}

/** The web UI tests (test/e2e) serve out/renderer; rebuild it only when a source is newer than the build. */
function buildRendererIfStale(): void {
  const built = fs.statSync(RENDERER_INDEX, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built >= Math.max(...RENDERER_SOURCES.map(newestChange))) return;
  try {
    execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  } catch (error) {
    // Only the web UI tests need this build; let them fail on their own instead of every test file.
    console.error(`Building out/renderer failed; the web UI tests will see the old build or none: ${error}`);
  }
}

/** Tests that spawn `bin/gatehouse.js` need the CLI bundle to match the sources. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-gateway.mjs'], { stdio: 'inherit' });
  buildRendererIfStale();
}
