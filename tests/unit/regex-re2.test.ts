import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { compileOperation, registerSqlFunctions } from '../../src/main/services/datasets/operations';
import type { Column, OperationInput } from '../../src/shared/operations';
import { CairnError } from '../../src/shared/result';
import { createStoredTable, type Cell } from '../helpers/stored-table';

/**
 * User patterns run on RE2 (re2js): time linear in the text, so a pattern built to backtrack
 * cannot hold a process; what RE2 cannot run is refused with a sentence saying why.
 */

const t: Column = { name: 't', type: 'text' };

function run(op: OperationInput, rows: Cell[][]): Cell[] {
  const db = new Database(':memory:');
  registerSqlFunctions(db);
  createStoredTable(db, 'v', [t], rows);
  const compiled = compileOperation(op, { source: '"v"', columns: [t] });
  const out = db
    .prepare(`SELECT "t" FROM (${compiled.select}) ORDER BY "__cairn_row"`)
    .raw()
    .all(...compiled.params);
  db.close();
  return (out as Cell[][]).map((r) => r[0] ?? null);
}

function refusal(find: string): string {
  try {
    compileOperation(
      { op: 'find_replace', columns: ['t'], find, replace: '', mode: 'regex' },
      { source: '"v"', columns: [t] },
    );
  } catch (error) {
    if (error instanceof CairnError && error.code === 'VALIDATION') return error.message;
    throw error;
  }
  throw new Error(`${find} was accepted`);
}

describe('find and replace with a regular expression, on RE2', () => {
  it('runs a catastrophic-backtracking pattern over long cells and finishes', () => {
    // On JavaScript's engine a 31-character cell took 12 s here, doubling with each character.
    const cells = [['a'.repeat(5_000) + 'b'], ['a'.repeat(40)], ['a'.repeat(31) + '!']];
    const out = run(
      { op: 'find_replace', columns: ['t'], find: '^(a+)+$', replace: 'all a', mode: 'regex' },
      cells,
    );
    expect(out).toEqual(['a'.repeat(5_000) + 'b', 'all a', 'a'.repeat(31) + '!']);
  });

  it('keeps JavaScript syntax: groups, $n, \\u escapes, classes, empty matches, case folding', () => {
    const op = (find: string, replace: string, caseSensitive = true): OperationInput => ({
      op: 'find_replace',
      columns: ['t'],
      find,
      replace,
      mode: 'regex',
      caseSensitive,
    });
    expect(run(op('(\\w+)@(\\w+)', '$2 at $1 ($$)'), [['ann@example'], [null]])).toEqual([
      'example at ann ($)',
      null,
    ]);
    expect(run(op('\\u00e9+', 'e'), [['caféé!']])).toEqual(['cafe!']);
    expect(run(op('x*', '-'), [['abxxc']])).toEqual(['-a-b--c-']);
    expect(run(op('É', 'E', false), [['😀é😀É']])).toEqual(['😀E😀E']);
    expect(run(op('(a)|(b)', '[$1$2]'), [['ab']])).toEqual(['[a][b]']);
  });

  it('refuses backreferences and lookaround with a reason, and still reports syntax errors', () => {
    expect(refusal('(a)\\1')).toBe(
      'The regular expression "(a)\\\\1" uses backreferences (\\1, \\2 …), which Cairn does not support: patterns run on a linear-time engine (RE2) so that no pattern can stall the app. Rewrite it without them.',
    );
    expect(refusal('a(?=b)')).toMatch(/uses lookahead and lookbehind/);
    expect(refusal('a(?!b)')).toMatch(/uses lookahead and lookbehind/);
    expect(refusal('(?<=a)b')).toMatch(/uses lookahead and lookbehind/);
    expect(refusal('(?<!a)b')).toMatch(/uses lookahead and lookbehind/);
    expect(refusal('(a')).toBe('The regular expression "(a" is not valid: Unterminated group.');
  });

  it('an escaped backslash or paren before a digit or ?= is not taken for a backreference or lookaround', () => {
    // \( then ?= is an optional paren followed by =: '(=' and '=' both match in '(=x='.
    expect(
      run({ op: 'find_replace', columns: ['t'], find: '\\\\1', replace: 'one', mode: 'regex' }, [['a\\1']]),
    ).toEqual(['aone']);
    expect(
      run({ op: 'find_replace', columns: ['t'], find: '\\(?=', replace: '', mode: 'regex' }, [['(=x=']]),
    ).toEqual(['x']);
  });

  it('case-insensitive "exact" and "contains" modes also run on RE2', () => {
    const exact: OperationInput = {
      op: 'find_replace',
      columns: ['t'],
      find: 'a.b',
      replace: 'Z',
      mode: 'exact',
      caseSensitive: false,
    };
    expect(run(exact, [['A.B'], ['axb']])).toEqual(['Z', 'axb']);
    const contains: OperationInput = {
      op: 'find_replace',
      columns: ['t'],
      find: '$(',
      replace: '$1',
      caseSensitive: false,
    };
    expect(run(contains, [['x$(y$(']])).toEqual(['x$1y$1']);
  });
});
