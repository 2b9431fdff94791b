import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { deriveInsights, type InsightDraft } from '../../src/main/services/analysis/insights';
import { profileRelationWithExtras } from '../../src/main/services/analysis/profile';
import { registerSqlFunctions } from '../../src/main/services/datasets/operations';
import type { Column } from '../../src/shared/operations';
import { repoRoot } from '../helpers/paths';
import { createStoredTable, type Cell } from '../helpers/stored-table';

/**
 * The near-duplicate rules measured on a corpus (tests/fixtures/insights-corpus.json): code-like
 * columns where every value is a different thing (aircraft models, SKUs, postcodes, ICD-like codes,
 * versions) and columns of true variants. A merge is a proposed fix that makes two spellings one:
 * near_duplicates' find_replace, or case_variants' lower-casing. Precision must be 1.
 */

interface Corpus {
  common: number;
  rare: number;
  distinct: Record<string, string[]>;
  variants: Record<string, string[][]>;
}

const corpus = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'tests/fixtures/insights-corpus.json'), 'utf8'),
) as Corpus;

/** The insights of a one-column text table holding `values`. */
function insightsOf(name: string, values: string[]): InsightDraft[] {
  const db = new Database(':memory:');
  registerSqlFunctions(db);
  const columns: Column[] = [{ name, type: 'text' }];
  createStoredTable(
    db,
    't',
    columns,
    values.map((v): Cell[] => [v]),
  );
  const { profile, extras } = profileRelationWithExtras(db, 't', columns);
  return deriveInsights(profile, columns, 'data_quality', extras);
}

/** Each proposed merge as the set of raw spellings it joins (trimmed, as the rules report them). */
function merges(list: InsightDraft[], values: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const insight of list) {
    const fix = insight.fix;
    if (!fix) continue;
    if (insight.rule.startsWith('near_duplicates:') && fix.op === 'find_replace')
      out.push([fix.find, fix.replace]);
    if (insight.rule.startsWith('case_variants:') && fix.op === 'text_clean') {
      const groups = new Map<string, string[]>();
      for (const v of new Set(values)) {
        const key = v.trim().toLowerCase();
        groups.set(key, [...(groups.get(key) ?? []), v]);
      }
      for (const group of groups.values()) if (group.length > 1) out.push(group);
    }
  }
  return out;
}

function column(entries: string[][]): string[] {
  return entries.flatMap(([first, ...rest]) => [
    ...Array<string>(corpus.common).fill(first as string),
    ...rest.flatMap((v) => Array<string>(corpus.rare).fill(v)),
  ]);
}

describe('near-duplicate merges on the corpus', () => {
  const proposed: { column: string; pair: string[]; correct: boolean }[] = [];
  let expectedPairs = 0;
  let foundPairs = 0;

  it('proposes no merge in code-like columns, where one character makes another thing', () => {
    for (const [name, values] of Object.entries(corpus.distinct)) {
      // Every code is common somewhere: the first of each neighbouring pair common, the second rare.
      const pairs: string[][] = [];
      for (let i = 0; i < values.length; i += 2) pairs.push(values.slice(i, i + 2));
      const data = column(pairs);
      const found = merges(insightsOf(name, data), data);
      for (const pair of found) proposed.push({ column: name, pair, correct: false });
      expect(found, name).toEqual([]);
    }
  });

  it('proposes the merge of true variants: case, spaces, punctuation and accents', () => {
    for (const [name, groups] of Object.entries(corpus.variants)) {
      const data = column(groups);
      const found = merges(insightsOf(name, data), data);
      const sameGroup = (pair: string[]): boolean =>
        groups.some((g) => pair.every((v) => g.some((x) => x.trim() === v.trim())));
      for (const pair of found) proposed.push({ column: name, pair, correct: sameGroup(pair) });
      for (const group of groups) {
        for (const spelling of group.slice(1)) {
          expectedPairs++;
          if (found.some((pair) => pair.some((v) => v.trim() === spelling.trim()))) foundPairs++;
        }
      }
    }
    expect(proposed.filter((p) => !p.correct)).toEqual([]);
  });

  it('reports its precision (1.0 required) and recall', () => {
    const correct = proposed.filter((p) => p.correct).length;
    const precision = proposed.length === 0 ? 1 : correct / proposed.length;
    const recall = foundPairs / expectedPairs;
    console.log(
      `insight corpus: ${proposed.length} merges proposed, ${correct} correct: precision ${precision.toFixed(3)}; ${foundPairs} of ${expectedPairs} variant spellings found: recall ${recall.toFixed(3)}`,
    );
    expect(precision).toBe(1);
    expect(recall).toBe(1);
  });

  it('never calls a column of phone numbers one that mixes numbers, nor converts it to numbers', () => {
    const phones = [
      ...Array<string>(10).fill('5551234567'),
      ...Array<string>(10).fill('+1 555-123-4567'),
      ...Array<string>(10).fill('(555) 987-6543'),
    ].map((v, i) => v.replace(/7$/, String(i % 10)));
    for (const name of ['phone', 'contact']) {
      const list = insightsOf(name, phones);
      const rules = list.map((i) => i.rule.split(':')[0]);
      expect(rules, name).not.toContain('mixed_types');
      expect(rules, name).not.toContain('numbers_as_text');
      expect(list.find((i) => i.rule.startsWith('pattern_violation:'))?.fix ?? null, name).toBeNull();
    }
  });
});
