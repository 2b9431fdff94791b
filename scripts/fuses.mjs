// Electron's fuses (https://www.electronjs.org/docs/latest/tutorial/fuses), flipped in the
// packaged binary by scripts/after-pack.mjs, electron-builder's afterPack hook (before signing).
// Every fuse is named (strictlyRequireAllFuses), so a new Electron fuse fails packaging until
// it is decided here. tests/unit/fuses.test.ts asserts each choice.
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/** @param {string} platform electron-builder's electronPlatformName: darwin, mas, win32, linux */
export function fuseConfig(platform) {
  const mac = platform === 'darwin' || platform === 'mas';
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // Flipping fuses breaks an arm64 Mac's ad-hoc signature; it is redone (or signing replaces it).
    resetAdHocDarwinSignature: mac,
    // The binary is never a plain Node (ELECTRON_RUN_AS_NODE) nor steered by NODE_OPTIONS or
    // --inspect: a local attacker could otherwise run code as Cairn with its keychain access.
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    // Only the app.asar electron-builder made, checked against its hash where Electron supports
    // the check and electron-builder records the hash (macOS).
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: mac,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // Stays on: the renderer is loaded from file:// as ES modules, which need it.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: true,
  };
}

/** The Electron binary inside electron-builder's output folder, as electron-builder names it. */
export function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const linux = electronPlatformName === 'linux';
  const name = linux ? packager.executableName : packager.appInfo.productFilename;
  const ext = { darwin: '.app', mas: '.app', win32: '.exe', linux: '' }[electronPlatformName] ?? '';
  return `${appOutDir}/${name}${ext}`;
}
