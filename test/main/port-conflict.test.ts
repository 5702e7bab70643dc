import net from 'node:net';
import type { MessageBoxOptions } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { readDesktopSettings, writeDesktopSettings } from '../../src/main/desktop-settings';
import { findFreePort, isPortFree } from '../../src/main/free-port';
import {
  PortChoiceDeclined,
  QUIT_BUTTON,
  USE_OTHER_PORT_BUTTON,
  startWithPortFallback,
} from '../../src/main/port-conflict';
import { startGateway, type RunningGateway } from '../../src/gateway/start-gateway';
import { tempDir } from '../helpers/gateway-harness';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Another program holding a port on 127.0.0.1. */
async function occupyPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}

/** The desktop's flow over the real gateway, with the dialog answered by `button`. */
async function launch(dataDir: string, button: number) {
  const dialogs: MessageBoxOptions[] = [];
  const started: number[] = [];
  const result = await startWithPortFallback<RunningGateway>({
    port: readDesktopSettings(dataDir).settings.port,
    start: (port) => {
      started.push(port);
      return startGateway({ dataDir, port, host: '127.0.0.1' });
    },
    findFreePort: (busyPort) => findFreePort(busyPort),
    ask: async (dialog) => {
      dialogs.push(dialog);
      return button;
    },
    remember: (port) => writeDesktopSettings(dataDir, { port }),
  });
  cleanups.push(() => result.gateway.close());
  return { result, dialogs, started };
}

describe('port conflict at start', () => {
  it('offers another free port, starts there, and remembers it for the next launch', async () => {
    const busyPort = await occupyPort();
    const dataDir = tempDir();
    writeDesktopSettings(dataDir, { port: busyPort });

    const { result, dialogs, started } = await launch(dataDir, USE_OTHER_PORT_BUTTON);

    expect(dialogs).toHaveLength(1);
    const [dialog] = dialogs;
    expect(dialog?.message).toBe(`Port ${busyPort} is already in use`);
    expect(dialog?.buttons).toEqual([`Use port ${result.port}`, 'Quit']);
    expect(dialog?.cancelId).toBe(QUIT_BUTTON);
    expect(result.port).not.toBe(busyPort);
    expect(started).toEqual([busyPort, result.port]);

    const health = await fetch(`${result.gateway.url}/health`);
    expect(health.status).toBe(200);
    expect(result.gateway.url).toBe(`http://127.0.0.1:${result.port}`);
    expect(readDesktopSettings(dataDir).settings.port).toBe(result.port);
  });

  it('quits without starting anything when the user chooses Quit, keeping the saved port', async () => {
    const busyPort = await occupyPort();
    const dataDir = tempDir();
    writeDesktopSettings(dataDir, { port: busyPort });

    await expect(launch(dataDir, QUIT_BUTTON)).rejects.toBeInstanceOf(PortChoiceDeclined);
    expect(readDesktopSettings(dataDir).settings.port).toBe(busyPort);
  });

  it('asks nothing when the port is free', async () => {
    const dataDir = tempDir();
    const freePort = await findFreePort(await occupyPort());
    writeDesktopSettings(dataDir, { port: freePort });
    const { result, dialogs } = await launch(dataDir, QUIT_BUTTON);
    expect(dialogs).toEqual([]);
    expect(result.port).toBe(freePort);
  });

  it('rethrows other start failures without a port dialog', async () => {
    const failure = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    let asked = false;
    await expect(
      startWithPortFallback({
        port: 4141,
        start: () => Promise.reject(failure),
        findFreePort: async () => 4142,
        ask: async () => {
          asked = true;
          return USE_OTHER_PORT_BUTTON;
        },
        remember: () => undefined,
      }),
    ).rejects.toBe(failure);
    expect(asked).toBe(false);
  });

  it('asks again when the offered port was taken before the gateway got it, a bounded number of times', async () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    const asked: number[] = [];
    await expect(
      startWithPortFallback({
        port: 4141,
        start: () => Promise.reject(inUse),
        findFreePort: async (busyPort) => busyPort + 1,
        ask: async (dialog) => {
          asked.push(Number(/\d+/.exec(String(dialog.message))?.[0]));
          return USE_OTHER_PORT_BUTTON;
        },
        remember: () => undefined,
      }),
    ).rejects.toBe(inUse);
    expect(asked).toEqual([4141, 4142, 4143]);
  });
});

describe('findFreePort', () => {
  it('offers a neighbouring port that can really be bound', async () => {
    const busyPort = await occupyPort();
    const port = await findFreePort(busyPort);
    expect(port).not.toBe(busyPort);
    expect(await isPortFree(port)).toBe(true);
    expect(await isPortFree(busyPort)).toBe(false);
  });
});
