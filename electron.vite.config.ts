import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const fromRoot = (relativePath: string): string => fileURLToPath(new URL(relativePath, import.meta.url));

// Native addons cannot be bundled; everything else (fastify, our src/gateway, …) is, so the packaged
// app ships without a node_modules tree apart from these.
const nativeModules = ['better-sqlite3', 'keytar'];
const nativeExternals = nativeModules.flatMap((name) => [name, new RegExp(`^${name}/`)]);

/**
 * index.html carries a strict CSP for the built app. In dev, Vite injects an inline React Refresh
 * preamble and talks to its HMR server over a WebSocket, so the dev server relaxes just those two.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'gatehouse:relax-csp-for-dev-server',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace('connect-src ', 'connect-src ws://localhost:* ws://127.0.0.1:* ');
    },
  };
}

export default defineConfig({
  main: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: fromRoot('src/main/index.ts') },
        external: nativeExternals,
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: fromRoot('src/preload/index.ts') },
        // Sandboxed preload scripts must be a single CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: fromRoot('src/renderer'),
    // Relative asset URLs let the same build load from file:// in Electron and from the gateway's /ui/.
    base: './',
    build: {
      outDir: fromRoot('out/renderer'),
      rolldownOptions: { input: fromRoot('src/renderer/index.html') },
    },
    plugins: [react(), relaxCspForDevServer()],
  },
});
