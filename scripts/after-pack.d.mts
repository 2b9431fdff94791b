import type { electronBinary } from './fuses.mjs';

export default function afterPack(
  context: Parameters<typeof electronBinary>[0] & { electronPlatformName: string },
): Promise<void>;
