import { Command as Cmdk } from 'cmdk';
import { useEffect, useMemo } from 'react';
import { useDatasets } from '../features/datasets/store';
import { useWorkspaces } from '../features/workspaces/store';
import { Dialog } from '../ui/Dialog';
import { allCommands, formatKeys, usePalette, type Command } from './commands';

function Keys({ keys }: { keys: string }) {
  return <kbd className="keys">{formatKeys(keys)}</kbd>;
}

function byGroup(commands: Command[]): [string, Command[]][] {
  const groups = new Map<string, Command[]>();
  for (const c of commands) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  return [...groups.entries()];
}

/** Ctrl/⌘+K: every command, found by a few letters of its name, run with Enter. */
export function CommandPalette() {
  const close = usePalette((s) => s.close);
  // Datasets of every workspace, so that "go to" reaches those not opened yet this session.
  const workspaces = useWorkspaces((s) => s.items);
  const lists = useDatasets((s) => s.lists);
  useEffect(() => {
    for (const w of workspaces) {
      if (!useDatasets.getState().lists[w.id]) void useDatasets.getState().load(w.id);
    }
  }, [workspaces]);
  // Read when the lists change, so the dataset commands appear once they are loaded.
  const groups = useMemo(() => byGroup(allCommands()), [lists]); // eslint-disable-line react-hooks/exhaustive-deps

  const run = (command: Command) => {
    close();
    // After the palette has closed, so a dialog the command opens gets the focus.
    requestAnimationFrame(() => command.run());
  };

  return (
    <Dialog title="Command palette" onClose={close}>
      <Cmdk label="Commands" className="palette" loop>
        <Cmdk.Input
          autoFocus
          data-autofocus
          placeholder="Type a command, a dataset, a setting…"
          aria-label="Command"
        />
        <Cmdk.List className="palette-list" aria-label="Commands">
          <Cmdk.Empty>No command matches.</Cmdk.Empty>
          {groups.map(([group, commands]) => (
            <Cmdk.Group key={group} heading={group}>
              {commands.map((c) => (
                <Cmdk.Item
                  key={c.id}
                  value={`${c.group} ${c.title} ${c.id}`}
                  keywords={c.keywords ?? []}
                  disabled={c.enabled === false}
                  onSelect={() => run(c)}
                  className="palette-item"
                >
                  <span>{c.title}</span>
                  {c.keys?.[0] && <Keys keys={c.keys[0]} />}
                </Cmdk.Item>
              ))}
            </Cmdk.Group>
          ))}
        </Cmdk.List>
      </Cmdk>
    </Dialog>
  );
}

/** `?`: every command that has keys, by group. */
export function ShortcutList() {
  const close = usePalette((s) => s.close);
  const groups = byGroup(allCommands().filter((c) => c.keys && c.keys.length > 0));
  return (
    <Dialog title="Keyboard shortcuts" onClose={close}>
      {/* It scrolls: a tab stop lets the arrow keys and Page Down scroll it without a mouse. */}
      <div className="shortcut-list" tabIndex={0} role="group" aria-label="All shortcuts">
        {groups.map(([group, commands]) => (
          <section key={group} aria-label={group}>
            <h3 className="subheading">{group}</h3>
            <dl>
              {commands.map((c) => (
                <div key={c.id} className="shortcut-row">
                  <dt>{c.title}</dt>
                  <dd>
                    {(c.keys ?? []).map((k, i) => (
                      <span key={k}>
                        {i > 0 && ' or '}
                        <Keys keys={k} />
                      </span>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button primary" onClick={close}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
