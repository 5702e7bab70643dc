import { describe, expect, it, vi } from 'vitest';
import type { GatewayState } from '../../src/main/gateway-controller';
import { trayMenuTemplate, type TrayActionHandlers } from '../../src/main/tray-menu';
import { trayModel, type TrayMenuItem } from '../../src/main/tray-model';

const url = 'http://127.0.0.1:4141';
const running: GatewayState = { status: 'running', url, error: null };
const paused: GatewayState = { status: 'paused', url, error: null };

function labels(menu: TrayMenuItem[]): string[] {
  return menu.map((item) => (item.kind === 'separator' ? '---' : item.label));
}

function item(menu: TrayMenuItem[], label: string): TrayMenuItem {
  const found = menu.find((entry) => entry.kind !== 'separator' && entry.label === label);
  if (!found) throw new Error(`no menu item "${label}" in ${labels(menu).join(' | ')}`);
  return found;
}

describe('trayModel', () => {
  it('shows a running gateway: status, URL and today’s requests, with Pause offered', () => {
    const model = trayModel({ state: running, requestsToday: 1234, startAtLogin: false });
    expect(model.tooltip).toBe('Gatehouse: running on http://127.0.0.1:4141 · 1,234 requests today');
    expect(model.icon).toBe('running');
    expect(labels(model.menu)).toEqual([
      'Running on http://127.0.0.1:4141',
      '1,234 requests today',
      '---',
      'Open Gatehouse',
      'Copy URL',
      'Pause gateway',
      '---',
      'Start at login',
      '---',
      'Quit Gatehouse',
    ]);
    expect(item(model.menu, 'Pause gateway')).toMatchObject({ action: 'pause', enabled: true });
    expect(item(model.menu, 'Copy URL')).toMatchObject({ action: 'copy-url', enabled: true });
  });

  it('shows a paused gateway with a grey icon, Resume offered and the URL still copyable', () => {
    const model = trayModel({ state: paused, requestsToday: 1, startAtLogin: true });
    expect(model.tooltip).toBe('Gatehouse: paused: not accepting requests · 1 request today');
    expect(model.icon).toBe('paused');
    expect(model.menu[0]).toEqual({ kind: 'label', label: 'Paused: not accepting requests' });
    expect(item(model.menu, 'Resume gateway')).toMatchObject({ action: 'resume', enabled: true });
    expect(labels(model.menu)).not.toContain('Pause gateway');
    expect(item(model.menu, 'Copy URL')).toMatchObject({ enabled: true });
    expect(item(model.menu, 'Start at login')).toMatchObject({ kind: 'checkbox', checked: true });
  });

  it('shows why the gateway stopped, in red, and lets the user retry', () => {
    const state: GatewayState = {
      status: 'error',
      url: null,
      error: 'Port 4141 is in use and no other port was chosen.',
    };
    const model = trayModel({ state, requestsToday: null, startAtLogin: false });
    expect(model.icon).toBe('error');
    expect(model.tooltip).toBe('Gatehouse: stopped: Port 4141 is in use and no other port was chosen.');
    expect(item(model.menu, 'Resume gateway')).toMatchObject({ enabled: true });
    expect(item(model.menu, 'Copy URL')).toMatchObject({ enabled: false });
    expect(labels(model.menu)).not.toContain(expect.stringMatching(/requests? today/));
  });

  it.each([
    ['starting', 'Starting…'],
    ['pausing', 'Pausing…'],
  ] as const)('offers nothing to click while %s', (status, label) => {
    const model = trayModel({ state: { status, url, error: null }, requestsToday: 3, startAtLogin: false });
    expect(model.menu[0]).toEqual({ kind: 'label', label });
    expect(item(model.menu, 'Resume gateway')).toMatchObject({ enabled: false });
  });

  it('keeps a long error from pushing the request count out of the Windows tooltip limit', () => {
    const state: GatewayState = { status: 'error', url, error: `database is locked ${'x'.repeat(300)}` };
    const model = trayModel({ state, requestsToday: 7, startAtLogin: false });
    expect(model.tooltip.length).toBeLessThanOrEqual(127);
    expect(model.tooltip).toMatch(/^Gatehouse: stopped: database is locked x+… · 7 requests today$/);
  });

  it('leaves out Start at login where the platform has none', () => {
    const model = trayModel({ state: running, requestsToday: 0, startAtLogin: null });
    expect(labels(model.menu)).not.toContain('Start at login');
    expect(labels(model.menu)).toContain('0 requests today');
  });
});

describe('trayMenuTemplate', () => {
  function handlers(): TrayActionHandlers {
    return {
      open: vi.fn(),
      'copy-url': vi.fn(),
      pause: vi.fn(),
      resume: vi.fn(),
      'toggle-start-at-login': vi.fn(),
      quit: vi.fn(),
    };
  }

  it('wires each menu entry to its action and disables the status lines', () => {
    const actions = handlers();
    const model = trayModel({ state: running, requestsToday: 2, startAtLogin: true });
    const template = trayMenuTemplate(model.menu, actions);

    expect(template[0]).toEqual({ label: 'Running on http://127.0.0.1:4141', enabled: false });
    expect(template[2]).toEqual({ type: 'separator' });
    for (const entry of template) {
      if (entry.click) (entry.click as () => void)();
    }
    expect(actions.open).toHaveBeenCalledTimes(1);
    expect(actions['copy-url']).toHaveBeenCalledTimes(1);
    expect(actions.pause).toHaveBeenCalledTimes(1);
    expect(actions.resume).not.toHaveBeenCalled();
    expect(actions['toggle-start-at-login']).toHaveBeenCalledTimes(1);
    expect(actions.quit).toHaveBeenCalledTimes(1);
    expect(template.find((entry) => entry.label === 'Start at login')).toMatchObject({
      type: 'checkbox',
      checked: true,
    });
  });
});
