import { execFileSync } from 'node:child_process';

/** Tests that spawn `bin/gatehouse.js` need the CLI bundle to match the sources. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-gateway.mjs'], { stdio: 'inherit' });
}
