// Pure: gateway state in, tray tooltip and menu descriptors out. tray.ts turns them into Electron objects.
import type { GatewayState } from './gateway-controller';

export type TrayAction = 'open' | 'copy-url' | 'pause' | 'resume' | 'toggle-start-at-login' | 'quit';

export type TrayMenuItem =
  | { kind: 'separator' }
  | { kind: 'label'; label: string }
  | { kind: 'action'; label: string; action: TrayAction; enabled: boolean }
  | { kind: 'checkbox'; label: string; action: TrayAction; checked: boolean; enabled: boolean };

/** Which tray icon to show: a green, grey or red mark. */
export type TrayIcon = 'running' | 'paused' | 'error';

export interface TrayModel {
  tooltip: string;
  icon: TrayIcon;
  menu: TrayMenuItem[];
}

export interface TrayInput {
  state: GatewayState;
  /** Requests logged today; null when unknown (the database has not been read yet). */
  requestsToday: number | null;
  /** Whether Gatehouse starts at login; null where the platform offers no way to set it. */
  startAtLogin: boolean | null;
}

// Windows cuts tray tooltips at 127 characters; a long error message must not push out the status.
const MAX_TOOLTIP_LENGTH = 127;

export function trayModel(input: TrayInput): TrayModel {
  const { state } = input;
  const menu: TrayMenuItem[] = [{ kind: 'label', label: statusLine(state) }];
  if (input.requestsToday !== null) menu.push({ kind: 'label', label: requestsLine(input.requestsToday) });
  menu.push(
    { kind: 'separator' },
    { kind: 'action', label: 'Open Gatehouse', action: 'open', enabled: true },
    { kind: 'action', label: 'Copy URL', action: 'copy-url', enabled: state.url !== null },
    pauseItem(state),
  );
  if (input.startAtLogin !== null) {
    menu.push(
      { kind: 'separator' },
      {
        kind: 'checkbox',
        label: 'Start at login',
        action: 'toggle-start-at-login',
        checked: input.startAtLogin,
        enabled: true,
      },
    );
  }
  menu.push(
    { kind: 'separator' },
    { kind: 'action', label: 'Quit Gatehouse', action: 'quit', enabled: true },
  );
  return { tooltip: tooltip(input), icon: iconFor(state), menu };
}

function statusLine(state: GatewayState): string {
  switch (state.status) {
    case 'running':
      return `Running on ${state.url}`;
    case 'starting':
      return 'Starting…';
    case 'pausing':
      return 'Pausing…';
    case 'paused':
      return 'Paused: not accepting requests';
    case 'error':
      return `Stopped: ${state.error ?? 'the gateway failed'}`;
    case 'stopped':
    case 'closed':
      return 'Stopped';
  }
}

function pauseItem(state: GatewayState): TrayMenuItem {
  if (state.status === 'running') {
    return { kind: 'action', label: 'Pause gateway', action: 'pause', enabled: true };
  }
  const canResume = state.status === 'paused' || state.status === 'error' || state.status === 'stopped';
  return { kind: 'action', label: 'Resume gateway', action: 'resume', enabled: canResume };
}

function requestsLine(count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'request' : 'requests'} today`;
}

function iconFor(state: GatewayState): TrayIcon {
  if (state.status === 'running') return 'running';
  if (state.status === 'error') return 'error';
  return 'paused';
}

function tooltip(input: TrayInput): string {
  const status = `Gatehouse: ${statusLine(input.state).replace(/^\w/, (first) => first.toLowerCase())}`;
  const suffix = input.requestsToday === null ? '' : ` · ${requestsLine(input.requestsToday)}`;
  const room = MAX_TOOLTIP_LENGTH - suffix.length;
  return (status.length <= room ? status : `${status.slice(0, room - 1)}…`) + suffix;
}
