import { useRef, type KeyboardEvent } from 'react';

export type SideTab = 'versions' | 'profile' | 'insights' | 'chat';

const TABS: { id: SideTab; label: string }[] = [
  { id: 'versions', label: 'Versions' },
  { id: 'profile', label: 'Profile' },
  { id: 'insights', label: 'Insights' },
  { id: 'chat', label: 'Chat' },
];

export const sideTabId = (tab: SideTab) => `side-tab-${tab}`;
export const sidePanelId = (tab: SideTab) => `side-panel-${tab}`;

/**
 * The tabs over the dataset view's side panel. Arrow keys, Home and End move between tabs and
 * select them (the WAI-ARIA tabs pattern with automatic activation).
 */
export function SideTabs({
  tab,
  onTab,
  counts,
}: {
  tab: SideTab;
  onTab(tab: SideTab): void;
  /** A number shown after a tab's name (e.g. open insights). */
  counts?: Partial<Record<SideTab, number>>;
}) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((t) => t.id === tab);
    const to: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: TABS.length - 1,
    };
    const next = to[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = TABS[(next + TABS.length) % TABS.length];
    if (!target) return;
    onTab(target.id);
    list.current?.querySelector<HTMLButtonElement>(`#${sideTabId(target.id)}`)?.focus();
  };
  return (
    <div ref={list} className="tabs side-tabs" role="tablist" aria-label="Side panel" onKeyDown={onKeyDown}>
      {TABS.map((t) => {
        const count = counts?.[t.id];
        return (
          <button
            key={t.id}
            id={sideTabId(t.id)}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={sidePanelId(t.id)}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => onTab(t.id)}
          >
            {t.label}
            {count !== undefined && count > 0 && <span className="badge tab-count">{count}</span>}
          </button>
        );
      })}
    </div>
  );
}
