import { z } from 'zod';
import { defineInvoke } from './contract';

export const systemInfo = defineInvoke('system:info', {
  input: z.object({}).default({}),
  output: z.object({
    appVersion: z.string(),
    shell: z.enum(['desktop', 'web']),
    dataDir: z.string(),
    databaseFile: z.string(),
    schemaVersion: z.string(),
  }),
});
export type SystemInfo = z.infer<typeof systemInfo.output>;

export const systemContracts = [systemInfo] as const;
