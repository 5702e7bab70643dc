import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: repositoryRoot });

/** Lints `code` as if it lived at `filePath` and returns the layer-rule violations. */
async function layerViolations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = [imported];\n`, { filePath });
  if (!result) throw new Error(`ESLint returned no result for ${filePath}`);
  const fatal = result.messages.find((message) => message.fatal);
  if (fatal) throw new Error(`${filePath}: ${fatal.message}`);
  return result.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

interface Case {
  file: string;
  code: string;
}

const rejected: Case[] = [
  { file: 'src/shared/x.ts', code: "import imported from 'node:fs';" },
  { file: 'src/shared/x.ts', code: "import imported from 'path';" },
  { file: 'src/shared/schemas/x.ts', code: "import { readFile as imported } from 'fs/promises';" },
  { file: 'src/shared/x.ts', code: "import { app as imported } from 'electron';" },
  { file: 'src/shared/x.ts', code: "import { useState as imported } from 'react';" },
  { file: 'src/shared/x.ts', code: "import { startGateway as imported } from '../gateway/start-gateway';" },
  {
    file: 'src/shared/x.ts',
    code: "import type { RunningGateway as imported } from '../gateway/start-gateway';",
  },
  { file: 'src/gateway/x.ts', code: "import { app as imported } from 'electron';" },
  { file: 'src/gateway/routes/x.ts', code: "import * as imported from '../../main/index';" },
  { file: 'src/gateway/x.ts', code: "import * as imported from '../renderer/src/app';" },
  { file: 'src/renderer/x.ts', code: "import imported from '../gateway/start-gateway';" },
  {
    file: 'src/renderer/src/app.tsx',
    code: "import { startGateway as imported } from '../../gateway/start-gateway';",
  },
  { file: 'src/renderer/src/app.tsx', code: "import imported from 'node:path';" },
  { file: 'src/renderer/src/app.tsx', code: "import { ipcRenderer as imported } from 'electron';" },
  { file: 'src/renderer/src/app.tsx', code: "import imported from 'better-sqlite3';" },
  { file: 'src/preload/index.ts', code: "import imported from 'node:fs';" },
  { file: 'src/preload/index.ts', code: "import imported from 'react';" },
  { file: 'src/preload/index.ts', code: "import * as imported from '../main/window-options';" },
  { file: 'src/main/index.ts', code: "import * as imported from '../renderer/src/app';" },
];

const accepted: Case[] = [
  { file: 'src/shared/x.ts', code: "import { Type as imported } from 'typebox';" },
  { file: 'src/shared/x.ts', code: "import { LogRecord as imported } from './schemas/log-record';" },
  { file: 'src/gateway/x.ts', code: "import imported from 'node:fs';" },
  { file: 'src/gateway/x.ts', code: "import imported from 'fastify';" },
  {
    file: 'src/gateway/routes/x.ts',
    code: "import { LogRecord as imported } from '../../shared/schemas/log-record';",
  },
  { file: 'src/renderer/src/app.tsx', code: "import { useState as imported } from 'react';" },
  {
    file: 'src/renderer/src/app.tsx',
    code: "import type { GatehouseBridge as imported } from '../../shared/desktop-bridge';",
  },
  { file: 'src/renderer/src/app.tsx', code: "import imported from './pages/gateway/status';" },
  { file: 'src/preload/index.ts', code: "import { contextBridge as imported } from 'electron';" },
  {
    file: 'src/preload/index.ts',
    code: "import type { GatehouseBridge as imported } from '../shared/desktop-bridge';",
  },
  { file: 'src/main/index.ts', code: "import { startGateway as imported } from '../gateway/start-gateway';" },
  { file: 'src/main/index.ts', code: "import { app as imported } from 'electron';" },
];

describe('layer rules (docs/DESIGN.md)', () => {
  it.each(rejected)('$file rejects: $code', async ({ file, code }) => {
    expect(await layerViolations(file, code)).toHaveLength(1);
  });

  it.each(accepted)('$file accepts: $code', async ({ file, code }) => {
    expect(await layerViolations(file, code)).toEqual([]);
  });
});
