// A stand-in for the parts of Electron that src/main/index.ts touches, so the glue runs under vitest
// (the Electron binary is not installed here). It records what main did and lets a test click.
import { vi } from 'vitest';

type Listener = (...args: never[]) => unknown;

class Emitter {
  private readonly listeners = new Map<string, Listener[]>();

  on(name: string, listener: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }

  once(name: string, listener: Listener): this {
    return this.on(name, listener);
  }

  emit(name: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(name) ?? [])
      (listener as (...values: unknown[]) => unknown)(...args);
  }

  listenerCount(name: string): number {
    return this.listeners.get(name)?.length ?? 0;
  }
}

export interface MenuTemplateItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
}

export function createFakeElectron(appPath: string) {
  const windows: FakeBrowserWindow[] = [];
  const trays: FakeTray[] = [];
  const syncChannels = new Map<string, (event: { senderFrame: unknown; returnValue: unknown }) => void>();
  const invokeChannels = new Map<string, (event: { senderFrame: unknown }, ...args: unknown[]) => unknown>();

  class FakeApp extends Emitter {
    isPackaged = false;
    /** How many times a quit went through (was not held by a before-quit listener). */
    quits = 0;
    setName = vi.fn();
    setAppUserModelId = vi.fn();
    requestSingleInstanceLock = vi.fn(() => true);
    getAppPath = () => appPath;
    getVersion = () => '0.1.0';
    whenReady = vi.fn(() => Promise.resolve());
    getLoginItemSettings = vi.fn(() => ({ openAtLogin: false, wasOpenedAtLogin: false }));
    setLoginItemSettings = vi.fn();
    quit = vi.fn(() => {
      let held = false;
      this.emit('before-quit', { preventDefault: () => (held = true) });
      if (!held) this.quits += 1;
    });
  }
  const app = new FakeApp();

  class FakeBrowserWindow extends Emitter {
    destroyed = false;
    shown = false;
    readonly webContents = Object.assign(new Emitter(), { reload: vi.fn(), setWindowOpenHandler: vi.fn() });
    loadFile = vi.fn(async () => undefined);
    loadURL = vi.fn(async () => undefined);

    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }

    isDestroyed = () => this.destroyed;
    isMinimized = () => false;
    restore = vi.fn();
    show = vi.fn(() => {
      this.shown = true;
    });
    focus = vi.fn();
    /** What clicking the close button does: the window goes, and with it the last one. */
    close(): void {
      this.destroyed = true;
      this.emit('closed');
      if (windows.every((window) => window.destroyed)) app.emit('window-all-closed');
    }
  }

  class FakeTray extends Emitter {
    image: unknown;
    tooltip = '';
    menu: MenuTemplateItem[] = [];
    destroyed = false;

    constructor(image: unknown) {
      super();
      this.image = image;
      trays.push(this);
    }

    setImage = (image: unknown) => {
      this.image = image;
    };
    setToolTip = (tooltip: string) => {
      this.tooltip = tooltip;
    };
    setContextMenu = (menu: { template: MenuTemplateItem[] }) => {
      this.menu = menu.template;
    };
    isDestroyed = () => this.destroyed;
    destroy = () => {
      this.destroyed = true;
    };

    click(label: string): void {
      const item = this.menu.find((entry) => entry.label === label);
      if (!item?.click || item.enabled === false)
        throw new Error(`"${label}" is not clickable in the tray menu`);
      item.click();
    }
  }

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: MenuTemplateItem[]) => ({ template }) },
    nativeImage: { createFromPath: (file: string) => ({ file }) },
    dialog: {
      showMessageBox: vi.fn(async (_options: { buttons?: string[] }) => ({
        response: 0,
        checkboxChecked: false,
      })),
      showErrorBox: vi.fn(),
    },
    ipcMain: {
      on: (channel: string, listener: (event: { senderFrame: unknown; returnValue: unknown }) => void) =>
        syncChannels.set(channel, listener),
      handle: (channel: string, listener: (event: { senderFrame: unknown }, ...args: unknown[]) => unknown) =>
        invokeChannels.set(channel, listener),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        webRequest: { onHeadersReceived: vi.fn() },
      },
    },
    shell: { openExternal: vi.fn(async () => undefined) },
    clipboard: { writeText: vi.fn() },
  };

  return {
    electron,
    app,
    windows,
    trays,
    /** ipcRenderer.sendSync from a frame showing `url`. */
    sendSync(channel: string, url: string): unknown {
      const event = { senderFrame: { url, parent: null }, returnValue: undefined as unknown };
      syncChannels.get(channel)?.(event);
      return event.returnValue;
    },
    invoke(channel: string, url: string, ...args: unknown[]): unknown {
      const handler = invokeChannels.get(channel);
      if (!handler) throw new Error(`No handler for ${channel}`);
      return handler({ senderFrame: { url, parent: null } }, ...args);
    },
  };
}

/** Polls `check` until it passes; bounded, so a broken flow fails instead of hanging. */
export async function eventually(check: () => void | Promise<void>, attempts = 400): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await check();
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
