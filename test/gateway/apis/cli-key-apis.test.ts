import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli-process';
import { tempDir } from '../../helpers/gateway-harness';

describe('gatehouse keys create --apis', () => {
  it('limits the new key to the listed APIs, and keys list shows them', async () => {
    const dataDir = path.join(tempDir('gatehouse-cli-apis-'), 'data');
    const created = await runCli([
      'keys',
      'create',
      'deploy-bot',
      '--apis',
      'github, stripe',
      '--data-dir',
      dataDir,
    ]);
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toMatch(/^gh_/);
    await runCli(['keys', 'create', 'everything', '--data-dir', dataDir]);
    const listed = await runCli(['keys', 'list', '--data-dir', dataDir]);
    expect(listed.stdout).toMatch(/^deploy-bot\t…\S{4}\tcli\tapis: github,stripe$/m);
    expect(listed.stdout).toMatch(/^everything\t…\S{4}\tcli$/m);
  });

  it('refuses a malformed slug and --apis without create', async () => {
    const dataDir = path.join(tempDir('gatehouse-cli-apis-'), 'data');
    expect((await runCli(['keys', 'create', 'x', '--apis', 'Bad Slug', '--data-dir', dataDir])).code).toBe(2);
    expect((await runCli(['keys', 'list', '--apis', 'github', '--data-dir', dataDir])).code).toBe(2);
  });
});
