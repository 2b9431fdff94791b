import { useEffect, useLayoutEffect, useRef } from 'react';
import { create } from 'zustand';

/**
 * One registry of every action a person can take from the keyboard. The palette lists it, the
 * shortcut list reads it, menus are built from it, and the one key listener (`useShortcutKeys`)
 * runs it: an action is declared once, where the state it needs lives.
 */
export interface Command {
  /** Stable and unique, e.g. `op.filter_rows`, `goto.workspace.<id>`. */
  id: string;
  title: string;
  /** The heading it is listed under: Dataset, Transform, Versions, Go to, View… */
  group: string;
  /** Words that find it besides its title. */
  keywords?: string[];
  /** Key combinations, written `Mod+Shift+Z` (Mod is Ctrl, or ⌘ on macOS); the first is shown. */
  keys?: string[];
  /** False: listed greyed out with `why`, and its keys do nothing. */
  enabled?: boolean;
  run(): void;
}

type Source = () => Command[];

/** Sources by name, so a page that unmounts takes its commands with it. */
const sources = new Map<string, Source>();

export function allCommands(): Command[] {
  const seen = new Set<string>();
  const list: Command[] = [];
  for (const source of sources.values()) {
    for (const command of source()) {
      if (seen.has(command.id)) continue;
      seen.add(command.id);
      list.push(command);
    }
  }
  return list;
}

/**
 * Registers the commands a component offers while it is mounted. `build` is read when the palette
 * opens or a key is pressed, so it always sees the component's latest state without re-registering.
 */
export function useCommandSource(name: string, build: Source): void {
  const latest = useRef(build);
  useLayoutEffect(() => {
    latest.current = build;
  });
  useEffect(() => {
    sources.set(name, () => latest.current());
    return () => {
      sources.delete(name);
    };
  }, [name]);
}

export const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

/** `Mod+Shift+Z` as the person's keyboard writes it: `Ctrl+Shift+Z`, or `⌘⇧Z` on macOS. */
export function formatKeys(keys: string): string {
  const parts = keys.split('+');
  if (isMac) {
    const symbols: Record<string, string> = { Mod: '⌘', Shift: '⇧', Alt: '⌥', Ctrl: '⌃' };
    return parts.map((p) => symbols[p] ?? p.toUpperCase()).join('');
  }
  return parts.map((p) => (p === 'Mod' ? 'Ctrl' : p.length === 1 ? p.toUpperCase() : p)).join('+');
}

/** Whether a key press is the combination `keys` (letters compared without case). */
export function matchesKeys(event: KeyboardEvent, keys: string): boolean {
  const parts = keys.split('+');
  const key = parts[parts.length - 1] ?? '';
  const wantMod = parts.includes('Mod');
  const wantShift = parts.includes('Shift');
  const wantAlt = parts.includes('Alt');
  const mod = isMac ? event.metaKey : event.ctrlKey;
  if (mod !== wantMod || event.altKey !== wantAlt) return false;
  // `?` is typed with Shift on most layouts: for a printable symbol the key itself is enough.
  const symbol = key.length === 1 && !/[a-z0-9]/i.test(key);
  if (!symbol && event.shiftKey !== wantShift) return false;
  return event.key.toLowerCase() === key.toLowerCase();
}

interface PaletteState {
  open: 'palette' | 'shortcuts' | null;
  show(which: 'palette' | 'shortcuts'): void;
  close(): void;
}

export const usePalette = create<PaletteState>((set) => ({
  open: null,
  show: (which) => set({ open: which }),
  close: () => set({ open: null }),
}));
