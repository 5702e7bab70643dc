// Bundles the headless gateway CLI into dist/gateway/cli.js. npm dependencies stay external (native
// modules such as better-sqlite3 must be loaded from node_modules).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: { 'gateway/cli': 'src/gateway/cli-entry.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
