import type { Dataset, Version } from '../../../shared/datasets';
import type { OperationKind } from '../../../shared/operations';
import { useCommandSource, type Command } from '../../app/commands';
import { withErrorToast } from '../../app/toasts';
import { client } from '../../lib/client';
import type { SideTab } from '../analysis/SideTabs';
import { exportCsv, exportRecipe, RECIPE_CHOICES } from './exports';
import { OPERATIONS } from './operations/registry';

/** The catalogue as commands: the palette lists them and the Transform menu is built from them. */
export function operationCommands(openOp: (op: OperationKind) => void, readOnly: boolean): Command[] {
  return OPERATIONS.map((o) => ({
    id: `op.${o.op}`,
    title: `${o.label}…`,
    group: 'Transform',
    keywords: [o.hint, 'operation', 'transform'],
    enabled: !readOnly,
    run: () => openOp(o.op),
  }));
}

interface DatasetCommandState {
  workspaceId: string;
  datasetId: string;
  dataset: Dataset | null;
  viewed: Version | null;
  viewedName: string;
  isCurrent: boolean;
  readOnly: boolean;
  canUndo: boolean;
  canRedo: boolean;
  undo(): void;
  redo(): void;
  openOp(op: OperationKind): void;
  openTransformMenu(): void;
  openDialog(dialog: 'rename' | 'reimport' | 'diff'): void;
  showTab(tab: SideTab): void;
  toggleSidePanel(): void;
  onCheckedOut(): void;
  focusFilter(): void;
  requestLabel(): void;
}

const TABS: [SideTab, string, string][] = [
  ['versions', 'Versions', 'Mod+Alt+1'],
  ['profile', 'Profile', 'Mod+Alt+2'],
  ['insights', 'Insights', 'Mod+Alt+3'],
  ['chat', 'Chat', 'Mod+Alt+4'],
];

/** What can be done on a dataset's page, offered while the page is open. */
export function useDatasetCommands(state: DatasetCommandState): void {
  useCommandSource('dataset', () => {
    const s = state;
    if (!s.dataset || !s.viewed) return [];
    const scope = { workspaceId: s.workspaceId, datasetId: s.datasetId, versionId: s.viewed.id };
    const fileName = `${s.dataset.name} ${s.viewedName}`;
    return [
      { id: 'undo', title: 'Undo', group: 'Versions', keys: ['Mod+Z'], enabled: s.canUndo, run: s.undo },
      {
        id: 'redo',
        title: 'Redo',
        group: 'Versions',
        keys: ['Mod+Shift+Z', 'Mod+Y'],
        enabled: s.canRedo,
        run: s.redo,
      },
      {
        id: 'version.checkout',
        title: `Check out ${s.viewedName}`,
        group: 'Versions',
        keywords: ['checkout', 'make current'],
        enabled: !s.isCurrent && !s.readOnly,
        run: () =>
          void withErrorToast(client.invoke('versions:checkout', scope)).then((d) => d && s.onCheckedOut()),
      },
      {
        id: 'version.diff',
        title: `Diff ${s.viewedName} with the current version`,
        group: 'Versions',
        keywords: ['compare', 'changes'],
        enabled: !s.isCurrent,
        run: () => s.openDialog('diff'),
      },
      {
        id: 'version.label',
        title: `Label ${s.viewedName}…`,
        group: 'Versions',
        keywords: ['tag', 'name'],
        enabled: !s.readOnly,
        run: s.requestLabel,
      },
      {
        id: 'version.branch',
        title: `Branch from ${s.viewedName}…`,
        group: 'Versions',
        keywords: ['transform', 'fork'],
        enabled: !s.readOnly,
        run: s.openTransformMenu,
      },
      ...operationCommands(s.openOp, s.readOnly),
      {
        id: 'export.csv',
        title: `Export ${s.viewedName} as CSV`,
        group: 'Export',
        keys: ['Mod+Shift+E'],
        keywords: ['download', 'save'],
        run: () => void withErrorToast(exportCsv(scope, fileName)),
      },
      ...RECIPE_CHOICES.map((choice) => ({
        id: `export.recipe.${choice.value}`,
        title: `Export recipe: ${choice.label}`,
        group: 'Export',
        keywords: ['recipe', 'script', 'code', choice.format],
        run: () => void withErrorToast(exportRecipe(scope, choice.value)),
      })),
      ...TABS.map(([tab, title, keys]) => ({
        id: `tab.${tab}`,
        title: `Show ${title}`,
        group: 'Side panel',
        keys: [keys],
        keywords: ['panel', 'tab'],
        run: () => s.showTab(tab),
      })),
      {
        id: 'panel.toggle',
        title: 'Show or hide the side panel',
        group: 'Side panel',
        keys: ['Mod+B'],
        run: s.toggleSidePanel,
      },
      {
        id: 'view.filter',
        title: 'Filter the view',
        group: 'Dataset',
        keys: ['/'],
        keywords: ['search', 'where'],
        run: s.focusFilter,
      },
      {
        id: 'dataset.rename',
        title: 'Rename dataset…',
        group: 'Dataset',
        enabled: !s.readOnly,
        run: () => s.openDialog('rename'),
      },
      {
        id: 'dataset.reimport',
        title: 'Re-import with…',
        group: 'Dataset',
        run: () => s.openDialog('reimport'),
      },
    ];
  });
}
