#!/usr/bin/env node
// `npm test`: every check, in order, then one summary. Steps run even after a failure so one
// run shows everything that is wrong; the exit code is non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

// Not test-results/: Playwright empties that folder when it starts.
const results = 'test-reports';
fs.mkdirSync(results, { recursive: true });
const vitestJson = `${results}/vitest.json`;
const playwrightJson = `${results}/playwright.json`;
for (const file of [vitestJson, playwrightJson]) fs.rmSync(file, { force: true });

const steps = [
  { name: 'typecheck', cmd: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'lint', cmd: ['npm', 'run', '--silent', 'lint'] },
  {
    name: 'vitest',
    cmd: ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
  },
  { name: 'playwright', cmd: ['npx', 'playwright', 'test'] },
  // The contract fuzzer through the web host and SIGKILLs with restarts, on the app Playwright's
  // global setup just built (docs/reliability.md). CAIRN_STRESS_FUZZ / CAIRN_STRESS_KILLS size it.
  { name: 'stress', cmd: ['npm', 'run', '--silent', 'test:stress'], env: { CAIRN_SKIP_BUILD: '1' } },
  // Exported recipes on the real engines (sqlite3 shell, DuckDB, PGlite, pandas, Ray); it prepares
  // its Python venv (.venv-engines) from the configured package index first (docs/recipes.md).
  { name: 'engines', cmd: ['npm', 'run', '--silent', 'test:engines'] },
];

const outcome = [];
for (const step of steps) {
  console.log(`\n== ${step.name}: ${step.cmd.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(step.cmd[0], step.cmd.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, ...(step.env ?? {}) },
  });
  outcome.push({ name: step.name, ok: run.status === 0, seconds: (Date.now() - started) / 1000 });
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const counts = { passed: 0, failed: 0, skipped: 0 };
const skippedNames = [];
// Named in the summary with their first error line: CI shows only the tail of its output, and a
// failure that names nothing cannot be fixed from there.
const failedNames = [];
const firstLine = (text) =>
  stripVTControlCharacters(String(text ?? ''))
    .split('\n')
    .find((l) => l.trim()) ?? '';
/** The lines that say what differed (expected, received, a diff), up to the call log. */
const gist = (text, max = 12) => {
  const lines = [];
  for (const line of stripVTControlCharacters(String(text ?? ''))
    .split('\n')
    .slice(1)) {
    if (/^\s*Call log:/.test(line)) break;
    if (line.trim()) lines.push(`      ${line.trimEnd().slice(0, 200)}`);
    if (lines.length === max) break;
  }
  return lines;
};

const vitest = readJson(vitestJson);
if (vitest) {
  for (const file of vitest.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'passed') counts.passed += 1;
      else if (t.status === 'failed') {
        counts.failed += 1;
        failedNames.push(`vitest: ${t.fullName} — ${firstLine(t.failureMessages?.[0]).slice(0, 300)}`);
      } else {
        counts.skipped += 1;
        skippedNames.push(`vitest: ${t.fullName}`);
      }
    }
  }
}

const playwright = readJson(playwrightJson);
if (playwright) {
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const name = `[${t.projectName}] ${[...trail, spec.title].filter(Boolean).join(' › ')}`;
        if (t.status === 'expected' || t.status === 'flaky') counts.passed += 1;
        else if (t.status === 'skipped') {
          counts.skipped += 1;
          const why = (t.annotations ?? []).find((a) => a.type === 'skip')?.description;
          skippedNames.push(`playwright: ${name}${why ? ` — ${why}` : ''}`);
        } else {
          counts.failed += 1;
          const last = (t.results ?? []).at(-1);
          const error = last?.error?.message ?? last?.errors?.[0]?.message ?? t.status;
          const at = last?.error?.location;
          const where = at ? ` (${path.relative(process.cwd(), at.file)}:${at.line})` : '';
          failedNames.push(
            [`playwright: ${name}${where} — ${firstLine(error).slice(0, 300)}`, ...gist(error)].join('\n'),
          );
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...trail, child.title]);
  };
  for (const suite of playwright.suites ?? []) walk(suite, [suite.title]);
}

console.log('\n== Summary');
for (const step of outcome)
  console.log(`${step.ok ? 'ok  ' : 'FAIL'} ${step.name} (${step.seconds.toFixed(1)} s)`);
if (!vitest) console.log('FAIL vitest wrote no results');
if (!playwright) console.log('FAIL playwright wrote no results');
if (skippedNames.length > 0) {
  console.log('\nSkipped (not counted as passed):');
  for (const name of skippedNames) console.log(`  - ${name}`);
}
if (failedNames.length > 0) {
  console.log('\nFailed:');
  for (const name of failedNames) console.log(`  - ${name}`);
}
const allOk = outcome.every((s) => s.ok) && vitest && playwright && counts.failed === 0;
console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(allOk ? 0 : 1);
