import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { PACKAGED_FUSES, flipPackagedFuses, fuseConfig, loadFusesModule, packagedAsarOf, type FusesModule } from '../../../src-main/electron/fuses';

/**
 * @electron/fuses as its README and source describe it: FuseVersion.V1 is '1', FuseV1Options a
 * numeric TypeScript enum (with its reverse mapping) giving each fuse's place on the wire.
 */
function fakeFuses(): FusesModule & { flipFuses: ReturnType<typeof vi.fn> } {
  const names = [
    'RunAsNode',
    'EnableCookieEncryption',
    'EnableNodeOptionsEnvironmentVariable',
    'EnableNodeCliInspectArguments',
    'EnableEmbeddedAsarIntegrityValidation',
    'OnlyLoadAppFromAsar',
    'LoadBrowserProcessSpecificV8Snapshot',
    'GrantFileProtocolExtraPrivileges',
  ];
  const options: Record<string, number | string> = {};
  names.forEach((name, index) => {
    options[name] = index;
    options[index] = name;
  });
  return { FuseVersion: { V1: '1' }, FuseV1Options: options, flipFuses: vi.fn(async () => 1) };
}

describe('Electron fuses of the packaged app', () => {
  it('sets each fuse the security checklist asks for', () => {
    expect(PACKAGED_FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds the flipFuses configuration through the package\'s own fuse indices', () => {
    expect(fuseConfig(fakeFuses())).toEqual({ version: '1', 0: false, 1: true, 2: false, 3: false, 4: true, 5: true, 7: false });
    // A fuse the installed package does not know is an error, not a fuse silently left as it was.
    const old = fakeFuses();
    delete (old.FuseV1Options as Record<string, unknown>).GrantFileProtocolExtraPrivileges;
    expect(() => fuseConfig(old)).toThrow('package:fuses: this @electron/fuses has no fuse GrantFileProtocolExtraPrivileges: update it');
  });

  it('flips the fuses of a packaged binary that has its app.asar', async () => {
    const app = mkdtempSync(join(tmpdir(), 'convolab-package-'));
    mkdirSync(join(app, 'resources'));
    writeFileSync(join(app, 'resources', 'app.asar'), '');
    const fuses = fakeFuses();
    const binary = join(app, 'convolab');
    const config = await flipPackagedFuses(binary, fuses);
    expect(fuses.flipFuses).toHaveBeenCalledTimes(1);
    expect(fuses.flipFuses).toHaveBeenCalledWith(binary, config);
    expect(config).toEqual(fuseConfig(fakeFuses()));
    await flipPackagedFuses(binary, fuses, { adHocSign: true });
    expect(fuses.flipFuses.mock.calls[1][1]).toMatchObject({ resetAdHocDarwinSignature: true, 0: false, 5: true });
  });

  it('refuses a binary without an app.asar (the development Electron), flipping nothing', async () => {
    const fuses = fakeFuses();
    const bare = mkdtempSync(join(tmpdir(), 'convolab-package-'));
    await expect(flipPackagedFuses(join(bare, 'electron'), fuses)).rejects.toThrow(/no .*resources[\\/]app\.asar beside it: give the Electron binary of the packaged app/);
    expect(fuses.flipFuses).not.toHaveBeenCalled();
  });

  it('finds app.asar in a macOS bundle, given the .app or its binary', () => {
    expect(packagedAsarOf('/dist/Convolab.app')).toBe('/dist/Convolab.app/Contents/Resources/app.asar');
    expect(packagedAsarOf('/dist/Convolab.app/Contents/MacOS/Convolab')).toBe('/dist/Convolab.app/Contents/Resources/app.asar');
    expect(packagedAsarOf('/dist/convolab-linux-x64/convolab')).toBe('/dist/convolab-linux-x64/resources/app.asar');
  });

  it('loads @electron/fuses as the CommonJS module it is published as', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'convolab-fuses-module-'));
    const file = join(folder, 'index.cjs');
    writeFileSync(file, 'exports.FuseVersion = { V1: "1" }; exports.FuseV1Options = { RunAsNode: 0 }; exports.flipFuses = async () => 1;');
    const loaded = await loadFusesModule(pathToFileURL(file).href);
    expect(loaded.FuseVersion.V1).toBe('1');
    expect(typeof loaded.flipFuses).toBe('function');
    writeFileSync(join(folder, 'empty.cjs'), 'exports.nothing = 1;');
    await expect(loadFusesModule(pathToFileURL(join(folder, 'empty.cjs')).href)).rejects.toThrow(/has no flipFuses, FuseV1Options and FuseVersion/);
  });

  it('says how to install @electron/fuses when it is missing', async () => {
    await expect(loadFusesModule('@electron/fuses-not-installed')).rejects.toThrow(
      'package:fuses: @electron/fuses-not-installed is not installed: npm install -D @electron/fuses@1.8.0',
    );
  });
});
