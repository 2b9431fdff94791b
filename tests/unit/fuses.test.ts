import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterEach, describe, expect, it } from 'vitest';
import afterPack from '../../scripts/after-pack.mjs';
import { fuseConfig } from '../../scripts/fuses.mjs';
import { repoRoot } from '../helpers/paths';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A stand-in Electron binary: bytes around a V1 fuse wire of 8 fuses, all "inherit". */
function fakeElectron(dir: string, name: string): string {
  const file = path.join(dir, name);
  const wire = Buffer.from([1, 8, 144, 144, 144, 144, 144, 144, 144, 144]);
  fs.writeFileSync(
    file,
    Buffer.concat([Buffer.alloc(64, 7), Buffer.from(SENTINEL), wire, Buffer.alloc(64, 7)]),
  );
  return file;
}

describe('Electron fuses set at packaging', () => {
  it('names every fuse, with the hardening choices of the security checklist', () => {
    for (const platform of ['linux', 'win32', 'darwin']) {
      const config = fuseConfig(platform);
      expect(config.strictlyRequireAllFuses).toBe(true);
      const numeric = Object.keys(FuseV1Options).filter((k) => /^\d+$/.test(k));
      for (const index of numeric) expect(config[Number(index) as FuseV1Options]).toBeTypeOf('boolean');
      expect(config[FuseV1Options.RunAsNode]).toBe(false);
      expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
      expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
      expect(config[FuseV1Options.EnableCookieEncryption]).toBe(true);
      expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
      expect(config[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(false);
      expect(config[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(true);
      expect(config[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(platform === 'darwin');
    }
  });

  it('the afterPack hook flips them in the binary electron-builder made, and reads them back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-fuses-'));
    made.push(dir);
    const binary = fakeElectron(dir, 'cairn');
    await afterPack({
      appOutDir: dir,
      electronPlatformName: 'linux',
      packager: { executableName: 'cairn', appInfo: { productFilename: 'Cairn' } },
    });
    const wire = await getCurrentFuseWire(binary);
    const config = fuseConfig('linux');
    for (let i = 0; i < 8; i++) expect(wire[i as FuseV1Options]).toBe(config[i as FuseV1Options] ? 49 : 48);
  });

  it('electron-builder runs that hook, and sets no fuses of its own that could disagree', () => {
    const yml = fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/^afterPack: \.\/scripts\/after-pack\.mjs$/m);
    expect(yml).not.toMatch(/^electronFuses:/m);
  });
});
