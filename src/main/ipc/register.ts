import { systemInfo } from '../../shared/system';
import {
  workspacesArchive,
  workspacesCreate,
  workspacesDescribe,
  workspacesGet,
  workspacesList,
  workspacesRename,
  workspacesRestore,
} from '../../shared/workspaces';
import type { AppPaths } from '../paths';
import type { WorkspacesService } from '../services/workspaces/service';
import type { Handlers } from './handlers';

interface Services {
  workspaces: WorkspacesService;
}

interface SystemFacts {
  appVersion: string;
  shell: 'desktop' | 'web';
  paths: AppPaths;
  schemaVersion: string;
}

/** Per-domain handler maps: each is a list of contract → service call, nothing more. */
function registerSystem(h: Handlers, facts: SystemFacts): void {
  h.handle(systemInfo, () => ({
    appVersion: facts.appVersion,
    shell: facts.shell,
    dataDir: facts.paths.dataDir,
    databaseFile: facts.paths.databaseFile,
    schemaVersion: facts.schemaVersion,
  }));
}

function registerWorkspaces(h: Handlers, s: WorkspacesService): void {
  h.handle(workspacesList, (input) => s.list(input));
  h.handle(workspacesGet, (input) => s.get(input));
  h.handle(workspacesCreate, (input) => s.create(input));
  h.handle(workspacesRename, (input) => s.rename(input));
  h.handle(workspacesDescribe, (input) => s.describe(input));
  h.handle(workspacesArchive, (input) => s.archive(input));
  h.handle(workspacesRestore, (input) => s.restore(input));
}

export function registerHandlers(h: Handlers, services: Services, facts: SystemFacts): void {
  registerSystem(h, facts);
  registerWorkspaces(h, services.workspaces);
}
