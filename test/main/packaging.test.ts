import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findBundledPricingFile } from '../../src/gateway/pricing/pricing-table';
import { tempDir } from '../helpers/gateway-harness';

const root = fileURLToPath(new URL('../..', import.meta.url));
const builderConfig = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** electron-builder's own schema check, the one `electron-builder` runs before packaging. */
async function validateWithElectronBuilder(config: unknown): Promise<void> {
  const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
  const { validateConfiguration } = requireFromBuilder('app-builder-lib/out/util/config/config.js');
  const { DebugLogger } = requireFromBuilder('builder-util');
  await validateConfiguration(config, new DebugLogger(false));
}

function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s configuration schema', async () => {
    await expect(validateWithElectronBuilder(builderConfig)).resolves.toBeUndefined();
    await expect(validateWithElectronBuilder({ ...builderConfig, macOS: {} })).rejects.toThrow(
      /unknown property/,
    );
  });

  it('names the app and ships the build, the resources and package.json', () => {
    expect(builderConfig).toMatchObject({ appId: 'dev.gatehouse.app', productName: 'Gatehouse' });
    expect(builderConfig.files).toEqual(expect.arrayContaining(['out/**', 'resources/**', 'package.json']));
    expect(builderConfig.asarUnpack).toContain('resources/**');
    expect(builderConfig.extraResources).toContainEqual({
      from: 'resources/pricing.json',
      to: 'pricing.json',
    });
    // dist/ is the headless CLI bundle; installers must not land in it.
    expect(builderConfig.directories.output).not.toBe('dist');
  });

  it('rebuilds the native modules for Electron', () => {
    expect(builderConfig.npmRebuild).toBe(true);
  });

  it('builds a hardened, notarizable macOS dmg and zip', () => {
    expect(builderConfig.mac).toMatchObject({
      hardenedRuntime: true,
      notarize: true,
      target: ['dmg', 'zip'],
    });
  });

  it('builds a Windows NSIS installer', () => {
    expect(builderConfig.win.target).toEqual(['nsis']);
  });

  it('builds an AppImage and a deb that depends on libsecret for the keychain', () => {
    expect(builderConfig.linux.target).toEqual(['AppImage', 'deb']);
    expect(builderConfig.deb.depends).toContain('libsecret-1-0');
    expect(builderConfig.linux.maintainer).toMatch(/<.+@.+>/);
  });

  it('bakes in no update feed', () => {
    expect(builderConfig.publish).toBeNull();
  });

  it('has the icons the build and the tray load', () => {
    expect(pngSize(path.join(root, builderConfig.icon))).toEqual({ width: 1024, height: 1024 });
    for (const state of ['running', 'paused', 'error']) {
      expect(pngSize(path.join(root, 'resources', `tray-${state}.png`))).toEqual({ width: 16, height: 16 });
      expect(pngSize(path.join(root, 'resources', `tray-${state}@2x.png`))).toEqual({
        width: 32,
        height: 32,
      });
    }
  });
});

describe('package.json scripts', () => {
  it('builds installers with the native modules switched to Electron first', () => {
    expect(packageJson.scripts.dist).toBe(
      'node scripts/native-runtime.mjs electron && electron-vite build && electron-builder',
    );
    for (const [platform, flag] of [
      ['linux', '--linux'],
      ['mac', '--mac'],
      ['win', '--win'],
    ]) {
      expect(packageJson.scripts[`dist:${platform}`]).toBe(`${packageJson.scripts.dist} ${flag}`);
    }
    expect(packageJson.main).toBe('out/main/index.js');
  });
});

describe('the price table inside a packaged app', () => {
  function packagedLayout(): { resourcesPath: string; mainScript: string } {
    const resourcesPath = path.join(tempDir(), 'Gatehouse', 'resources');
    const mainScript = path.join(resourcesPath, 'app.asar', 'out', 'main', 'index.js');
    fs.mkdirSync(path.dirname(mainScript), { recursive: true });
    fs.writeFileSync(mainScript, '');
    return { resourcesPath, mainScript };
  }

  it('is found beside out/ in the app, where `files` puts resources/', () => {
    const { resourcesPath, mainScript } = packagedLayout();
    const inApp = path.join(resourcesPath, 'app.asar', 'resources', 'pricing.json');
    fs.mkdirSync(path.dirname(inApp), { recursive: true });
    fs.copyFileSync(path.join(root, 'resources', 'pricing.json'), inApp);
    fs.copyFileSync(path.join(root, 'resources', 'pricing.json'), path.join(resourcesPath, 'pricing.json'));
    expect(findBundledPricingFile(mainScript)).toBe(inApp);
  });

  it('is still found from the extraResources copy alone (Linux and Windows layout)', () => {
    const { resourcesPath, mainScript } = packagedLayout();
    fs.copyFileSync(path.join(root, 'resources', 'pricing.json'), path.join(resourcesPath, 'pricing.json'));
    expect(findBundledPricingFile(mainScript)).toBe(path.join(resourcesPath, 'pricing.json'));
  });
});
