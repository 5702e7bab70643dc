/** What the controller needs from a running gateway (RunningGateway fits; tests pass fakes). */
export interface ControlledGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

export type GatewayStatus = 'stopped' | 'starting' | 'running' | 'pausing' | 'paused' | 'error' | 'closed';

export interface GatewayState {
  status: GatewayStatus;
  /** The address tools use; kept while paused so the tray can still show and copy it. */
  url: string | null;
  /** Why the last start failed (status `error`). */
  error: string | null;
}

export type GatewayStateListener = (state: GatewayState) => void;

export interface GatewayControllerOptions<G extends ControlledGateway> {
  /** The port of the first start; later starts reuse the port the gateway actually got. */
  port: number;
  start(port: number): Promise<G>;
}

/**
 * Owns the in-process gateway's lifecycle: start, pause (close the server and database), resume
 * (start again on the same port) and close on quit. Transitions run one after another, so a pause
 * clicked while a start is under way waits for the start instead of racing it.
 */
export class GatewayController<G extends ControlledGateway> {
  private current: G | undefined;
  private port: number;
  private stateValue: GatewayState = { status: 'stopped', url: null, error: null };
  private readonly listeners = new Set<GatewayStateListener>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: GatewayControllerOptions<G>) {
    this.port = options.port;
  }

  get state(): GatewayState {
    return this.stateValue;
  }

  /** The running gateway; undefined while stopped, paused, failed or closed. */
  get gateway(): G | undefined {
    return this.current;
  }

  /** Calls `listener` on every state change; returns the function that unsubscribes it. */
  onChange(listener: GatewayStateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the gateway (resolves to it, also when it already runs); rejects with the start error. */
  start(): Promise<G> {
    return this.enqueue(async () => {
      if (this.stateValue.status === 'closed') throw new Error('The gateway controller is closed.');
      if (this.current) return this.current;
      this.setState({ status: 'starting', url: this.stateValue.url, error: null });
      try {
        const gateway = await this.options.start(this.port);
        this.current = gateway;
        this.port = gateway.port;
        this.setState({ status: 'running', url: gateway.url, error: null });
        return gateway;
      } catch (error) {
        this.setState({ status: 'error', url: this.stateValue.url, error: describe(error) });
        throw error;
      }
    });
  }

  /** Same as start(): a paused or failed gateway starts again on its port. */
  resume(): Promise<G> {
    return this.start();
  }

  /** Closes the server and database; the URL stops answering until resume(). */
  pause(): Promise<void> {
    return this.enqueue(async () => {
      if (!this.current) return;
      await this.stop();
      this.setState({ status: 'paused', url: this.stateValue.url, error: null });
    });
  }

  /** Closes the gateway for good (app quit); later starts are refused. */
  close(): Promise<void> {
    return this.enqueue(async () => {
      try {
        if (this.current) await this.stop();
      } finally {
        this.setState({ status: 'closed', url: this.stateValue.url, error: null });
      }
    });
  }

  /** close() for quitting: never rejects, and stops waiting after `timeoutMs` so a stuck close cannot block the quit. */
  async closeWithin(timeoutMs: number): Promise<'closed' | 'failed' | 'timed-out'> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timed-out'>((resolve) => {
      timer = setTimeout(() => resolve('timed-out'), timeoutMs);
    });
    try {
      return await Promise.race([this.close().then(() => 'closed' as const), timedOut]);
    } catch (error) {
      console.error('Gateway failed to close cleanly', error);
      return 'failed';
    } finally {
      clearTimeout(timer);
    }
  }

  private async stop(): Promise<void> {
    const gateway = this.current as G;
    this.setState({ status: 'pausing', url: this.stateValue.url, error: null });
    // Forgotten first: even if close() fails half-way, a later start must not reuse it.
    this.current = undefined;
    try {
      await gateway.close();
    } catch (error) {
      this.setState({ status: 'error', url: this.stateValue.url, error: describe(error) });
      throw error;
    }
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private setState(state: GatewayState): void {
    this.stateValue = state;
    for (const listener of this.listeners) {
      // A broken listener (a destroyed tray, say) must not stop the gateway's own bookkeeping.
      try {
        listener(state);
      } catch (error) {
        console.error('Gateway state listener failed', error);
      }
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
