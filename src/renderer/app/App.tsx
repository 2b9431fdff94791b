import { useEffect, useState } from 'react';
import { Link, Route, Router, Switch, useLocation } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { client } from '../lib/client';
import type { ConnectionStatus } from '../lib/transport';
import { RunsPage } from '../features/chat/RunsPage';
import { BoardsArea } from '../features/boards/BoardsArea';
import { BoardsPage } from '../features/boards/BoardsPage';
import { DatasetPage } from '../features/datasets/DatasetPage';
import { ExportPanel } from '../features/datasets/ExportPanel';
import { DropOverlay, ImportPanel } from '../features/datasets/ImportLayer';
import { subscribeToImports } from '../features/datasets/imports';
import { subscribeToDatasetChanges } from '../features/datasets/store';
import { HomePage } from '../features/home/HomePage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { subscribeToWorkspaceChanges, useWorkspaces } from '../features/workspaces/store';
import { WorkspaceList } from '../features/workspaces/WorkspaceList';
import { WorkspacePage } from '../features/workspaces/WorkspacePage';
import { FatalErrorScreen } from './FatalError';
import { useTheme, type ThemeChoice } from './theme';
import { errorMessage } from './toasts';
import { Toasts } from './Toasts';

function ThemeSelect() {
  const { choice, setChoice } = useTheme();
  return (
    <label className="field inline small">
      <span>Theme</span>
      <select value={choice} onChange={(e) => setChoice(e.target.value as ThemeChoice)}>
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}

function NavLink({ href, children }: { href: string; children: string }) {
  const [location] = useLocation();
  return (
    <Link href={href} className="nav-link" aria-current={location === href ? 'page' : undefined}>
      {children}
    </Link>
  );
}

function Sidebar() {
  return (
    <nav className="sidebar" aria-label="Main">
      <Link href="/" className="brand">
        Cairn
      </Link>
      <WorkspaceList />
      <ul className="nav-list" aria-label="Tools">
        <li>
          <NavLink href="/boards">Boards</NavLink>
        </li>
        <li>
          <NavLink href="/settings">Settings</NavLink>
        </li>
      </ul>
      <div className="sidebar-footer">
        <ThemeSelect />
      </div>
    </nav>
  );
}

function ConnectionBanner() {
  const [status, setStatus] = useState<ConnectionStatus>('connected');
  useEffect(() => client.transport.onStatus(setStatus), []);
  if (status !== 'disconnected') return null;
  return (
    <div className="banner" role="status">
      Lost the connection to Cairn’s backend. Trying again…
    </div>
  );
}

export function App() {
  const [startupError, setStartupError] = useState<string | null>(null);
  useEffect(() => {
    const unsubscribe = subscribeToWorkspaceChanges();
    const offDatasets = subscribeToDatasetChanges();
    const offImports = subscribeToImports();
    useWorkspaces
      .getState()
      .load()
      .catch((error: unknown) => setStartupError(errorMessage(error)));
    const onStatus = client.transport.onStatus((status) => {
      // After a reconnect, events may have been missed: reload what is on screen.
      if (status === 'connected')
        void useWorkspaces
          .getState()
          .load()
          .catch(() => undefined);
    });
    return () => {
      unsubscribe();
      offDatasets();
      offImports();
      onStatus();
    };
  }, []);

  if (startupError) {
    return <FatalErrorScreen title="Cairn could not load your workspaces" message={startupError} />;
  }

  return (
    <Router hook={useHashLocation}>
      <div className="layout">
        <Sidebar />
        <div className="content">
          <ConnectionBanner />
          <Switch>
            <Route path="/">
              <HomePage />
            </Route>
            <Route path="/w/:id">{(params) => <WorkspacePage id={params.id} />}</Route>
            <Route path="/w/:workspaceId/d/:datasetId">
              {(params) => (
                <DatasetPage
                  key={params.datasetId}
                  workspaceId={params.workspaceId}
                  datasetId={params.datasetId}
                />
              )}
            </Route>
            <Route path="/w/:workspaceId/runs">
              {(params) => <RunsPage workspaceId={params.workspaceId} />}
            </Route>
            {/* A task's link to the data: the dataset shown at one version (and its insights). */}
            <Route path="/w/:workspaceId/d/:datasetId/v/:versionId/:tab?">
              {(params) => (
                <DatasetPage
                  key={`${params.datasetId}/${params.versionId}`}
                  workspaceId={params.workspaceId}
                  datasetId={params.datasetId}
                  initialVersionId={params.versionId}
                  initialTab={params.tab === 'insights' ? 'insights' : undefined}
                />
              )}
            </Route>
            <Route path="/w/:workspaceId/boards" nest>
              {(params) => <BoardsArea workspaceId={params.workspaceId} />}
            </Route>
            <Route path="/boards">
              <BoardsPage />
            </Route>
            <Route path="/settings">
              <SettingsPage />
            </Route>
            <Route>
              <main className="page">
                <h1>Page not found</h1>
              </main>
            </Route>
          </Switch>
        </div>
      </div>
      <div className="activity-dock">
        <ExportPanel />
        <ImportPanel />
      </div>
      <DropOverlay />
      <Toasts />
    </Router>
  );
}
