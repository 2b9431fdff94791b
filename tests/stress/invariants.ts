import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

/** What the app acknowledged before a kill: it must all be there after the restart. */
export interface Acknowledged {
  /** Imported datasets: id → row count. */
  datasets: Map<string, number>;
  /** Versions an apply answered with: id → row count. */
  versions: Map<string, number>;
  /** Profiles: id → descriptions it may have (the last acknowledged, plus one sent but unanswered). */
  profiles: Map<string, Set<string>>;
  /** Board patch sets the app answered: id → the name of the project it made. */
  patchSets: Map<string, string>;
}

/** Tasks in each stress patch set (crash.ts), besides its project. */
export const PATCH_SET_TASKS = 24;

export function emptyAcknowledged(): Acknowledged {
  return { datasets: new Map(), versions: new Map(), profiles: new Map(), patchSets: new Map() };
}

function open(file: string): Database.Database {
  // Read-write: a reader of a WAL file may need to create its -shm; nothing here writes.
  const db = new Database(file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

function integrity(db: Database.Database, file: string, problems: string[]): void {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  const text = rows.map((r) => r.integrity_check).join('; ');
  if (text !== 'ok') problems.push(`${path.basename(file)}: integrity_check says ${text}`);
}

/**
 * Checks a data dir while the restarted app runs: every SQLite file passes integrity_check;
 * nothing half-made is visible (a dataset still importing, a data file or table no row refers
 * to, a version without its table, an import's leftover); everything acknowledged is there.
 * Returns the problems found (empty: all good) and how many files were checked.
 */
export function checkDataDir(dataDir: string, acked: Acknowledged): { problems: string[]; files: number } {
  const problems: string[] = [];
  const meta = open(path.join(dataDir, 'cairn.db'));
  let files = 1;
  try {
    integrity(meta, 'cairn.db', problems);
    const stuck = meta
      .prepare(`SELECT id, status FROM datasets WHERE status NOT IN ('ready', 'failed')`)
      .all();
    if (stuck.length > 0) problems.push(`datasets not finished: ${JSON.stringify(stuck)}`);
    const datasetRows = meta.prepare('SELECT id FROM datasets').all() as { id: string }[];
    const known = new Set(datasetRows.map((d) => d.id));
    const datasetsDir = path.join(dataDir, 'datasets');
    for (const name of fs.existsSync(datasetsDir) ? fs.readdirSync(datasetsDir) : []) {
      const id = /^(.+)\.sqlite(-wal|-shm|-journal)?$/.exec(name)?.[1];
      if (id === undefined || name.includes('partial')) problems.push(`leftover file in datasets/: ${name}`);
      else if (!known.has(id)) problems.push(`data file without a dataset: ${name}`);
    }
    const versionRows = meta
      .prepare('SELECT id, dataset_id AS datasetId, storage, relation, row_count AS rowCount FROM versions')
      .all() as { id: string; datasetId: string; storage: string; relation: string; rowCount: number }[];
    for (const id of known) {
      const file = path.join(datasetsDir, `${id}.sqlite`);
      if (!fs.existsSync(file)) {
        problems.push(`dataset ${id} has no data file`);
        continue;
      }
      files += 1;
      const data = open(file);
      try {
        integrity(data, file, problems);
        const relations = new Map(
          (
            data.prepare(`SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')`).all() as {
              name: string;
              type: string;
            }[]
          ).map((r) => [r.name, r.type]),
        );
        const mine = versionRows.filter((v) => v.datasetId === id);
        const referenced = new Set(mine.map((v) => v.relation));
        for (const [name] of relations) {
          if (name.startsWith('v_') && !referenced.has(name))
            problems.push(`${id}: table ${name} without a version`);
        }
        for (const v of mine) {
          if (v.storage === 'evicted') continue;
          if (relations.get(v.relation) !== v.storage) {
            problems.push(`version ${v.id} (${v.storage}) has no ${v.relation}`);
            continue;
          }
          const expected = acked.versions.get(v.id) ?? acked.datasets.get(v.datasetId);
          if (v.storage === 'table' && expected !== undefined) {
            const { n } = data.prepare(`SELECT count(*) AS n FROM "${v.relation}"`).get() as { n: number };
            if (n !== v.rowCount) problems.push(`version ${v.id}: ${n} rows, recorded ${v.rowCount}`);
          }
        }
      } finally {
        data.close();
      }
    }
    for (const [id, rows] of acked.datasets) {
      const row = meta.prepare('SELECT status FROM datasets WHERE id = ?').get(id) as
        { status: string } | undefined;
      if (row?.status !== 'ready') problems.push(`acknowledged dataset ${id} is ${row?.status ?? 'missing'}`);
      const root = versionRows.find((v) => v.datasetId === id && v.rowCount === rows);
      if (!root) problems.push(`acknowledged dataset ${id} lost its ${rows} rows`);
    }
    const versionIds = new Set(versionRows.map((v) => v.id));
    for (const id of acked.versions.keys()) {
      if (!versionIds.has(id)) problems.push(`acknowledged version ${id} is missing`);
    }
    for (const [id, allowed] of acked.profiles) {
      const row = meta.prepare('SELECT description FROM config_profiles WHERE id = ?').get(id) as
        { description: string } | undefined;
      if (!row) problems.push(`acknowledged profile ${id} is missing`);
      else if (!allowed.has(row.description))
        problems.push(`profile ${id} reads "${row.description}", not one of ${JSON.stringify([...allowed])}`);
    }
    checkPatchSets(meta, acked, problems);
    const uploads = path.join(dataDir, 'uploads');
    if (fs.existsSync(uploads) && fs.readdirSync(uploads).length > 0)
      problems.push('uploads/ was not emptied');
  } finally {
    meta.close();
  }
  return { problems, files };
}

/**
 * A patch set is all or nothing: every stress project (acknowledged or not) has all its tasks
 * and its logged set; every acknowledged set is there.
 */
function checkPatchSets(meta: Database.Database, acked: Acknowledged, problems: string[]): void {
  const projects = meta
    .prepare(
      `SELECT p.name AS name, (SELECT count(*) FROM tasks t WHERE t.project_id = p.id) AS tasks,
         (SELECT count(*) FROM patch_sets s WHERE s.summary = p.name) AS sets
       FROM projects p WHERE p.name LIKE 'stress %'`,
    )
    .all() as { name: string; tasks: number; sets: number }[];
  for (const p of projects) {
    if (p.tasks !== PATCH_SET_TASKS)
      problems.push(`project "${p.name}" has ${p.tasks} of ${PATCH_SET_TASKS} tasks`);
    if (p.sets !== 1) problems.push(`project "${p.name}" has ${p.sets} logged patch sets`);
  }
  const names = new Set(projects.map((p) => p.name));
  for (const [id, name] of acked.patchSets) {
    const row = meta.prepare('SELECT id FROM patch_sets WHERE id = ?').get(id);
    if (!row) problems.push(`acknowledged patch set ${id} is missing`);
    if (!names.has(name)) problems.push(`acknowledged patch set ${id} lost its project "${name}"`);
  }
}
