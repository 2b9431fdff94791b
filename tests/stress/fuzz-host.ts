import fs from 'node:fs';
import path from 'node:path';
import type { Dataset } from '../../src/shared/datasets';
import type { Profile } from '../../src/shared/profiles';
import type { Workspace } from '../../src/shared/workspaces';
import type { KnownIds } from '../fuzz/payloads';
import { fuzzContracts, type FuzzReport, type Sender } from '../fuzz/run';
import { startAppProcess } from './child';
import { HostClient } from './client';

/** The fuzzer's workspace, dataset and profile, made through the web host as a browser would. */
async function seedOverHttp(client: HostClient, dir: string): Promise<KnownIds> {
  const ws = await client.invoke<Workspace>('workspaces:create', { name: 'Fuzz' });
  const file = path.join(dir, 'fuzz.csv');
  fs.writeFileSync(file, 'name,age,city\nAda,36,London\nGrace,45,New York\nAlan,41,\n');
  const uploadId = await client.upload(file);
  await client.invoke('imports:start', {
    workspaceId: ws.id,
    source: { kind: 'upload', uploadId, fileName: 'fuzz.csv' },
  });
  for (;;) {
    const [dataset] = await client.invoke<Dataset[]>('datasets:list', { workspaceId: ws.id });
    if (dataset?.rootVersionId) {
      const [profile] = await client.invoke<Profile[]>('profiles:list', {});
      if (!profile) throw new Error('no profile to fuzz with');
      return {
        workspaceId: ws.id,
        datasetId: dataset.id,
        versionId: dataset.rootVersionId,
        profileId: profile.id,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The contract fuzzer through the built web host: invokes over HTTP, streams over one WebSocket,
 * payloads up to past each channel's body limit. A process that dies shows as CRASH answers.
 */
export async function fuzzHost(options: {
  dataDir: string;
  perContract: number;
  seed: number;
  timeoutMs: number;
}): Promise<FuzzReport & { appAlive: boolean }> {
  const app = await startAppProcess(options.dataDir);
  const client = new HostClient(app.port, app.token);
  let alive = true;
  void app.exited.then(() => {
    alive = false;
  });
  try {
    const ids = await seedOverHttp(client, options.dataDir);
    const send: Sender = async (kind, channel, payload) => {
      if (!alive) return 'CRASH';
      if (kind === 'stream') {
        const frame = await client.stream(channel, payload);
        return frame.type === 'end' ? 'OK' : frame.type === 'error' ? frame.error.code : 'CHUNK';
      }
      const res = await client.post(`/api/invoke/${channel}`, payload);
      const body = JSON.parse(res.body) as { ok: boolean; error?: { code: string } };
      return body.ok ? 'OK' : (body.error?.code ?? 'MALFORMED');
    };
    const report = await fuzzContracts({
      send,
      ids,
      perContract: options.perContract,
      seed: options.seed,
      timeoutMs: options.timeoutMs,
      huge: true,
    });
    return { ...report, appAlive: alive };
  } finally {
    client.close();
    await app.stop();
  }
}
