// Type-only electron import: this module stays loadable in plain Node for unit tests.
import type { MessageBoxOptions } from 'electron';

/** The user chose "Quit" when the port was taken. */
export class PortChoiceDeclined extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} is in use and no other port was chosen.`);
    this.name = 'PortChoiceDeclined';
  }
}

export const USE_OTHER_PORT_BUTTON = 0;
export const QUIT_BUTTON = 1;

/** Tries after the first conflict, so a port that is taken again between offer and start cannot loop forever. */
const MAX_CONFLICTS = 3;

export function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}

/** The question shown when the configured port is taken. */
export function portConflictDialog(busyPort: number, freePort: number): MessageBoxOptions {
  return {
    type: 'warning',
    title: 'Port in use',
    message: `Port ${busyPort} is already in use`,
    detail:
      `Another program (perhaps another Gatehouse) is listening on 127.0.0.1:${busyPort}, so the gateway cannot start there.\n\n` +
      `Gatehouse can use port ${freePort} instead and remember it. Tools pointed at http://127.0.0.1:${busyPort} ` +
      `then need the new address, http://127.0.0.1:${freePort}.`,
    buttons: [`Use port ${freePort}`, 'Quit'],
    defaultId: USE_OTHER_PORT_BUTTON,
    cancelId: QUIT_BUTTON,
    noLink: true,
  };
}

export interface PortFallbackOptions<G> {
  port: number;
  /** Starts the gateway on a port; rejects with code EADDRINUSE when it is taken. */
  start(port: number): Promise<G>;
  findFreePort(busyPort: number): Promise<number>;
  /** Shows the dialog and resolves to the index of the button pressed. */
  ask(dialog: MessageBoxOptions): Promise<number>;
  /** Saves the port the user accepted once the gateway runs there, so the next launch starts there. */
  remember(port: number): void;
}

export interface PortFallbackResult<G> {
  gateway: G;
  port: number;
}

/**
 * Starts on the configured port; when it is taken, offers a free one and starts there if the user
 * agrees. Any other start failure is rethrown untouched; "Quit" rejects with PortChoiceDeclined.
 */
export async function startWithPortFallback<G>(
  options: PortFallbackOptions<G>,
): Promise<PortFallbackResult<G>> {
  let port = options.port;
  for (let conflicts = 0; ; conflicts += 1) {
    let gateway: G;
    try {
      gateway = await options.start(port);
    } catch (error) {
      if (!isAddressInUse(error) || conflicts >= MAX_CONFLICTS) throw error;
      const freePort = await options.findFreePort(port);
      const choice = await options.ask(portConflictDialog(port, freePort));
      if (choice !== USE_OTHER_PORT_BUTTON) throw new PortChoiceDeclined(port);
      port = freePort;
      continue;
    }
    // Remembered only once the gateway is up there, so a failed start leaves the old setting.
    if (port !== options.port) options.remember(port);
    return { gateway, port };
  }
}
