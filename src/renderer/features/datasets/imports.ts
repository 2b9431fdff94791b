import { create } from 'zustand';
import type { Dataset, ImportProgress, ImportSource } from '../../../shared/datasets';
import { DELIMITERS } from '../../../shared/datasets';
import { client } from '../../lib/client';
import { errorMessage } from '../../app/toasts';

export type Delimiter = (typeof DELIMITERS)[number];
export type SampleName = 'customers' | 'sensor_readings';

export interface ImportOptions {
  encoding?: string;
  delimiter?: Delimiter;
  name?: string;
}

/** Where a dataset's rows came from, kept for this session so it can be re-imported with other options. */
export type SourceMemo = { kind: 'file'; file: File } | { kind: 'sample'; sample: SampleName };

export interface ImportEntry {
  /** Local key: stable from the first moment (the upload) to the end. */
  key: string;
  jobId: string | null;
  workspaceId: string;
  fileName: string;
  state: 'waiting' | 'uploading' | 'running' | 'imported' | 'failed' | 'cancelled';
  /** Upload progress 0–1 (browser only). */
  uploaded: number;
  progress: ImportProgress | null;
  datasetId: string | null;
  dataset: Dataset | null;
  error: string | null;
}

interface ImportsState {
  entries: ImportEntry[];
  dismiss(key: string): void;
  dismissFinished(workspaceId: string): void;
}

export function isActive(entry: ImportEntry): boolean {
  return entry.state === 'waiting' || entry.state === 'uploading' || entry.state === 'running';
}

export const useImports = create<ImportsState>((set) => ({
  entries: [],
  dismiss: (key) => set((s) => ({ entries: s.entries.filter((e) => e.key !== key) })),
  dismissFinished: (workspaceId) =>
    set((s) => ({
      entries: s.entries.filter((e) => e.workspaceId !== workspaceId || isActive(e)),
    })),
}));

const sources = new Map<string, SourceMemo>();
const jobSources = new Map<string, SourceMemo>();
const finishWaiters = new Map<string, () => void>();
let nextKey = 1;

export function sourceOf(datasetId: string): SourceMemo | undefined {
  return sources.get(datasetId);
}

function update(key: string, patch: Partial<ImportEntry>): void {
  useImports.setState((s) => ({ entries: s.entries.map((e) => (e.key === key ? { ...e, ...patch } : e)) }));
}

function byJob(jobId: string): ImportEntry | undefined {
  return useImports.getState().entries.find((e) => e.jobId === jobId);
}

function add(entry: Omit<ImportEntry, 'key'>): string {
  const key = `import-${nextKey++}`;
  useImports.setState((s) => ({ entries: [...s.entries, { ...entry, key }] }));
  return key;
}

/** Events can overtake the reply to `imports:start`: they are kept until the job is claimed. */
const early = new Map<string, Partial<ImportEntry>>();

function applyToJob(jobId: string, patch: Partial<ImportEntry>): void {
  const entry = byJob(jobId);
  if (entry) {
    update(entry.key, patch);
    return;
  }
  // Unclaimed: another window's import, or the reply to our start is still on its way.
  if (!early.has(jobId)) setTimeout(() => early.delete(jobId), 120_000);
  early.set(jobId, { ...early.get(jobId), ...patch });
}

function blank(workspaceId: string, fileName: string): Omit<ImportEntry, 'key'> {
  return {
    jobId: null,
    workspaceId,
    fileName,
    state: 'waiting',
    uploaded: 0,
    progress: null,
    datasetId: null,
    dataset: null,
    error: null,
  };
}

async function startJob(key: string, workspaceId: string, source: ImportSource, options: ImportOptions) {
  const { jobId } = await client.invoke('imports:start', { workspaceId, source, options });
  const pending = early.get(jobId);
  early.delete(jobId);
  update(key, { jobId, state: 'running', ...pending });
  return jobId;
}

function waitForFinish(jobId: string): Promise<void> {
  const entry = byJob(jobId);
  if (entry && entry.state !== 'running') return Promise.resolve();
  return new Promise((resolve) => finishWaiters.set(jobId, resolve));
}

const isCancelled = (key: string): boolean =>
  useImports.getState().entries.find((e) => e.key === key)?.state === 'cancelled';

/** Imports one file: upload (browser) or path (desktop), then the backend's job. */
async function importOne(key: string, workspaceId: string, memo: SourceMemo, options: ImportOptions) {
  if (isCancelled(key)) return;
  try {
    let source: ImportSource;
    if (memo.kind === 'file') {
      update(key, { state: 'uploading' });
      source = await client.transport.sourceForFile(memo.file, (fraction) =>
        update(key, { uploaded: fraction }),
      );
    } else {
      source = { kind: 'sample', sample: memo.sample };
    }
    if (isCancelled(key)) return;
    const jobId = await startJob(key, workspaceId, source, options);
    const entry = byJob(jobId);
    if (entry?.datasetId) sources.set(entry.datasetId, memo);
    else jobSources.set(jobId, memo);
    await waitForFinish(jobId);
  } catch (error) {
    update(key, { state: 'failed', error: errorMessage(error) });
  }
}

let chain: Promise<void> = Promise.resolve();

/**
 * Files dropped together import one after another, in the order given; each is listed (waiting)
 * at once.
 */
function enqueue(workspaceId: string, memos: SourceMemo[], options: ImportOptions): Promise<void> {
  for (const memo of memos) {
    const fileName = memo.kind === 'file' ? memo.file.name : `${memo.sample}.csv`;
    const key = add(blank(workspaceId, fileName));
    const task = () => importOne(key, workspaceId, memo, options);
    chain = chain.then(task, task);
  }
  return chain;
}

export function importFiles(workspaceId: string, files: File[], options: ImportOptions = {}): Promise<void> {
  return enqueue(
    workspaceId,
    files.map((file) => ({ kind: 'file', file })),
    options,
  );
}

export function importSample(workspaceId: string, sample: SampleName, options: ImportOptions = {}) {
  return enqueue(workspaceId, [{ kind: 'sample', sample }], options);
}

export function reimport(workspaceId: string, memo: SourceMemo, options: ImportOptions) {
  return enqueue(workspaceId, [memo], options);
}

/** Stops an import: the backend's job if it has one, otherwise it never starts. */
export async function cancelImport(entry: ImportEntry): Promise<void> {
  if (!entry.jobId) {
    update(entry.key, { state: 'cancelled' });
    return;
  }
  await client.invoke('imports:cancel', { jobId: entry.jobId });
}

function dismissLater(jobId: string, ms: number): void {
  setTimeout(() => {
    const entry = byJob(jobId);
    if (entry) useImports.getState().dismiss(entry.key);
  }, ms);
}

/** Feeds the import list from the backend's events (of every window). */
export function subscribeToImports(): () => void {
  const offProgress = client.on('imports:progress', (progress) => {
    applyToJob(progress.jobId, { progress });
  });
  const offFinished = client.on('imports:finished', (done) => {
    const patch: Partial<ImportEntry> = {
      state: done.outcome,
      datasetId: done.datasetId,
      error: done.error?.message ?? null,
    };
    applyToJob(done.jobId, patch);
    const memo = jobSources.get(done.jobId);
    jobSources.delete(done.jobId);
    if (memo && done.datasetId) sources.set(done.datasetId, memo);
    finishWaiters.get(done.jobId)?.();
    finishWaiters.delete(done.jobId);
    if (done.outcome === 'cancelled') dismissLater(done.jobId, 6_000);
    // Long enough to read; the file is still where it was, so trying again is one drop away.
    if (done.outcome === 'failed') dismissLater(done.jobId, 60_000);
    if (done.datasetId) {
      // The import notes (long rows, renamed headers…) are part of the dataset.
      void client
        .invoke('datasets:get', { workspaceId: done.workspaceId, datasetId: done.datasetId })
        .then((dataset) => {
          applyToJob(done.jobId, { dataset });
          // The dataset list has it, and the dataset view repeats the notes.
          dismissLater(done.jobId, dataset.importNotes.length === 0 ? 15_000 : 30_000);
        })
        .catch(() => undefined);
    }
  });
  return () => {
    offProgress();
    offFinished();
  };
}
