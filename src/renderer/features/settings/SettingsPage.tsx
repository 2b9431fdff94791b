import { useEffect, useState } from 'react';
import type { SystemInfo } from '../../../shared/system';
import { client } from '../../lib/client';
import { withErrorToast } from '../../app/toasts';
import { ProfilesPanel } from '../profiles/ProfilesPanel';

export function SettingsPage() {
  const [info, setInfo] = useState<SystemInfo | null>(null);
  useEffect(() => {
    void withErrorToast(client.invoke('system:info')).then((value) => value && setInfo(value));
  }, []);
  return (
    <main className="page wide" aria-labelledby="page-title">
      <h1 id="page-title">Settings</h1>
      <ProfilesPanel />
      <h2 className="section-title">About this installation</h2>
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
