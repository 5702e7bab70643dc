import { configDefaults, defineConfig } from 'vitest/config';

// The keychain suite needs a Secret Service session, which scripts/run-keychain-tests.sh starts; it runs only
// when asked for by path (`npm run test:keychain` is `vitest run test/keychain`).
const keychainRun = process.argv.some((arg) =>
  arg.replace(/\\/g, '/').replace(/^\.\//, '').startsWith('test/keychain'),
);

export default defineConfig({
  test: {
    // Native modules (better-sqlite3) are safest in child processes, one per file.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    environment: 'node',
    exclude: keychainRun ? configDefaults.exclude : [...configDefaults.exclude, 'test/keychain/**'],
    // Other suites never touch the developer's own keychain (a locked one would prompt for every gateway).
    env: keychainRun ? {} : { GATEHOUSE_NO_KEYCHAIN: '1' },
  },
});
