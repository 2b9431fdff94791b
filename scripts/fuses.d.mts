import type { FuseV1Config } from '@electron/fuses';

export function fuseConfig(platform: string): FuseV1Config & { strictlyRequireAllFuses: true };
export function electronBinary(context: {
  appOutDir: string;
  electronPlatformName: string;
  packager: { executableName: string; appInfo: { productFilename: string } };
}): string;
