import { useWorkspaces } from '../workspaces/store';

export function HomePage() {
  const count = useWorkspaces((s) => s.items.length);
  return (
    <main className="page" aria-labelledby="page-title">
      <h1 id="page-title">Welcome to Cairn</h1>
      <p>A local-first workbench for tabular data. Everything stays on this machine.</p>
      <p className="muted">
        {count === 0
          ? 'Start by creating a workspace with the + button in the sidebar.'
          : 'Pick a workspace in the sidebar, or create another with the + button.'}
      </p>
    </main>
  );
}
