// electron-builder's afterPack hook (electron-builder.yml): flips Electron's fuses in the packaged
// binary (scripts/fuses.mjs), then reads them back, so a package never ships with a fuse unset.
import { flipFuses, getCurrentFuseWire } from '@electron/fuses';
import { electronBinary, fuseConfig } from './fuses.mjs';

export default async function afterPack(context) {
  const binary = electronBinary(context);
  const config = fuseConfig(context.electronPlatformName);
  await flipFuses(binary, config);
  const wire = await getCurrentFuseWire(binary);
  for (const [index, wanted] of Object.entries(config)) {
    if (!/^\d+$/.test(index)) continue;
    // Each fuse is one byte: '1' (49) on, '0' (48) off.
    const actual = wire[Number(index)];
    if (actual !== (wanted ? 49 : 48)) {
      throw new Error(
        `Fuse ${index} of ${binary} reads ${String(actual)} after flipping, not ${String(wanted)}.`,
      );
    }
  }
  console.log(`Cairn: Electron fuses set in ${binary}`);
}
