import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DESKTOP_PORT,
  desktopSettingsPath,
  readDesktopSettings,
  writeDesktopSettings,
} from '../../src/main/desktop-settings';
import { tempDir } from '../helpers/gateway-harness';

describe('desktop settings (desktop.json)', () => {
  it('starts on port 4141 when there is no file yet', () => {
    expect(readDesktopSettings(tempDir())).toEqual({ settings: { port: 4141 }, problems: [] });
  });

  it('remembers a port across launches, in a file only the user can read', () => {
    const dataDir = path.join(tempDir(), 'not-yet-created');
    writeDesktopSettings(dataDir, { port: 4150 });
    expect(readDesktopSettings(dataDir)).toEqual({ settings: { port: 4150 }, problems: [] });
    if (process.platform !== 'win32') {
      expect(fs.statSync(desktopSettingsPath(dataDir)).mode & 0o777).toBe(0o600);
    }
  });

  it('keeps settings written by a newer version when saving the port', () => {
    const dataDir = tempDir();
    fs.writeFileSync(desktopSettingsPath(dataDir), JSON.stringify({ port: 4141, theme: 'dark' }));
    writeDesktopSettings(dataDir, { port: 4142 });
    expect(JSON.parse(fs.readFileSync(desktopSettingsPath(dataDir), 'utf8'))).toEqual({
      port: 4142,
      theme: 'dark',
    });
    expect(fs.readdirSync(dataDir)).toEqual(['desktop.json']);
  });

  it.each([
    ['broken JSON', '{"port": 41', /not valid JSON/],
    ['an array', '[4141]', /not a JSON object/],
    ['a port out of range', '{"port": 70000}', /"port" must be a whole number from 1 to 65535, got 70000/],
    ['port 0', '{"port": 0}', /got 0/],
    ['a port as text', '{"port": "4141"}', /got "4141"/],
  ])('falls back to the defaults on %s and says why', (_label, text, problem) => {
    const dataDir = tempDir();
    fs.writeFileSync(desktopSettingsPath(dataDir), text);
    const loaded = readDesktopSettings(dataDir);
    expect(loaded.settings.port).toBe(DEFAULT_DESKTOP_PORT);
    expect(loaded.problems).toEqual([expect.stringMatching(problem)]);
  });

  it('refuses to save a port the gateway could not promise', () => {
    expect(() => writeDesktopSettings(tempDir(), { port: 0 })).toThrow(/not 1–65535/);
  });
});
