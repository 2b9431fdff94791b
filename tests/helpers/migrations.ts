import fs from 'node:fs';
import path from 'node:path';
import { realMigrationsDir } from './paths';

interface JournalEntry {
  idx: number;
  version: string;
  when: number;
  tag: string;
  breakpoints: boolean;
}

interface Journal {
  version: string;
  dialect: string;
  entries: JournalEntry[];
}

/** A private copy of the app's drizzle folder that a test can append synthetic migrations to. */
export class MigrationsCopy {
  readonly dir: string;

  constructor(parent: string) {
    this.dir = path.join(parent, 'drizzle');
    fs.cpSync(realMigrationsDir, this.dir, { recursive: true });
  }

  private get journalFile(): string {
    return path.join(this.dir, 'meta', '_journal.json');
  }

  journal(): Journal {
    return JSON.parse(fs.readFileSync(this.journalFile, 'utf8')) as Journal;
  }

  /** Tags in journal order. */
  tags(): string[] {
    return this.journal().entries.map((e) => e.tag);
  }

  /**
   * Appends a migration (statements joined with drizzle's breakpoint marker) with a `when` one
   * second after the newest one. Returns its tag.
   */
  append(name: string, statements: string[]): string {
    const journal = this.journal();
    const last = journal.entries.at(-1);
    if (!last) throw new Error('The copied journal is empty.');
    const idx = last.idx + 1;
    const tag = `${String(idx).padStart(4, '0')}_${name}`;
    journal.entries.push({ idx, version: '6', when: last.when + 1000, tag, breakpoints: true });
    fs.writeFileSync(path.join(this.dir, `${tag}.sql`), statements.join('\n--> statement-breakpoint\n'));
    fs.writeFileSync(this.journalFile, JSON.stringify(journal, null, 2));
    return tag;
  }
}
