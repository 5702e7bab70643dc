// Type-only electron import: this module stays loadable in plain Node for unit tests.
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayMenuItem } from './tray-model';

export type TrayActionHandlers = Record<TrayAction, () => void>;

/** Turns the tray model's menu into Electron's template, wiring each action to its handler. */
export function trayMenuTemplate(
  items: TrayMenuItem[],
  handlers: TrayActionHandlers,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: handlers[item.action] };
      case 'checkbox':
        return {
          type: 'checkbox',
          label: item.label,
          checked: item.checked,
          enabled: item.enabled,
          click: handlers[item.action],
        };
    }
  });
}
