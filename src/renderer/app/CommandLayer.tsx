import { useEffect } from 'react';
import { useLocation } from 'wouter';
import { isTypingTarget } from '../features/datasets/format';
import { useDatasets } from '../features/datasets/store';
import { useWorkspaces } from '../features/workspaces/store';
import { allCommands, matchesKeys, useCommandSource, usePalette, type Command } from './commands';
import { CommandPalette, ShortcutList } from './CommandPalette';
import { useTheme } from './theme';

const PALETTE_KEYS = ['Mod+K', 'Mod+Shift+P', 'F1'];

/** Commands that exist everywhere: going places, the theme, the palette itself. */
function useGlobalCommands(): void {
  const [, navigate] = useLocation();
  useCommandSource('global', () => {
    const { show } = usePalette.getState();
    const setTheme = useTheme.getState().setChoice;
    const workspaces = useWorkspaces.getState().items;
    const lists = useDatasets.getState().lists;
    const commands: Command[] = [
      {
        id: 'palette',
        title: 'Command palette',
        group: 'Help',
        keys: PALETTE_KEYS,
        run: () => show('palette'),
      },
      {
        id: 'shortcuts',
        title: 'Keyboard shortcuts',
        group: 'Help',
        keys: ['?'],
        run: () => show('shortcuts'),
      },
      { id: 'goto.home', title: 'Go to Home', group: 'Go to', run: () => navigate('/') },
      { id: 'goto.boards', title: 'Go to Boards', group: 'Go to', run: () => navigate('/boards') },
      {
        id: 'goto.settings',
        title: 'Go to Settings',
        group: 'Go to',
        keys: ['Mod+,'],
        run: () => navigate('/settings'),
      },
      {
        id: 'goto.settings.profiles',
        title: 'Settings: Assistant profiles',
        group: 'Go to',
        keywords: ['model', 'assistant', 'api key'],
        run: () => navigate('/settings'),
      },
      {
        id: 'theme.light',
        title: 'Theme: Light',
        group: 'View',
        keywords: ['appearance'],
        run: () => setTheme('light'),
      },
      {
        id: 'theme.dark',
        title: 'Theme: Dark',
        group: 'View',
        keywords: ['appearance'],
        run: () => setTheme('dark'),
      },
      {
        id: 'theme.system',
        title: 'Theme: Follow the system',
        group: 'View',
        keywords: ['appearance'],
        run: () => setTheme('system'),
      },
    ];
    for (const w of workspaces) {
      commands.push({
        id: `goto.workspace.${w.id}`,
        title: `Workspace: ${w.name}`,
        group: 'Go to',
        keywords: ['workspace'],
        run: () => navigate(`/w/${w.id}`),
      });
      for (const d of lists[w.id]?.items ?? []) {
        commands.push({
          id: `goto.dataset.${d.id}`,
          title: `Dataset: ${d.name}`,
          group: 'Go to',
          keywords: ['dataset', w.name],
          run: () => navigate(`/w/${w.id}/d/${d.id}`),
        });
      }
    }
    return commands;
  });
}

/** The one key listener for commands, the palette and the shortcut list. */
function useShortcutKeys(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const palette = usePalette.getState();
      const otherDialog = document.querySelector('dialog[open]') !== null && palette.open === null;
      if (PALETTE_KEYS.some((k) => matchesKeys(event, k))) {
        if (otherDialog) return;
        event.preventDefault();
        if (palette.open === 'palette') palette.close();
        else palette.show('palette');
        return;
      }
      if (document.querySelector('dialog[open]') || isTypingTarget(event.target)) return;
      const command = allCommands().find(
        (c) => c.id !== 'palette' && c.enabled !== false && (c.keys ?? []).some((k) => matchesKeys(event, k)),
      );
      if (!command) return;
      event.preventDefault();
      command.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function CommandLayer() {
  useGlobalCommands();
  useShortcutKeys();
  const open = usePalette((s) => s.open);
  if (open === 'palette') return <CommandPalette />;
  if (open === 'shortcuts') return <ShortcutList />;
  return null;
}
