import path from 'node:path';
import { Menu, Tray, nativeImage, type NativeImage } from 'electron';
import { trayMenuTemplate, type TrayActionHandlers } from './tray-menu';
import type { TrayIcon, TrayModel } from './tray-model';

/** The tray icon and its menu; redraws only when the model changed, so menus do not flicker. */
export class DesktopTray {
  private readonly tray: Tray;
  private readonly icons = new Map<TrayIcon, NativeImage>();
  private shown = '';

  constructor(
    private readonly iconFolder: string,
    private readonly handlers: TrayActionHandlers,
    initial: TrayModel,
  ) {
    this.tray = new Tray(this.icon(initial.icon));
    // Windows and most Linux panels open the menu themselves; a left click there should open the app.
    this.tray.on('click', () => {
      if (process.platform !== 'darwin') handlers.open();
    });
    this.show(initial);
  }

  show(model: TrayModel): void {
    const serialized = JSON.stringify(model);
    if (serialized === this.shown || this.tray.isDestroyed()) return;
    this.shown = serialized;
    this.tray.setImage(this.icon(model.icon));
    this.tray.setToolTip(model.tooltip);
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(model.menu, this.handlers)));
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }

  private icon(name: TrayIcon): NativeImage {
    let image = this.icons.get(name);
    if (!image) {
      // tray-<name>@2x.png beside it is picked up on high-density screens.
      image = nativeImage.createFromPath(path.join(this.iconFolder, `tray-${name}.png`));
      this.icons.set(name, image);
    }
    return image;
  }
}
