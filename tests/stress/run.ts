import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/paths';
import { crashRun } from './crash';
import { fuzzHost } from './fuzz-host';

/**
 * `npm run test:stress`: the contract fuzzer through the real web host, then SIGKILLs at random
 * moments of real work with a restart and a check of every file after each. Prints the figures
 * as JSON (also written to test-reports/stress.json) and exits non-zero on any INTERNAL answer,
 * hang, crash or problem found after a kill.
 *
 * Env: CAIRN_STRESS_FUZZ (payloads per contract, 1000), CAIRN_STRESS_KILLS (100),
 * CAIRN_STRESS_SEED (random unless set; printed to reproduce), CAIRN_SKIP_BUILD=1 (reuse out/).
 */
const perContract = Number(process.env.CAIRN_STRESS_FUZZ ?? 1000);
const kills = Number(process.env.CAIRN_STRESS_KILLS ?? 100);
const seed = Number(process.env.CAIRN_STRESS_SEED ?? Math.floor(Math.random() * 2 ** 31));

function log(line: string): void {
  console.log(`[stress] ${line}`);
}

async function main(): Promise<number> {
  if (
    process.env.CAIRN_SKIP_BUILD !== '1' ||
    !fs.existsSync(path.join(repoRoot, 'out', 'main', 'serve.js'))
  ) {
    log('building the app (electron-vite build)…');
    const built = spawnSync('npx', ['electron-vite', 'build'], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (built.status !== 0) throw new Error('The build failed.');
  }
  log(`seed ${seed}: ${perContract} payloads per contract, ${kills} kills`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-stress-'));
  try {
    const fuzzDir = path.join(root, 'fuzz');
    fs.mkdirSync(fuzzDir);
    const fuzz = await fuzzHost({ dataDir: fuzzDir, perContract, seed, timeoutMs: 30_000 });
    log(`fuzz: ${fuzz.total} payloads in ${fuzz.seconds} s, ${JSON.stringify(fuzz.byCode)}`);
    const crashDir = path.join(root, 'crash');
    const workDir = path.join(root, 'work');
    fs.mkdirSync(crashDir);
    fs.mkdirSync(workDir);
    const crash = await crashRun({ dataDir: crashDir, workDir, kills, seed, log });
    const figures = {
      seed,
      fuzz: { ...fuzz, byChannel: undefined },
      fuzzByChannel: fuzz.byChannel,
      crash,
    };
    const reports = path.join(repoRoot, 'test-reports');
    fs.mkdirSync(reports, { recursive: true });
    fs.writeFileSync(path.join(reports, 'stress.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(
      JSON.stringify(
        {
          seed,
          fuzz: {
            total: fuzz.total,
            byCode: fuzz.byCode,
            seconds: fuzz.seconds,
            failures: fuzz.failures.slice(0, 20),
            appAlive: fuzz.appAlive,
          },
          crash,
        },
        null,
        2,
      ),
    );
    const failed =
      fuzz.failures.length > 0 || !fuzz.appAlive || crash.problems.length > 0 || crash.kills < kills;
    log(failed ? 'FAILED' : 'passed');
    return failed ? 1 : 0;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[stress] failed to run:', error);
    process.exit(1);
  },
);
