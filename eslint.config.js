// @ts-check
import { builtinModules } from 'node:module';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Layer rules from docs/DESIGN.md ("Processes and folders"), one zone per src/ folder.

const topLevelBuiltins = [...new Set(builtinModules.map((name) => name.split('/')[0]))];
const nodeBuiltins = {
  regex: `^(node:.*|(${topLevelBuiltins.join('|')})(/.*)?)$`,
  caseSensitive: true,
};
const electron = { regex: '^electron(/.*)?$', caseSensitive: true };
const uiLibraries = { regex: '^(react|react-dom|zustand)(/.*)?$', caseSensitive: true };
// npm packages that only work in Node (servers, native addons).
const nodeOnlyPackages = {
  regex: '^(fastify|fastify-plugin|@fastify/.*|better-sqlite3|keytar|undici)(/.*)?$',
  caseSensitive: true,
};

/**
 * Imports that reach another top-level src/ folder: a relative path that climbs out with `../` and
 * then names the folder (`../gateway/x`, `../../../main`), or any path through `src/<folder>`.
 * A same-named subfolder reached without climbing (`./pages/gateway`) stays allowed.
 * @param {string[]} folders
 */
function otherLayers(folders) {
  const names = folders.join('|');
  return { regex: `^((\\.\\./)+|(.*/)?src/)(${names})(/.*)?$`, caseSensitive: true };
}

/**
 * @param {string} folder
 * @param {string} why
 * @param {{ regex: string, caseSensitive: boolean }[]} forbidden
 * @returns {import('eslint').Linter.Config}
 */
function zone(folder, why, forbidden) {
  return {
    name: `gatehouse/layers/${folder}`,
    files: [`src/${folder}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidden.map((pattern) => ({
            ...pattern,
            message: `${why} (docs/DESIGN.md layer rules)`,
          })),
        },
      ],
    },
  };
}

export default defineConfig(
  globalIgnores(['out/', 'dist/', 'node_modules/', 'test-results/', 'resources/', 'coverage/']),
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  zone('shared', 'src/shared is runtime-neutral: no Node, Electron, UI or other src/ layers', [
    nodeBuiltins,
    electron,
    uiLibraries,
    nodeOnlyPackages,
    otherLayers(['gateway', 'main', 'renderer', 'preload']),
  ]),
  zone('gateway', 'src/gateway runs headless: no Electron, DOM/UI or desktop layers', [
    electron,
    uiLibraries,
    otherLayers(['main', 'renderer', 'preload']),
  ]),
  zone(
    'renderer',
    'src/renderer talks to the gateway over HTTP and to the desktop through window.gatehouse',
    [nodeBuiltins, electron, nodeOnlyPackages, otherLayers(['gateway', 'main', 'preload'])],
  ),
  zone('preload', 'src/preload is a sandboxed script: it may import only electron and src/shared', [
    // Allow-list: `electron`, files beside it, and src/shared; everything else is refused.
    { regex: '^(?!electron$|\\./|(\\.\\./)+shared(/|$)).*', caseSensitive: true },
  ]),
  zone('main', 'src/main is Electron glue: it loads the renderer and preload by path, never imports them', [
    uiLibraries,
    otherLayers(['renderer', 'preload']),
  ]),
);
