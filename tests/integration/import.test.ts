import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportJobProgress, ImportJobResult } from '../../src/main/jobs/import';
import { createNodeLauncher } from '../../src/main/workers/launcher';
import { WorkerSupervisor } from '../../src/main/workers/supervisor';
import { CairnError } from '../../src/shared/result';
import { repoRoot } from '../helpers/paths';

/**
 * The importer on a corpus of difficult files, each run in a real worker process (the TypeScript
 * entry under tsx) through the supervisor, writing a real SQLite file in a temporary folder.
 *
 * Tests run concurrently (a worker start costs ~0.6 s), so each gets its own folder removed when
 * that test finishes: `useTempDirs` removes every folder after *each* test, which would pull
 * folders from under tests still running.
 */

/** Generous: every import starts a process that compiles TypeScript, and CI machines may be busy. */
const TEST_TIMEOUT_MS = 90_000;
const IMPORT_WORKER = path.join(repoRoot, 'src', 'main', 'workers', 'import-csv.ts');
const launcher = createNodeLauncher({ execArgv: ['--import', 'tsx'] });

type OnFinished = (fn: () => void) => void;

interface Imported {
  dir: string;
  dataFile: string;
  result?: ImportJobResult;
  error?: CairnError;
  progress: ImportJobProgress[];
}

interface ImportCase {
  name?: string;
  options?: { encoding?: string; delimiter?: ',' | ';' | '\t' | '|' };
  table?: string;
}

/** Writes `content` to a fresh folder and imports it in a worker. */
async function importContent(
  onTestFinished: OnFinished,
  content: string | Buffer,
  { name = 'input.csv', options = {}, table = 't' }: ImportCase = {},
): Promise<Imported> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-import-'));
  const supervisor = new WorkerSupervisor({ launcher });
  onTestFinished(() => {
    supervisor.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const sourcePath = path.join(dir, name);
  fs.writeFileSync(sourcePath, content);
  const dataFile = path.join(dir, 'data.sqlite');
  const progress: ImportJobProgress[] = [];
  const outcome: Imported = { dir, dataFile, progress };
  try {
    outcome.result = await supervisor.run<ImportJobResult, ImportJobProgress>(
      IMPORT_WORKER,
      { sourcePath, dataFile, table, fileName: name, options },
      { onProgress: (p) => progress.push(p) },
    );
  } catch (error) {
    if (!(error instanceof CairnError)) throw error;
    outcome.error = error;
  }
  return outcome;
}

/** Imports and expects success. */
async function imported(onTestFinished: OnFinished, content: string | Buffer, options: ImportCase = {}) {
  const outcome = await importContent(onTestFinished, content, options);
  if (outcome.error) throw new Error(`import failed: ${outcome.error.code}: ${outcome.error.message}`);
  return { ...outcome, result: outcome.result as ImportJobResult };
}

/** Imports and expects a refusal that leaves only the source file behind. */
async function refused(onTestFinished: OnFinished, content: string | Buffer, options: ImportCase = {}) {
  const outcome = await importContent(onTestFinished, content, options);
  expect(outcome.result).toBeUndefined();
  expect(fs.readdirSync(outcome.dir)).toEqual([options.name ?? 'input.csv']);
  return outcome.error as CairnError;
}

interface TableDump {
  /** Declared columns, the row number first. */
  columns: { name: string; type: string }[];
  rows: unknown[][];
  /** SQLite's typeof() of every stored value, row by row. */
  types: string[][];
}

function readTable(dataFile: string, table = 't'): TableDump {
  const db = new Database(dataFile);
  try {
    const quoted = `"${table.replace(/"/g, '""')}"`;
    const columns = (
      db.prepare(`PRAGMA table_info(${quoted})`).all() as { name: string; type: string }[]
    ).map(({ name, type }) => ({ name, type }));
    const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;
    const dataColumns = columns.slice(1).map((c) => q(c.name));
    const rows = db.prepare(`SELECT * FROM ${quoted} ORDER BY "__cairn_row"`).raw().all() as unknown[][];
    const types = dataColumns.length
      ? (db
          .prepare(
            `SELECT ${dataColumns.map((c) => `typeof(${c})`).join(', ')} FROM ${quoted} ORDER BY "__cairn_row"`,
          )
          .raw()
          .all() as string[][])
      : [];
    return { columns, rows, types };
  } finally {
    db.close();
  }
}

/** Rows without the row number. */
const values = (dump: TableDump): unknown[][] => dump.rows.map((row) => row.slice(1));

describe.concurrent('import: encodings', { timeout: TEST_TIMEOUT_MS }, () => {
  it('reads UTF-8 with a byte-order mark, which does not end up in the first column name', async ({
    onTestFinished,
  }) => {
    const { result, dataFile } = await imported(onTestFinished, '\uFEFFname,city\nJosé,Zürich\nRenée,Köln\n');
    expect(result.encoding).toBe('utf-8');
    expect(result.columns).toEqual([
      { name: 'name', type: 'text' },
      { name: 'city', type: 'text' },
    ]);
    expect(values(readTable(dataFile))).toEqual([
      ['José', 'Zürich'],
      ['Renée', 'Köln'],
    ]);
    expect(result.notes).toEqual([]);
  });

  it('reads UTF-16LE and UTF-16BE with a byte-order mark', async ({ onTestFinished }) => {
    const text = 'name,price\nJosé,5\n€uro,7\n';
    const le = await imported(
      onTestFinished,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    expect(le.result.encoding).toBe('utf-16le');
    expect(values(readTable(le.dataFile))).toEqual([
      ['José', 5],
      ['€uro', 7],
    ]);
    const be = await imported(onTestFinished, iconv.encode(text, 'utf-16be', { addBOM: true }));
    expect(be.result.encoding).toBe('utf-16be');
    expect(values(readTable(be.dataFile))).toEqual(values(readTable(le.dataFile)));
  });

  it('detects windows-1252 without a byte-order mark (é, ü, €) and says so in a note', async ({
    onTestFinished,
  }) => {
    const text =
      'name,city,price\nJosé,Zürich,5€\nRenée,Köln,3€\nFrançois,Genève,12€\nMüller,Düsseldorf,7€\n';
    const { result, dataFile } = await imported(onTestFinished, iconv.encode(text, 'windows-1252'));
    expect(result.encoding).toBe('windows-1252');
    expect(values(readTable(dataFile))).toEqual([
      ['José', 'Zürich', '5€'],
      ['Renée', 'Köln', '3€'],
      ['François', 'Genève', '12€'],
      ['Müller', 'Düsseldorf', '7€'],
    ]);
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(
      /^The file is not UTF-8; it was read as windows-1252 \(detected with \d+% confidence\)\. If characters look wrong, import it again choosing its encoding\.$/,
    );
  });

  it('uses the encoding asked for', async ({ onTestFinished }) => {
    const { result, dataFile } = await imported(onTestFinished, iconv.encode('a\nЖена\n', 'koi8-r'), {
      options: { encoding: 'KOI8-R' },
    });
    expect(result.encoding).toBe('koi8-r');
    expect(values(readTable(dataFile))).toEqual([['Жена']]);
  });

  it('refuses an unknown encoding by name', async ({ onTestFinished }) => {
    const error = await refused(onTestFinished, 'a\n1\n', { options: { encoding: 'klingon' } });
    expect(error.toInfo()).toEqual({
      code: 'VALIDATION',
      message:
        'Unknown encoding "klingon". Use a name such as utf-8, windows-1252, iso-8859-1, utf-16le or shift_jis.',
    });
  });

  it('refuses bytes that are not valid in the chosen UTF-8, naming the line', async ({ onTestFinished }) => {
    const content = iconv.encode('name,city\nAnna,Oslo\nJosé,Zürich\n', 'windows-1252');
    const error = await refused(onTestFinished, content, { options: { encoding: 'utf-8' } });
    expect(error.toInfo()).toEqual({
      code: 'VALIDATION',
      message:
        '"input.csv" is not valid UTF-8: line 3 has bytes that cannot be decoded. Import it again choosing its encoding (for example windows-1252).',
    });
  });

  it('refuses invalid UTF-8 found after the detection sample, with the right line', async ({
    onTestFinished,
  }) => {
    // 100 KB of ASCII (detected as UTF-8), a multi-line quoted value, then a windows-1252 byte.
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},row number ${i}`);
    const content = Buffer.concat([
      Buffer.from(`id,label\n${rows.join('\n')}\n5000,"two\nlines"\n`),
      Buffer.from([0x35, 0x30, 0x30, 0x31, 0x2c, 0x4a, 0x6f, 0x73, 0xe9, 0x0a]),
    ]);
    const error = await refused(onTestFinished, content);
    expect(error.message).toBe(
      '"input.csv" is not valid UTF-8: line 5004 has bytes that cannot be decoded. Import it again choosing its encoding (for example windows-1252).',
    );
  });
});

describe.concurrent('import: dialects', { timeout: TEST_TIMEOUT_MS }, () => {
  it('sniffs semicolons (with decimal commas in the values), tabs and pipes', async ({ onTestFinished }) => {
    const [semi, tab, pipe] = await Promise.all([
      imported(onTestFinished, 'name;price;qty\nTea;1,50;3\nCake, large;12,00;1\n'),
      imported(onTestFinished, 'name\tnote\nTea\thot, sweet\nCake\t"a\tb"\n'),
      imported(onTestFinished, 'a|b|c\n1|x, y|3\n4|z;w|6\n'),
    ]);
    expect(semi.result.delimiter).toBe(';');
    expect(values(readTable(semi.dataFile))).toEqual([
      ['Tea', '1,50', 3],
      ['Cake, large', '12,00', 1],
    ]);
    expect(tab.result.delimiter).toBe('\t');
    expect(values(readTable(tab.dataFile))).toEqual([
      ['Tea', 'hot, sweet'],
      ['Cake', 'a\tb'],
    ]);
    expect(pipe.result.delimiter).toBe('|');
    expect(values(readTable(pipe.dataFile))).toEqual([
      [1, 'x, y', 3],
      [4, 'z;w', 6],
    ]);
  });

  it('uses the delimiter asked for, even when another would split more', async ({ onTestFinished }) => {
    const { result, dataFile } = await imported(onTestFinished, 'a;b,c\n1;2,3\n', {
      options: { delimiter: ';' },
    });
    expect(result.delimiter).toBe(';');
    expect(result.columns.map((c) => c.name)).toEqual(['a', 'b,c']);
    expect(values(readTable(dataFile))).toEqual([[1, '2,3']]);
  });

  it('reads a single column (commas are reported as its delimiter)', async ({ onTestFinished }) => {
    const { result, dataFile } = await imported(onTestFinished, 'word\nalpha\n"beta; gamma"\n');
    expect(result.delimiter).toBe(',');
    expect(result.columns).toEqual([{ name: 'word', type: 'text' }]);
    expect(values(readTable(dataFile))).toEqual([['alpha'], ['beta; gamma']]);
    expect(result.notes).toEqual([]);
  });

  it('treats lines of tabs as blank in a tab-separated file', async ({ onTestFinished }) => {
    const { result, dataFile } = await imported(onTestFinished, 'a\tb\n1\t2\n\t\n \t \n3\t4\n');
    expect(result.delimiter).toBe('\t');
    expect(values(readTable(dataFile))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(result.notes).toEqual(['Skipped 2 blank lines.']);
  });

  it('reads quoted values holding delimiters, doubled quotes and line breaks', async ({ onTestFinished }) => {
    const content =
      'id,text,n\n' +
      '1,"a, b",10\n' +
      '2,"she said ""hi""",20\n' +
      '3,"line one\nline two\n\nline four",30\n' +
      '4,"",40\n' +
      '5,"""quoted""",50\n';
    const { result, dataFile } = await imported(onTestFinished, content);
    expect(result.rowCount).toBe(5);
    expect(values(readTable(dataFile))).toEqual([
      [1, 'a, b', 10],
      [2, 'she said "hi"', 20],
      [3, 'line one\nline two\n\nline four', 30],
      [4, null, 40],
      [5, '"quoted"', 50],
    ]);
  });

  it('reads on past a closing quote followed by text (as papaparse does) and names the line in a note', async ({
    onTestFinished,
  }) => {
    const { result, dataFile } = await imported(onTestFinished, 'a,b\n1,"Hello" world\n2,x\n3,"y"\n4,z\n');
    expect(values(readTable(dataFile))).toEqual([
      [1, 'Hello" world\n2,x\n3,"y'],
      [4, 'z'],
    ]);
    expect(result.notes).toEqual([
      '1 quoted value has a closing quote (") followed by more text, so it was read on to the next closing quote, which may have merged rows: line 2. Check the file around that line.',
    ]);
  });

  it('reads CRLF line endings, keeping CRLF inside quoted values', async ({ onTestFinished }) => {
    const { result, dataFile } = await imported(
      onTestFinished,
      'a,b,c\r\n1,"x\r\ny",z\r\n2,plain,"q"\r\n3,,\r\n',
    );
    expect(result.rowCount).toBe(3);
    expect(values(readTable(dataFile))).toEqual([
      [1, 'x\r\ny', 'z'],
      [2, 'plain', 'q'],
      [3, null, null],
    ]);
  });

  it('reads old Mac files with CR-only line endings', async ({ onTestFinished }) => {
    const { result, dataFile } = await imported(onTestFinished, 'a,b\r1,"two\rlines"\r2,y\r');
    expect(result.rowCount).toBe(2);
    expect(values(readTable(dataFile))).toEqual([
      [1, 'two\rlines'],
      [2, 'y'],
    ]);
  });

  it('reads a file whose last line has no line break, and one with a lone CRLF file mixed with LF', async ({
    onTestFinished,
  }) => {
    const last = await imported(onTestFinished, 'a,b\n1,2\n3,4');
    expect(values(readTable(last.dataFile))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const mixed = await imported(onTestFinished, 'a,b\r\n1,x\n2,y\r\n3,z\n');
    expect(values(readTable(mixed.dataFile))).toEqual([
      [1, 'x'],
      [2, 'y'],
      [3, 'z'],
    ]);
  });
});

describe.concurrent('import: rows', { timeout: TEST_TIMEOUT_MS }, () => {
  it('skips blank lines (also before the header and whitespace-only ones) and says how many', async ({
    onTestFinished,
  }) => {
    const { result, dataFile } = await imported(onTestFinished, '\n\na,b\n1,2\n\n   \n3,4\n\r\n');
    expect(values(readTable(dataFile))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(result.notes).toEqual(['Skipped 5 blank lines.']);
  });

  it('pads short rows with NULLs, drops the extra cells of long rows, and names their lines', async ({
    onTestFinished,
  }) => {
    const content = [
      'a,b,c', // line 1
      '1,2,3',
      '4,5', // 3: short
      '"multi', // 4: long row starting on a two-line value
      'line",7,8,9',
      '', // 6: blank
      '10,11,12,', // 7: trailing delimiter
      '13', // 8: short
      '14,15,16,17,18', // 9: long
      '19,20,21',
    ].join('\n');
    const { result, dataFile } = await imported(onTestFinished, `${content}\n`);
    expect(values(readTable(dataFile))).toEqual([
      ['1', 2, 3],
      ['4', 5, null],
      ['multi\nline', 7, 8],
      ['10', 11, 12],
      ['13', null, null],
      ['14', 15, 16],
      ['19', 20, 21],
    ]);
    expect(result.notes).toEqual([
      '2 rows had fewer cells than the 3 columns; the missing cells are empty: lines 3, 8.',
      '2 rows had more cells than the 3 columns; the extra cells were dropped: lines 4, 9.',
      '1 row ended with extra empty cells (a delimiter at the end of the line); they were ignored: line 7.',
      'Skipped 1 blank line.',
      'Column "a" mixes numbers and text (1 of 7 values is not a number, such as "multi\\nline"); kept as text.',
    ]);
  });

  it('lists the first five odd lines and counts the rest', async ({ onTestFinished }) => {
    const lines = ['a,b'];
    for (let i = 0; i < 20; i++) lines.push(i % 2 === 0 ? `${i},x,extra` : `${i},y`);
    const { result } = await imported(onTestFinished, `${lines.join('\n')}\n`);
    expect(result.notes).toEqual([
      '10 rows had more cells than the 2 columns; the extra cells were dropped: lines 2, 4, 6, 8, 10 (and 5 more).',
    ]);
  });

  it('imports a header without rows as an empty table, and says so', async ({ onTestFinished }) => {
    const { result, dataFile } = await imported(onTestFinished, 'a,b,c\n\n');
    expect(result.rowCount).toBe(0);
    expect(result.columns).toEqual([
      { name: 'a', type: 'text' },
      { name: 'b', type: 'text' },
      { name: 'c', type: 'text' },
    ]);
    expect(readTable(dataFile).rows).toEqual([]);
    expect(result.notes).toEqual([
      'Skipped 1 blank line.',
      'The file has column names but no rows: the table has 3 columns and no rows.',
    ]);
  });

  it('imports an 8 MB value', async ({ onTestFinished }) => {
    const chunk = 'lorem, "ipsum"\n dolor ';
    const big = chunk.repeat(Math.ceil((8 * 1024 * 1024) / chunk.length)).slice(0, 8 * 1024 * 1024);
    const content = `id,blob,after\n1,"${big.replace(/"/g, '""')}",end\n2,small,z\n`;
    const { result, dataFile } = await imported(onTestFinished, content);
    expect(result.rowCount).toBe(2);
    const db = new Database(dataFile);
    try {
      const rows = db.prepare('SELECT id, length(blob) AS n, blob = ? AS same, after FROM t').all(big);
      expect(rows).toEqual([
        { id: 1, n: 8 * 1024 * 1024, same: 1, after: 'end' },
        { id: 2, n: 5, same: 0, after: 'z' },
      ]);
    } finally {
      db.close();
    }
  });
});

describe.concurrent('import: header', { timeout: TEST_TIMEOUT_MS }, () => {
  it('trims names, names empty ones column_N, and suffixes repeats (ignoring case), with notes', async ({
    onTestFinished,
  }) => {
    const { result, dataFile } = await imported(
      onTestFinished,
      ' name ,,Name,a,a,a_2,__cairn_row,\n1,2,3,4,5,6,7,8\n',
    );
    expect(result.columns.map((c) => c.name)).toEqual([
      'name',
      'column_2',
      'Name_2',
      'a',
      'a_3',
      'a_2',
      '__cairn_row_2',
      'column_8',
    ]);
    expect(readTable(dataFile).columns.map((c) => c.name)).toEqual([
      '__cairn_row',
      ...result.columns.map((c) => c.name),
    ]);
    expect(values(readTable(dataFile))).toEqual([[1, 2, 3, 4, 5, 6, 7, 8]]);
    expect(result.notes).toEqual([
      'Removed spaces around a column name: "name".',
      '2 columns had no name; they are called "column_2", "column_8".',
      '"__cairn_row" is reserved by Cairn for row numbers: renamed "__cairn_row" to "__cairn_row_2".',
      'Column names must be unique (ignoring case): renamed "Name" to "Name_2", "a" to "a_3".',
    ]);
  });

  it('keeps hostile and unicode names verbatim and harmless, in a hostile table name too', async ({
    onTestFinished,
  }) => {
    const names = [
      '"; DROP TABLE x; --',
      '__proto__',
      'constructor',
      "it's",
      'naïve 名前 🚀',
      '[x]',
      '`y`',
      'a"b',
      'rowid',
    ];
    const header = names.map((n) => `"${n.replace(/"/g, '""')}"`).join(',');
    const table = 'x"; DROP TABLE t; --';
    const { result, dataFile } = await imported(onTestFinished, `${header}\n1,2,3,4,5,6,7,8,9\n`, { table });
    expect(result.columns.map((c) => c.name)).toEqual(names);
    expect(result.notes).toEqual([]);
    const dump = readTable(dataFile, table);
    expect(dump.columns.map((c) => c.name)).toEqual(['__cairn_row', ...names]);
    expect(values(dump)).toEqual([[1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    expect(dump.rows[0]?.[0]).toBe(1);
    const db = new Database(dataFile);
    try {
      const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all();
      expect(tables).toEqual([table]);
    } finally {
      db.close();
    }
  });

  it('imports 1,999 columns and refuses 2,000 with a message saying why and what to do', async ({
    onTestFinished,
  }) => {
    const wide = (n: number): string => {
      const cols = Array.from({ length: n }, (_, i) => `c${i + 1}`);
      return `${cols.join(',')}\n${cols.map((_, i) => i).join(',')}\n`;
    };
    const ok = await imported(onTestFinished, wide(1999));
    expect(ok.result.columns).toHaveLength(1999);
    expect(readTable(ok.dataFile).columns).toHaveLength(2000);

    const error = await refused(onTestFinished, wide(2000), { name: 'wide.csv' });
    expect(error.toInfo()).toEqual({
      code: 'VALIDATION',
      message:
        '"wide.csv" has 2,000 columns, but Cairn can import at most 1,999: a SQLite table holds at most 2,000 columns and Cairn uses one for row numbers. Split the file into narrower files (each with at most 1,999 columns) and import them separately.',
    });
  });
});

describe.concurrent('import: types', { timeout: TEST_TIMEOUT_MS }, () => {
  it('infers each type over all rows and stores typed values (checked with typeof)', async ({
    onTestFinished,
  }) => {
    const content = [
      'int,float,bool,date,datetime,text,code',
      '1,1.5,true,2024-02-29,2024-01-05T10:00:00Z,hello,00501',
      '-2,2,FALSE,2023-12-31,2024-01-05 10:00,  padded  ,12345',
      ' 3 ,-3.25e2, True ,  ,2024-01-05T10:00:00.123+0100,   ,02134',
      ',,,,2024-01-05T23:59-05,,',
    ].join('\n');
    const { result, dataFile } = await imported(onTestFinished, `${content}\n`);
    expect(result.columns).toEqual([
      { name: 'int', type: 'integer' },
      { name: 'float', type: 'float' },
      { name: 'bool', type: 'boolean' },
      { name: 'date', type: 'date' },
      { name: 'datetime', type: 'datetime' },
      { name: 'text', type: 'text' },
      { name: 'code', type: 'text' },
    ]);
    const dump = readTable(dataFile);
    expect(dump.columns.map((c) => c.type)).toEqual([
      'INTEGER',
      'INTEGER',
      'REAL',
      'INTEGER',
      'TEXT',
      'TEXT',
      'TEXT',
      'TEXT',
    ]);
    expect(values(dump)).toEqual([
      [1, 1.5, 1, '2024-02-29', '2024-01-05T10:00:00Z', 'hello', '00501'],
      [-2, 2, 0, '2023-12-31', '2024-01-05T10:00:00', '  padded  ', '12345'],
      [3, -325, 1, null, '2024-01-05T10:00:00.123+01:00', '   ', '02134'],
      [null, null, null, null, '2024-01-05T23:59:00-05:00', null, null],
    ]);
    expect(dump.types).toEqual([
      ['integer', 'real', 'integer', 'text', 'text', 'text', 'text'],
      ['integer', 'real', 'integer', 'text', 'text', 'text', 'text'],
      ['integer', 'real', 'integer', 'null', 'text', 'text', 'text'],
      ['null', 'null', 'null', 'null', 'text', 'null', 'null'],
    ]);
    expect(result.notes).toEqual([
      'Column "code" has codes with leading zeros (such as "00501"); it is kept as text so the zeros are not lost.',
    ]);
  });

  it('keeps mixed columns as text with a note, and keeps numbers-like text verbatim', async ({
    onTestFinished,
  }) => {
    const rows = ['age,joined,flag,phone,amount,mixed'];
    for (let i = 0; i < 997; i++) {
      rows.push(
        `${20 + (i % 50)},2024-01-${String((i % 28) + 1).padStart(2, '0')},true,+1 555 01${i % 10},1.5,${i}`,
      );
    }
    rows.push('unknown,2024-02-30,yes,,"1,234",x', 'N/A,03/04/2024,no,,1e3,2024-01-01', ',soon,false,,,true');
    const { result, dataFile } = await imported(onTestFinished, `${rows.join('\n')}\n`);
    expect(result.columns).toEqual([
      { name: 'age', type: 'text' },
      { name: 'joined', type: 'text' },
      { name: 'flag', type: 'text' },
      { name: 'phone', type: 'text' },
      { name: 'amount', type: 'text' },
      { name: 'mixed', type: 'text' },
    ]);
    expect(result.notes).toEqual([
      'Column "age" mixes numbers and text (2 of 999 values are not numbers, such as "unknown"); kept as text.',
      'Column "joined" mixes dates and text (3 of 1,000 values are not dates, such as "2024-02-30"); kept as text.',
      'Column "flag" mixes true/false values and text (2 of 1,000 values are not true/false, such as "yes"); kept as text.',
      'Column "amount" mixes numbers and text (1 of 999 values is not a number, such as "1,234"); kept as text.',
      'Column "mixed" mixes numbers and text (3 of 1,000 values are not numbers, such as "x"); kept as text.',
    ]);
    const dump = readTable(dataFile);
    expect(values(dump).slice(-3)).toEqual([
      ['unknown', '2024-02-30', 'yes', null, '1,234', 'x'],
      ['N/A', '03/04/2024', 'no', null, '1e3', '2024-01-01'],
      [null, 'soon', 'false', null, null, 'true'],
    ]);
    expect(values(dump)[0]).toEqual(['20', '2024-01-01', 'true', '+1 555 010', '1.5', '0']);
  });

  it('reads integers and floats at their edges exactly', async ({ onTestFinished }) => {
    const content = [
      'big,neg,tiny,huge,plus,sep,lead',
      '9007199254740991,-0,0.1,1.7976931348623157e308,+5,"1,000",0.5',
      '-9007199254740991,-17,.5,5.,+6,2,00.5',
      '1,-1,1e-7,-2.5E+10,7,3,1',
    ].join('\n');
    const { result, dataFile } = await imported(onTestFinished, `${content}\n`);
    expect(result.columns.map((c) => c.type)).toEqual([
      'integer',
      'integer',
      'float',
      'float',
      'text',
      'text',
      'text',
    ]);
    expect(values(readTable(dataFile))).toEqual([
      [9007199254740991, 0, 0.1, 1.7976931348623157e308, '+5', '1,000', '0.5'],
      [-9007199254740991, -17, 0.5, 5, '+6', '2', '00.5'],
      [1, -1, 1e-7, -2.5e10, '7', '3', '1'],
    ]);
  });

  it('keeps integers beyond 2^53 as text, so no digit is lost', async ({ onTestFinished }) => {
    const { result, dataFile } = await imported(
      onTestFinished,
      'id\n12345678901234567890\n9007199254740993\n',
    );
    expect(result.columns).toEqual([{ name: 'id', type: 'text' }]);
    expect(values(readTable(dataFile))).toEqual([['12345678901234567890'], ['9007199254740993']]);
  });

  it('stores dates among datetimes at midnight, with a note', async ({ onTestFinished }) => {
    const { result, dataFile } = await imported(onTestFinished, 'at\n2024-03-01T08:30:00Z\n2024-03-02\n');
    expect(result.columns).toEqual([{ name: 'at', type: 'datetime' }]);
    expect(values(readTable(dataFile))).toEqual([['2024-03-01T08:30:00Z'], ['2024-03-02T00:00:00']]);
    expect(result.notes).toEqual([
      'Column "at" has 1 date without a time among its datetimes; it is stored at midnight (T00:00:00).',
    ]);
  });
});

describe.concurrent('import: refusals leave nothing behind', { timeout: TEST_TIMEOUT_MS }, () => {
  it('an empty file', async ({ onTestFinished }) => {
    const error = await refused(onTestFinished, '', { name: 'empty.csv' });
    expect(error.toInfo()).toEqual({
      code: 'VALIDATION',
      message: '"empty.csv" is empty: there is nothing to import.',
    });
  });

  it('a file with only a byte-order mark', async ({ onTestFinished }) => {
    const error = await refused(onTestFinished, Buffer.from([0xef, 0xbb, 0xbf]), { name: 'bom.csv' });
    expect(error.message).toBe('"bom.csv" is empty: there is nothing to import.');
  });

  it('a file with only blank lines', async ({ onTestFinished }) => {
    const error = await refused(onTestFinished, '\n\n   \r\n\t\n', { name: 'blank.csv' });
    expect(error.toInfo()).toEqual({
      code: 'VALIDATION',
      message: '"blank.csv" has only blank lines: there is nothing to import.',
    });
  });

  it('a PNG renamed .csv', async ({ onTestFinished }) => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
      Buffer.from('IHDR'),
      Buffer.alloc(200, 7),
    ]);
    const error = await refused(onTestFinished, png, { name: 'photo.csv' });
    expect(error.toInfo()).toEqual({
      code: 'VALIDATION',
      message:
        '"photo.csv" is not a CSV file: it looks like a PNG image. Choose a CSV or other delimited text file.',
    });
  });

  it('an Excel workbook renamed .csv, and other binary data', async ({ onTestFinished }) => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('[Content_Types].xml')]);
    expect((await refused(onTestFinished, xlsx, { name: 'book.csv' })).message).toBe(
      '"book.csv" is not a CSV file: it looks like a ZIP archive (an Excel .xlsx workbook is one). Choose a CSV or other delimited text file.',
    );
    const binary = Buffer.from('a,b\n1,2\n\u0000\u0001\u0002binary');
    expect((await refused(onTestFinished, binary, { name: 'data.csv' })).message).toBe(
      '"data.csv" is not a CSV file: it contains binary data. Choose a CSV or other delimited text file.',
    );
  });

  it('a quote never closed, naming the line it opens on', async ({ onTestFinished }) => {
    const error = await refused(onTestFinished, 'a,b\n1,"two\nlines"\n3,4\n5,"oops\n6,7\n8,9\n');
    expect(error.toInfo()).toEqual({
      code: 'VALIDATION',
      message:
        'The quoted value that starts on line 5 is never closed: the file ends inside it. Add the missing closing quote (") and import again.',
    });
  });

  it('an invalid request, and a data file that already exists (which is left alone)', async ({
    onTestFinished,
  }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-import-'));
    const supervisor = new WorkerSupervisor({ launcher });
    onTestFinished(() => {
      supervisor.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const bad = await supervisor.run(IMPORT_WORKER, { sourcePath: 5 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(CairnError);
    expect((bad as CairnError).code).toBe('VALIDATION');
    expect((bad as CairnError).message).toMatch(/^Invalid import request: sourcePath: /);

    const sourcePath = path.join(dir, 'in.csv');
    fs.writeFileSync(sourcePath, 'a\n1\n');
    const dataFile = path.join(dir, 'data.sqlite');
    fs.writeFileSync(dataFile, 'precious');
    const input = { sourcePath, dataFile, table: 't', fileName: 'in.csv', options: {} };
    const conflict = await supervisor.run(IMPORT_WORKER, input).catch((e: unknown) => e);
    expect((conflict as CairnError).toInfo()).toEqual({
      code: 'CONFLICT',
      message: 'The data file "data.sqlite" already exists.',
    });
    expect(fs.readFileSync(dataFile, 'utf8')).toBe('precious');
    expect(fs.readdirSync(dir).sort()).toEqual(['data.sqlite', 'in.csv']);

    const missing = await supervisor
      .run(IMPORT_WORKER, {
        ...input,
        sourcePath: path.join(dir, 'gone.csv'),
        dataFile: path.join(dir, 'x.sqlite'),
      })
      .catch((e: unknown) => e);
    expect((missing as CairnError).toInfo()).toEqual({
      code: 'NOT_FOUND',
      message: '"in.csv" does not exist (any more).',
    });
  });
});

describe.concurrent('import: the shipped samples', { timeout: TEST_TIMEOUT_MS }, () => {
  it('imports customers.csv with its problems visible', async ({ onTestFinished }) => {
    const content = fs.readFileSync(path.join(repoRoot, 'samples', 'customers.csv'));
    const { result, dataFile } = await imported(onTestFinished, content, { name: 'customers.csv' });
    expect(result.rowCount).toBe(300);
    const types = Object.fromEntries(result.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({
      customer_id: 'integer',
      zip: 'text',
      age: 'text',
      signup_date: 'text',
      monthly_spend: 'float',
      is_active: 'boolean',
    });
    expect(result.notes.some((n) => n.startsWith('Column "zip" has codes with leading zeros'))).toBe(true);
    expect(result.notes.some((n) => n.startsWith('Column "age" mixes numbers and text'))).toBe(true);
    const db = new Database(dataFile);
    try {
      const dupes = db
        .prepare('SELECT count(*) FROM (SELECT customer_id FROM t GROUP BY customer_id HAVING count(*) > 1)')
        .pluck()
        .get() as number;
      expect(dupes).toBeGreaterThan(0);
      expect(db.prepare(`SELECT count(*) FROM t WHERE zip LIKE '0%'`).pluck().get()).toBeGreaterThan(0);
      expect(
        db.prepare(`SELECT count(DISTINCT state) > count(DISTINCT upper(state)) FROM t`).pluck().get(),
      ).toBe(1);
      expect(db.prepare(`SELECT count(*) FROM t WHERE email IS NULL`).pluck().get()).toBeGreaterThan(0);
      expect(
        db.prepare(`SELECT count(*) FROM t WHERE email NOT LIKE '%_@_%._%'`).pluck().get(),
      ).toBeGreaterThan(0);
      expect(
        db.prepare(`SELECT count(*) FROM t WHERE first_name <> trim(first_name)`).pluck().get(),
      ).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('imports sensor_readings.csv with its problems visible', async ({ onTestFinished }) => {
    const content = fs.readFileSync(path.join(repoRoot, 'samples', 'sensor_readings.csv'));
    const { result, dataFile } = await imported(onTestFinished, content, { name: 'sensor_readings.csv' });
    expect(result.rowCount).toBe(500);
    const types = Object.fromEntries(result.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({
      reading_id: 'integer',
      recorded_at: 'datetime',
      temperature_c: 'float',
      pressure_hpa: 'text',
      battery_v: 'float',
    });
    const db = new Database(dataFile);
    try {
      expect(db.prepare('SELECT max(temperature_c) FROM t').pluck().get()).toBe(999.9);
      expect(db.prepare('SELECT count(*) FROM t WHERE temperature_c IS NULL').pluck().get()).toBeGreaterThan(
        0,
      );
      expect(
        db.prepare('SELECT count(DISTINCT status) > count(DISTINCT lower(status)) FROM t').pluck().get(),
      ).toBe(1);
      const dupes = db
        .prepare('SELECT count(*) FROM (SELECT 1 FROM t GROUP BY reading_id HAVING count(*) > 1)')
        .pluck()
        .get() as number;
      expect(dupes).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});
