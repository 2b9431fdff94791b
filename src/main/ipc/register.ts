import { analysisDismiss, analysisFix, analysisGet } from '../../shared/analysis';
import {
  boardsPatchesApply,
  boardsPatchesList,
  boardsPatchesRevert,
  boardsProjectsCreate,
  boardsProjectsDelete,
  boardsProjectsList,
  boardsProjectsUpdate,
  boardsTasksBoard,
  boardsTasksCreate,
  boardsTasksDelete,
  boardsTasksGet,
  boardsTasksList,
  boardsTasksMove,
  boardsTasksTree,
  boardsTasksUpdate,
  boardsTrashList,
  boardsTrashPurge,
  boardsTrashRestore,
} from '../../shared/boards';
import {
  chatCreate,
  chatDelete,
  chatHistory,
  chatList,
  chatOpen,
  chatRename,
  chatRuns,
  chatRunsCsv,
  chatSend,
  chatApplyFix,
  chatSetProfile,
  chatStop,
} from '../../shared/chat';
import {
  datasetsArchive,
  datasetsGet,
  datasetsList,
  datasetsRename,
  datasetsRestore,
  exportsCsv,
  importsCancel,
  importsStart,
  recipesApply,
  recipesExport,
  versionsApply,
  versionsCancelApply,
  versionsCheckout,
  versionsDiff,
  versionsLabel,
  versionsList,
  versionsPreview,
  versionsRedo,
  versionsRows,
  versionsUndo,
} from '../../shared/datasets';
import {
  profilesClearApiKey,
  profilesCreate,
  profilesDelete,
  profilesDuplicate,
  profilesExport,
  profilesGet,
  profilesHistory,
  profilesImport,
  profilesList,
  profilesRestore,
  profilesSecretsInfo,
  profilesSetApiKey,
  profilesSetDefault,
  profilesTestConnection,
  profilesUpdate,
} from '../../shared/profiles';
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
import { CairnError } from '../../shared/result';
import type { AppPaths } from '../paths';
import type { AnalysisService } from '../services/analysis/service';
import type { BoardsService } from '../services/boards/service';
import type { ChatService } from '../services/assistant/service';
import type { DatasetsService } from '../services/datasets/service';
import type { ProfilesService } from '../services/profiles/service';
import type { WorkspacesService } from '../services/workspaces/service';
import type { Handlers } from './handlers';

interface Services {
  workspaces: WorkspacesService;
  profiles: ProfilesService;
  datasets: DatasetsService;
  analysis: AnalysisService;
  chat: ChatService;
  boards: BoardsService;
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

function registerProfiles(h: Handlers, s: ProfilesService): void {
  h.handle(profilesList, () => s.list());
  h.handle(profilesGet, (input) => s.get(input));
  h.handle(profilesCreate, (input) => s.create(input));
  h.handle(profilesUpdate, (input) => s.update(input));
  h.handle(profilesDuplicate, (input) => s.duplicate(input));
  h.handle(profilesDelete, (input) => s.delete(input));
  h.handle(profilesSetDefault, (input) => s.setDefault(input));
  h.handle(profilesSetApiKey, (input) => s.setApiKey(input));
  h.handle(profilesClearApiKey, (input) => s.clearApiKey(input));
  h.handle(profilesHistory, (input) => s.history(input));
  h.handle(profilesRestore, (input) => s.restore(input));
  h.handle(profilesExport, (input) => s.export(input));
  h.handle(profilesImport, (input) => s.import(input));
  h.handle(profilesTestConnection, (input) => s.testConnection(input));
  h.handle(profilesSecretsInfo, () => s.secretsInfo());
}

function registerDatasets(h: Handlers, s: DatasetsService): void {
  h.handle(datasetsList, (input) => s.list(input));
  h.handle(datasetsGet, (input) => s.get(input));
  h.handle(datasetsRename, (input) => s.rename(input));
  h.handle(datasetsArchive, (input) => s.archive(input));
  h.handle(datasetsRestore, (input) => s.restore(input));
  h.handle(importsStart, (input, ctx) => {
    // Checked before anything touches the disk, so the answer says nothing about the path.
    if (input.source.kind === 'path' && ctx.grants?.localPaths !== true) {
      throw new CairnError(
        'FORBIDDEN',
        'This window cannot open files by path. Upload the file (choose it or drop it) instead.',
      );
    }
    return s.startImport(input);
  });
  h.handle(importsCancel, (input) => s.cancelImport(input));
  h.handle(versionsList, (input) => s.listVersions(input));
  h.handle(versionsRows, (input) => s.rows(input));
  h.handle(versionsPreview, (input) => s.preview(input));
  h.handle(versionsApply, (input) => s.apply(input));
  h.handle(versionsCancelApply, (input) => s.cancelApply(input));
  h.handle(versionsCheckout, (input) => s.checkout(input));
  h.handle(versionsUndo, (input) => s.undo(input));
  h.handle(versionsRedo, (input) => s.redo(input));
  h.handle(versionsLabel, (input) => s.label(input));
  h.handle(versionsDiff, (input) => s.diff(input));
  h.handleStream(exportsCsv, async (input, ctx) => {
    const outcome = await s.exportCsv(input, { signal: ctx.signal, onProgress: (p) => ctx.send(p) });
    // The web host's own path in its exports folder is of no use to a browser.
    if (outcome.saved === 'download') {
      const { file: _file, ...rest } = outcome;
      return rest;
    }
    return outcome;
  });
  h.handle(recipesExport, (input) => s.recipe(input));
  h.handle(recipesApply, (input) => s.applyRecipe(input));
}

function registerAnalysis(h: Handlers, s: AnalysisService): void {
  h.handle(analysisGet, (input) => s.get(input));
  h.handle(analysisFix, (input) => s.fix(input));
  h.handle(analysisDismiss, (input) => s.dismiss(input));
}

function registerChat(h: Handlers, s: ChatService): void {
  h.handle(chatOpen, (input) => s.open(input));
  h.handle(chatList, (input) => s.list(input));
  h.handle(chatCreate, (input) => s.create(input));
  h.handle(chatRename, (input) => s.rename(input));
  h.handle(chatDelete, (input) => s.delete(input));
  h.handle(chatHistory, (input) => s.history(input));
  h.handle(chatRuns, (input) => s.runsOfWorkspace(input));
  h.handle(chatRunsCsv, (input) => s.runsCsv(input));
  h.handle(chatSetProfile, (input) => s.setProfile(input));
  h.handleStream(chatSend, (input, ctx) => s.send(input, ctx));
  h.handle(chatApplyFix, (input) => s.applyFix(input));
  h.handle(chatStop, (input) => s.stop(input));
}

function registerBoards(h: Handlers, s: BoardsService): void {
  h.handle(boardsProjectsList, (input) => s.listProjects(input));
  h.handle(boardsProjectsCreate, (input) => s.createProject(input));
  h.handle(boardsProjectsUpdate, (input) => s.updateProject(input));
  h.handle(boardsProjectsDelete, (input) => s.deleteProject(input));
  h.handle(boardsTasksTree, (input) => s.tree(input));
  h.handle(boardsTasksBoard, (input) => s.board(input));
  h.handle(boardsTasksList, (input) => s.listTasks(input));
  h.handle(boardsTasksGet, (input) => s.getTask(input));
  h.handle(boardsTasksCreate, (input) => s.createTask(input));
  h.handle(boardsTasksUpdate, (input) => s.updateTask(input));
  h.handle(boardsTasksMove, (input) => s.moveTask(input));
  h.handle(boardsTasksDelete, (input) => s.deleteTask(input));
  h.handle(boardsTrashList, (input) => s.trash(input));
  h.handle(boardsTrashRestore, (input) => s.restore(input));
  h.handle(boardsTrashPurge, (input) => s.purge(input));
  h.handle(boardsPatchesApply, (input) => s.applyPatches(input));
  h.handle(boardsPatchesList, (input) => s.patchSets(input));
  h.handle(boardsPatchesRevert, (input) => s.revert(input));
}

export function registerHandlers(h: Handlers, services: Services, facts: SystemFacts): void {
  registerSystem(h, facts);
  registerWorkspaces(h, services.workspaces);
  registerProfiles(h, services.profiles);
  registerDatasets(h, services.datasets);
  registerAnalysis(h, services.analysis);
  registerChat(h, services.chat);
  registerBoards(h, services.boards);
}
