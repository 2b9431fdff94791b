import { useEffect, useState } from 'react';
import type { SystemInfo } from '../../../shared/system';
import { client } from '../../lib/client';
import { withErrorToast } from '../../app/toasts';

export function SettingsPage() {
  const [info, setInfo] = useState<SystemInfo | null>(null);
  useEffect(() => {
    void withErrorToast(client.invoke('system:info')).then((value) => value && setInfo(value));
  }, []);
  return (
    <main className="page" aria-labelledby="page-title">
      <h1 id="page-title">Settings</h1>
      <p className="muted">Assistant profiles are not built yet.</p>
      {info && (
        <dl className="facts" aria-label="About this installation">
          <dt>Version</dt>
          <dd>{info.appVersion}</dd>
          <dt>Running as</dt>
          <dd>{info.shell === 'desktop' ? 'Desktop app' : 'Local web host'}</dd>
          <dt>Data folder</dt>
          <dd>
            <code>{info.dataDir}</code>
          </dd>
          <dt>Database schema</dt>
          <dd>{info.schemaVersion}</dd>
        </dl>
      )}
    </main>
  );
}
