import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  GatewayController,
  type ControlledGateway,
  type GatewayStatus,
} from '../../src/main/gateway-controller';
import { startGateway, type RunningGateway } from '../../src/gateway/start-gateway';
import { tempDir } from '../helpers/gateway-harness';

const controllers: GatewayController<ControlledGateway>[] = [];
afterEach(async () => {
  for (const controller of controllers.splice(0)) await controller.close();
});

function track<G extends ControlledGateway>(controller: GatewayController<G>): GatewayController<G> {
  controllers.push(controller as unknown as GatewayController<ControlledGateway>);
  return controller;
}

function recordStatuses(controller: GatewayController<ControlledGateway>): GatewayStatus[] {
  const statuses: GatewayStatus[] = [];
  controller.onChange((state) => statuses.push(state.status));
  return statuses;
}

/** Whether anything answers at `url` (a paused gateway refuses the connection). */
async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`);
    return response.status === 200;
  } catch {
    return false;
  }
}

describe('GatewayController over the real gateway', () => {
  it('pause really closes the server and resume opens it again at the same address', async () => {
    const dataDir = tempDir();
    const controller = track(
      new GatewayController<RunningGateway>({
        port: 0,
        start: (port) => startGateway({ dataDir, port, host: '127.0.0.1' }),
      }),
    );
    const statuses = recordStatuses(controller as unknown as GatewayController<ControlledGateway>);

    const first = await controller.start();
    expect(controller.state).toEqual({ status: 'running', url: first.url, error: null });
    expect(await answers(first.url)).toBe(true);

    await controller.pause();
    expect(controller.state).toEqual({ status: 'paused', url: first.url, error: null });
    expect(controller.gateway).toBeUndefined();
    expect(await answers(first.url)).toBe(false);

    const second = await controller.resume();
    expect(second).not.toBe(first);
    expect(second.url).toBe(first.url);
    expect(await answers(first.url)).toBe(true);
    expect(statuses).toEqual(['starting', 'running', 'pausing', 'paused', 'starting', 'running']);
  });
});

/** A gateway double whose start can be made to fail and whose close is recorded. */
function fakeGateways() {
  const log: string[] = [];
  let failNext: Error | undefined;
  return {
    log,
    failNextStart(error: Error) {
      failNext = error;
    },
    async start(port: number): Promise<ControlledGateway> {
      log.push(`start ${port}`);
      if (failNext) {
        const error = failNext;
        failNext = undefined;
        throw error;
      }
      const actualPort = port === 0 ? 5000 : port;
      return {
        url: `http://127.0.0.1:${actualPort}`,
        port: actualPort,
        close: async () => {
          log.push(`close ${actualPort}`);
        },
      };
    },
  };
}

describe('GatewayController state', () => {
  it('reports a failed start as an error the tray can show, and a later resume recovers', async () => {
    const gateways = fakeGateways();
    const controller = track(new GatewayController({ port: 4141, start: gateways.start }));
    gateways.failNextStart(new Error('listen EADDRINUSE: address already in use 127.0.0.1:4141'));

    await expect(controller.start()).rejects.toThrow(/EADDRINUSE/);
    expect(controller.state).toEqual({
      status: 'error',
      url: null,
      error: 'listen EADDRINUSE: address already in use 127.0.0.1:4141',
    });

    await controller.resume();
    expect(controller.state.status).toBe('running');
    expect(gateways.log).toEqual(['start 4141', 'start 4141']);
  });

  it('runs a pause clicked during a start after the start, never in the middle of it', async () => {
    const gateways = fakeGateways();
    const controller = track(new GatewayController({ port: 4141, start: gateways.start }));
    const started = controller.start();
    const paused = controller.pause();
    await Promise.all([started, paused]);
    expect(gateways.log).toEqual(['start 4141', 'close 4141']);
    expect(controller.state.status).toBe('paused');
  });

  it('starts once when start is called twice', async () => {
    const gateways = fakeGateways();
    const controller = track(new GatewayController({ port: 4141, start: gateways.start }));
    const [first, second] = await Promise.all([controller.start(), controller.start()]);
    expect(second).toBe(first);
    expect(gateways.log).toEqual(['start 4141']);
  });

  it('closes the gateway on quit and refuses to start again', async () => {
    const gateways = fakeGateways();
    const controller = new GatewayController({ port: 4141, start: gateways.start });
    await controller.start();
    await controller.close();
    expect(gateways.log).toEqual(['start 4141', 'close 4141']);
    expect(controller.state.status).toBe('closed');
    await expect(controller.resume()).rejects.toThrow(/closed/);
  });

  it('keeps notifying the other listeners when one throws', async () => {
    const gateways = fakeGateways();
    const controller = track(new GatewayController({ port: 4141, start: gateways.start }));
    const unsubscribe = controller.onChange(() => {
      throw new Error('tray destroyed');
    });
    const statuses = recordStatuses(controller);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await controller.start();
    expect(errors).toHaveBeenCalledTimes(2);
    errors.mockRestore();
    unsubscribe();
    expect(statuses).toEqual(['starting', 'running']);
  });

  it('stops notifying a listener once it unsubscribes', async () => {
    const gateways = fakeGateways();
    const controller = track(new GatewayController({ port: 4141, start: gateways.start }));
    const statuses: GatewayStatus[] = [];
    const unsubscribe = controller.onChange((state) => statuses.push(state.status));
    await controller.start();
    unsubscribe();
    await controller.pause();
    expect(statuses).toEqual(['starting', 'running']);
  });

  it('gives up waiting for a stuck close when quitting, and reports a failed one', async () => {
    const stuck = new GatewayController({
      port: 4141,
      start: async () => ({
        url: 'http://127.0.0.1:4141',
        port: 4141,
        close: () => new Promise<void>(() => {}),
      }),
    });
    await stuck.start();
    expect(await stuck.closeWithin(50)).toBe('timed-out');

    const failing = new GatewayController({
      port: 4141,
      start: async () => ({
        url: 'http://127.0.0.1:4141',
        port: 4141,
        close: () => Promise.reject(new Error('disk I/O error')),
      }),
    });
    await failing.start();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await failing.closeWithin(5000)).toBe('failed');
    errors.mockRestore();
    expect(failing.state.status).toBe('closed');

    const gateways = fakeGateways();
    const healthy = new GatewayController({ port: 4141, start: gateways.start });
    await healthy.start();
    expect(await healthy.closeWithin(5000)).toBe('closed');
    expect(gateways.log).toEqual(['start 4141', 'close 4141']);
  });
});
