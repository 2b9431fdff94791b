import { analysisContracts } from './analysis';
import { boardContracts } from './boards';
import { chatContracts } from './chat';
import { defineRegistry } from './contract';
import { datasetContracts } from './datasets';
import { profileContracts } from './profiles';
import { systemContracts } from './system';
import { workspaceContracts } from './workspaces';

/**
 * Every contract the renderer may use. A new call is one definition in its domain file, one
 * entry here, and one handler in the main process (a test fails if the handler is missing).
 */
export const registry = defineRegistry([
  ...systemContracts,
  ...workspaceContracts,
  ...profileContracts,
  ...datasetContracts,
  ...analysisContracts,
  ...chatContracts,
  ...boardContracts,
] as const);

export type Registry = typeof registry;
