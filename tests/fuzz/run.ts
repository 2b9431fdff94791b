import fs from 'node:fs';
import path from 'node:path';
import type { CairnApp } from '../../src/main/app';
import { registry } from '../../src/shared/registry';
import { channelSeed, payloadsFor, type KnownIds } from './payloads';

/** How one payload was answered: `OK`, an error code, `HANG` (no answer in time) or `CRASH`. */
export type Outcome = string;

/** Sends one payload (JSON text, '' for none) on a channel and says how it was answered. */
export type Sender = (kind: 'invoke' | 'stream', channel: string, payload: string) => Promise<Outcome>;

export interface FuzzReport {
  seed: number;
  perContract: number;
  total: number;
  byCode: Record<string, number>;
  byChannel: Record<string, Record<string, number>>;
  /** Every INTERNAL, HANG or CRASH, with the payload's start, to reproduce it. */
  failures: { channel: string; outcome: Outcome; payload: string }[];
  seconds: number;
  /** The contracts that took longest, to keep the run fast. */
  slowest: { channel: string; seconds: number }[];
}

const BAD = new Set(['INTERNAL', 'HANG', 'CRASH']);

/** One workspace with a small dataset and one profile: ids the payloads can point at. */
export async function seedApp(app: CairnApp, dir: string): Promise<KnownIds> {
  const ws = app.services.workspaces.create({ name: 'Fuzz', description: '' });
  const file = path.join(dir, 'fuzz.csv');
  fs.writeFileSync(file, 'name,age,city\nAda,36,London\nGrace,45,New York\nAlan,41,\n');
  app.services.datasets.startImport({
    workspaceId: ws.id,
    source: { kind: 'path', path: file },
    options: {},
  });
  await app.services.datasets.idle();
  const [dataset] = app.services.datasets.list({ workspaceId: ws.id, includeArchived: false });
  if (!dataset?.rootVersionId) throw new Error('The fuzz seed import failed.');
  const profile = app.services.profiles.list()[0];
  if (!profile) throw new Error('The app has no profile to fuzz with.');
  return {
    workspaceId: ws.id,
    datasetId: dataset.id,
    versionId: dataset.rootVersionId,
    profileId: profile.id,
  };
}

/** Resolves with `promise`'s value, or with 'HANG' after `ms`. */
export function withTimeout(promise: Promise<Outcome>, ms: number): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve('HANG'), ms);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

/** Runs `perContract` payloads through every invoke and stream contract, in order, one at a time. */
export async function fuzzContracts(options: {
  send: Sender;
  ids: KnownIds;
  perContract: number;
  seed: number;
  timeoutMs: number;
  /** Also send payloads over the web host's per-channel body limit. */
  huge?: boolean;
}): Promise<FuzzReport> {
  const started = Date.now();
  const report: FuzzReport = {
    seed: options.seed,
    perContract: options.perContract,
    total: 0,
    byCode: {},
    byChannel: {},
    failures: [],
    seconds: 0,
    slowest: [],
  };
  for (const contract of registry.all) {
    if (contract.kind === 'event') continue;
    const counts: Record<string, number> = {};
    report.byChannel[contract.channel] = counts;
    const payloads = payloadsFor(
      contract.channel,
      contract.input,
      options.perContract,
      channelSeed(contract.channel, options.seed),
      options.ids,
      options.huge ?? false,
    );
    const channelStarted = Date.now();
    for (const payload of payloads) {
      let outcome: Outcome;
      try {
        outcome = await withTimeout(
          options.send(contract.kind, contract.channel, payload),
          options.timeoutMs,
        );
      } catch {
        outcome = 'CRASH';
      }
      counts[outcome] = (counts[outcome] ?? 0) + 1;
      report.byCode[outcome] = (report.byCode[outcome] ?? 0) + 1;
      report.total += 1;
      if (BAD.has(outcome)) {
        report.failures.push({ channel: contract.channel, outcome, payload: payload.slice(0, 300) });
      }
    }
    report.slowest.push({ channel: contract.channel, seconds: (Date.now() - channelStarted) / 1000 });
  }
  report.seconds = Math.round((Date.now() - started) / 100) / 10;
  report.slowest = report.slowest.sort((a, b) => b.seconds - a.seconds).slice(0, 5);
  return report;
}

/** The Handlers of an app in this process, as a Sender (the transport-free door). */
export function handlersSender(app: CairnApp): Sender {
  return async (kind, channel, payload) => {
    const input: unknown = payload === '' ? undefined : JSON.parse(payload);
    if (kind === 'invoke') {
      const result = await app.handlers.invoke(channel, input, { transport: 'test' });
      return result.ok ? 'OK' : result.error.code;
    }
    return new Promise<Outcome>((resolve) => {
      app.handlers.startStream(channel, 'fuzz', input, { transport: 'test' }, (frame) => {
        if (frame.type === 'end') resolve('OK');
        if (frame.type === 'error') resolve(frame.error.code);
      });
    });
  };
}
