import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app';
import { useCleanup, useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const cleanup = useCleanup();

// Duplicate rows, a missing value and surrounding whitespace: problems with one-click fixes.
const MESSY = ['id,city,amount', '1, NY ,10', '2,LA,', '3,SF,30', '3,SF,30', '4,NY,40', '5,LA,50', ''].join(
  '\n',
);

async function setup() {
  const dir = tempDir();
  const app = await createTestApp(dir);
  cleanup(() => app.close());
  const ws = app.services.workspaces.create({ name: 'A', description: '' });
  const file = path.join(dir, 'messy.csv');
  fs.writeFileSync(file, MESSY);
  app.services.datasets.startImport({
    workspaceId: ws.id,
    source: { kind: 'path', path: file },
    options: {},
  });
  await app.services.datasets.idle();
  await app.services.analysis.idle();
  const dataset = app.services.datasets.list({ workspaceId: ws.id, includeArchived: false })[0]!;
  const scope = { workspaceId: ws.id, datasetId: dataset.id };
  return { app, ws, dataset, scope };
}

describe('analysis of versions', () => {
  it('profiles the imported version in a worker and stores the profile as its snapshot', async () => {
    const { app, dataset, scope } = await setup();
    const result = app.services.analysis.get({
      ...scope,
      versionId: dataset.rootVersionId!,
      goalType: 'data_quality',
    });
    expect(result.profile).toMatchObject({ rows: 6, columns: 3, duplicateRows: 1, missingCells: 1 });
    expect(result.analysis).toMatchObject({ status: 'completed', goalType: 'data_quality' });
    expect(result.analysis?.qualityScore).toBeGreaterThan(0);
    expect(result.analysis?.qualityScore).toBeLessThan(100);
    expect(result.trend).toEqual([
      { versionId: dataset.rootVersionId, score: result.analysis?.qualityScore },
    ]);
    const rules = result.analysis!.insights.map((i) => i.rule);
    expect(rules.some((r) => r.startsWith('duplicate'))).toBe(true);
  });

  it('fixing an insight creates a new version, marks the insight applied, and the new version scores higher', async () => {
    const { app, dataset, scope } = await setup();
    const before = app.services.analysis.get({
      ...scope,
      versionId: dataset.rootVersionId!,
      goalType: 'data_quality',
    });
    const duplicate = before.analysis!.insights.find((i) => i.type === 'duplicates' && i.fix !== null)!;
    expect(duplicate.fix).toMatchObject({ op: 'deduplicate' });

    const { versionId } = await app.services.analysis.fix({ ...scope, insightId: duplicate.id });
    await app.services.analysis.idle();
    const after = app.services.analysis.get({ ...scope, versionId, goalType: 'data_quality' });
    expect(after.profile?.duplicateRows).toBe(0);
    expect(after.analysis!.insights.some((i) => i.rule === duplicate.rule)).toBe(false);
    expect(after.analysis!.qualityScore!).toBeGreaterThan(before.analysis!.qualityScore!);
    expect(after.parentScore).toBe(before.analysis!.qualityScore);
    expect(after.trend.map((t) => t.versionId)).toEqual([dataset.rootVersionId, versionId]);

    const old = app.services.analysis.get({
      ...scope,
      versionId: dataset.rootVersionId!,
      goalType: 'data_quality',
    });
    expect(old.analysis!.insights.find((i) => i.id === duplicate.id)?.status).toBe('applied');
    await expect(app.services.analysis.fix({ ...scope, insightId: duplicate.id })).rejects.toThrow(
      /already applied/,
    );
  });

  it('dismisses an insight', async () => {
    const { app, dataset, scope } = await setup();
    const first = app.services.analysis.get({
      ...scope,
      versionId: dataset.rootVersionId!,
      goalType: 'data_quality',
    }).analysis!.insights[0]!;
    expect(app.services.analysis.dismiss({ ...scope, insightId: first.id }).status).toBe('dismissed');
  });

  it('runs the rules of the chosen goal, once per version and goal', async () => {
    const { app, dataset, scope } = await setup();
    const audit = app.services.analysis.get({
      ...scope,
      versionId: dataset.rootVersionId!,
      goalType: 'general_audit',
    });
    const again = app.services.analysis.get({
      ...scope,
      versionId: dataset.rootVersionId!,
      goalType: 'general_audit',
    });
    expect(audit.analysis?.goalType).toBe('general_audit');
    expect(again.analysis?.id).toBe(audit.analysis?.id);
  });
});
