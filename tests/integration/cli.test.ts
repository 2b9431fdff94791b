import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';
import { useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();

function cairn(dataDir: string, ...args: string[]) {
  const run = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'bin/cairn.mjs'), '--data-dir', dataDir, ...args],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { code: run.status, out: run.stdout, err: run.stderr };
}

function json<T>(result: { out: string }): T {
  return JSON.parse(result.out) as T;
}

describe('the cairn command line', () => {
  it(
    'imports, lists, writes a recipe, replays it on next month’s file and exports the result',
    { timeout: 120_000 },
    () => {
      const dir = tempDir();
      const data = path.join(dir, 'data');
      const october = path.join(dir, 'october.csv');
      const november = path.join(dir, 'november.csv');
      fs.writeFileSync(october, 'id,region,amount\n1,north,10\n2,south,\n3,north,30\n3,north,30\n');
      fs.writeFileSync(november, 'id,region,amount\n7,north,5\n8,north,\n9,south,1\n');

      const imported = cairn(data, 'import', october, '--json');
      expect(imported.code).toBe(0);
      const dataset = json<{ id: string; name: string; rowCount: number }>(imported);
      expect(dataset).toMatchObject({ name: 'october', rowCount: 4 });

      const listed = json<{ id: string }[]>(cairn(data, 'datasets', '--json'));
      expect(listed.map((d) => d.id)).toEqual([dataset.id]);

      const profiled = json<{ quality: { score: number }; profile: { rows: number; duplicateRows: number } }>(
        cairn(data, 'profile', 'october', '--json'),
      );
      expect(profiled.profile).toMatchObject({ rows: 4, duplicateRows: 1 });
      expect(profiled.quality.score).toBeGreaterThan(0);
      const found = json<{ goal: string; insights: { type: string; fix: { op: string } | null }[] }>(
        cairn(data, 'insights', 'october', '--goal', 'ml_preparation', '--json'),
      );
      expect(found.goal).toBe('ml_preparation');
      expect(found.insights.find((i) => i.type === 'duplicates')?.fix?.op).toBe('deduplicate');

      // Build a two-step recipe by hand, as a person would after exploring in the app.
      const recipeFile = path.join(dir, 'clean.json');
      const recipe = {
        format: 'cairn-recipe',
        version: 1,
        columns: [
          { name: 'id', type: 'integer' },
          { name: 'region', type: 'text' },
          { name: 'amount', type: 'integer' },
        ],
        operations: [
          { op: 'deduplicate', keep: 'first' },
          { op: 'fill_missing', columns: ['amount'], strategy: 'value', value: 0 },
        ],
      };
      fs.writeFileSync(recipeFile, JSON.stringify(recipe));
      const applied = cairn(data, 'apply', recipeFile, 'october', '--json');
      expect(applied.code).toBe(0);
      expect(json<{ version: { rowCount: number } }>(applied).version.rowCount).toBe(3);

      const versions = json<{ current: boolean }[]>(cairn(data, 'versions', 'october', '--json'));
      expect(versions).toHaveLength(3);
      expect(versions.at(-1)?.current).toBe(true);

      const exported = cairn(data, 'recipe', 'october', '--format', 'json', '--json');
      const text = json<{ text: string }>(exported).text;
      expect(JSON.parse(text).operations).toEqual([
        { op: 'deduplicate', keep: 'first' },
        { op: 'fill_missing', columns: ['amount'], strategy: 'value', value: 0 },
      ]);

      const nextMonth = cairn(data, 'apply', recipeFile, november, '--json');
      expect(nextMonth.code).toBe(0);
      const out = path.join(dir, 'november-clean.csv');
      const written = cairn(data, 'export', 'november', '-o', out, '--json');
      expect(written.code).toBe(0);
      expect(fs.readFileSync(out, 'utf8')).toBe(
        'id,region,amount\r\n7,north,5\r\n8,north,0\r\n9,south,1\r\n',
      );

      const human = cairn(data, 'versions', 'october');
      expect(human.out).toMatch(/\*v3 /);
    },
  );

  it(
    'says "Nothing to change" for a recipe that changes nothing, and skips such steps in one that does',
    { timeout: 120_000 },
    () => {
      const dir = tempDir();
      const data = path.join(dir, 'data');
      const file = path.join(dir, 'clean.csv');
      fs.writeFileSync(file, 'id,amount\n1,10\n2,\n');
      expect(cairn(data, 'import', file, '--json').code).toBe(0);
      const columns = [
        { name: 'id', type: 'integer' },
        { name: 'amount', type: 'integer' },
      ];
      const recipe = (operations: unknown[]) => {
        const recipeFile = path.join(dir, `r${operations.length}.json`);
        fs.writeFileSync(
          recipeFile,
          JSON.stringify({ format: 'cairn-recipe', version: 1, columns, operations }),
        );
        return recipeFile;
      };
      const dedupe = { op: 'deduplicate', keep: 'first' };
      const nothing = cairn(data, 'apply', recipe([dedupe]), 'clean', '--json');
      expect(nothing.code).toBe(1);
      expect(json(nothing)).toEqual({
        error: {
          code: 'VALIDATION',
          message: 'Nothing to change: no step of the recipe changes this dataset. No version was made.',
        },
      });
      const fill = { op: 'fill_missing', columns: ['amount'], strategy: 'value', value: 0 };
      const some = cairn(data, 'apply', recipe([dedupe, fill]), 'clean');
      expect(some.code).toBe(0);
      expect(some.out).toMatch(/^Applied 1 step to “clean”: now 2 rows × 2 columns/);
      expect(some.out).toMatch(/\nStep 1: Nothing to change: /);
      expect(json<unknown[]>(cairn(data, 'versions', 'clean', '--json'))).toHaveLength(2);
    },
  );

  it(
    'writes a recipe for each engine, names a step an engine cannot run, and refuses a file with other columns',
    // Nine runs of the command, each starting the app: several seconds apiece on a busy machine.
    { timeout: 300_000 },
    () => {
      const dir = tempDir();
      const data = path.join(dir, 'data');
      const people = path.join(dir, 'people.csv');
      fs.writeFileSync(people, 'name,city\nAnn,NY\nÉve,LA\n');
      expect(cairn(data, 'import', people, '--json').code).toBe(0);
      const recipeFile = path.join(dir, 'upper.json');
      fs.writeFileSync(
        recipeFile,
        JSON.stringify({
          format: 'cairn-recipe',
          version: 1,
          columns: [
            { name: 'name', type: 'text' },
            { name: 'city', type: 'text' },
          ],
          operations: [{ op: 'text_clean', columns: ['name'], trim: true, case: 'upper' }],
        }),
      );
      expect(cairn(data, 'apply', recipeFile, 'people', '--json').code).toBe(0);

      const sqlite = cairn(data, 'recipe', 'people', '--format', 'sql', '--dialect', 'sqlite', '--json');
      expect(sqlite.code).toBe(1);
      expect(json<{ error: { code: string; message: string } }>(sqlite).error).toEqual({
        code: 'VALIDATION',
        message: expect.stringContaining(
          'Step 1 (Clean text in "name": trim spaces, uppercase) cannot be exported to SQLite (the sqlite3 shell)',
        ),
      });
      const script = path.join(dir, 'upper.sql');
      const duckdb = cairn(data, 'recipe', 'people', '--format', 'sql', '--dialect', 'duckdb', '-o', script);
      expect(duckdb.code).toBe(0);
      expect(fs.readFileSync(script, 'utf8')).toContain("read_csv('people.csv'");
      const ray = cairn(data, 'recipe', 'people', '--format', 'ray', '--input', 's3://b/people.csv');
      expect(ray.out).toContain('INPUT = sys.argv[1] if len(sys.argv) > 1 else "s3://b/people.csv"');
      expect(cairn(data, 'recipe', 'people', '--format', 'pandas', '--dialect', 'duckdb').err).toContain(
        '--dialect goes with --format sql.',
      );

      const wider = path.join(dir, 'wider.csv');
      fs.writeFileSync(wider, 'name,city,email\nBo,SF,bo@example.com\n');
      const refused = cairn(data, 'apply', recipeFile, wider, '--json');
      expect(refused.code).toBe(1);
      expect(json<{ error: { message: string } }>(refused).error.message).toContain(
        'extra column “email” that the recipe does not know',
      );
    },
  );

  it('answers errors with a code and a message, as JSON with --json, and a non-zero exit', () => {
    const data = tempDir();
    const missing = cairn(data, 'versions', 'nope', '--json');
    expect(missing.code).toBe(1);
    expect(json(missing)).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'There is no dataset “nope” in this workspace. See: cairn datasets',
      },
    });

    const badFile = path.join(data, 'x.csv');
    fs.writeFileSync(badFile, '');
    const empty = cairn(data, 'import', badFile, '--json');
    expect(empty.code).toBe(1);
    expect(json<{ error: { code: string } }>(empty).error.code).toBe('VALIDATION');

    const unknown = cairn(data, 'frobnicate');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Unknown command “frobnicate”');
  });
});
