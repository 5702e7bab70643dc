import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

const BIN = path.resolve(__dirname, '../../bin/gatehouse.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `gatehouse …` to completion (the bundle built by the test global setup). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  /** This process's admin token (GATEHOUSE_ADMIN_TOKEN, generated here unless env sets it). */
  adminToken: string;
  /** The data directory's persistent admin token, printed only on the start that created it. */
  createdAdminToken: string | null;
  /** The one-time web UI login link printed at start. */
  loginUrl: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `gatehouse serve` and waits until it has printed its address and UI link. */
export function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const adminToken = env.GATEHOUSE_ADMIN_TOKEN ?? `gha_test_${randomBytes(24).toString('base64url')}`;
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: { ...process.env, ...env, GATEHOUSE_ADMIN_TOKEN: adminToken },
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${output}`)), 15_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      const url = /Gatehouse listening on (http:\/\/\S+)/.exec(output)?.[1];
      const loginUrl = /Open the UI: (\S+)/.exec(output)?.[1];
      if (url && loginUrl) {
        clearTimeout(timer);
        const createdAdminToken = /Admin token \(shown once\): (\S+)/.exec(output)?.[1] ?? null;
        resolve({ child, url, adminToken, createdAdminToken, loginUrl, output: () => output, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}
