export function BoardsPage() {
  return (
    <main className="page" aria-labelledby="page-title">
      <h1 id="page-title">Boards</h1>
      <p className="muted">Task boards are not built yet.</p>
    </main>
  );
}
