#!/usr/bin/env node
// The CLI is bundled by `npm run build:gateway` (run automatically by npm install / npm ci).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/gateway/cli.js', import.meta.url));
if (!existsSync(bundle)) {
  console.error('gatehouse: the CLI is not built yet; run `npm run build:gateway` in the Gatehouse folder.');
  process.exit(1);
}
await import(bundle);
