import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** The 1, 5 and 15-minute load averages, and when they were read. */
export interface LoadSample {
  at: string;
  label: string;
  load1: number;
  load5: number;
  load15: number;
}

const loadSamples: LoadSample[] = [];

/** Records the load average now, under a label; every sample goes into the results file. */
export function sampleLoad(label: string): LoadSample {
  const [load1 = 0, load5 = 0, load15 = 0] = os.loadavg();
  const sample = {
    at: new Date().toISOString(),
    label,
    load1: Math.round(load1 * 100) / 100,
    load5: Math.round(load5 * 100) / 100,
    load15: Math.round(load15 * 100) / 100,
  };
  loadSamples.push(sample);
  return sample;
}

export function loadHistory(): LoadSample[] {
  return [...loadSamples];
}

export function machine(): {
  cpus: number;
  cpuModel: string;
  memoryMb: number;
  node: string;
  platform: string;
} {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryMb: Math.round(os.totalmem() / 1024 ** 2),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Reads VmHWM and VmRSS (kB) of a process from /proc; null once it is gone. */
export function memoryOf(pid: number): { hwmKb: number; rssKb: number } | null {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const field = (name: string): number =>
    Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { hwmKb: field('VmHWM'), rssKb: field('VmRSS') };
}

/** CPU seconds (user + system) of each thread of a process, by thread id; null once it is gone. */
export function threadCpuOf(pid: number): Map<number, number> | null {
  let tids: string[];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return null;
  }
  const ticks = 100; // USER_HZ on Linux
  const cpu = new Map<number, number>();
  for (const tid of tids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces) start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / ticks);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return cpu;
}

/** CPU time of a process split as its main thread, its busiest other thread, and the rest. */
export interface CpuSplit {
  mainS: number;
  busiestOtherS: number;
  restS: number;
}

/**
 * Polls a process's memory until it exits (or `stop` is called). VmHWM is the kernel's own
 * high-water mark, so the peak is exact as long as one poll lands before the exit; the highest
 * VmRSS seen is kept as a cross-check.
 */
export function watchMemory(
  pid: number,
  intervalMs = 20,
): { stop(): { peakKb: number; maxRssKb: number; cpu: CpuSplit } } {
  let peakKb = 0;
  let maxRssKb = 0;
  const cpu = new Map<number, number>();
  let polls = 0;
  const poll = (withCpu = false): void => {
    const m = memoryOf(pid);
    if (!m) {
      clearInterval(timer);
      return;
    }
    peakKb = Math.max(peakKb, m.hwmKb);
    maxRssKb = Math.max(maxRssKb, m.rssKb);
    // Per-thread CPU every few polls (it reads one file per thread).
    if (withCpu || polls++ % 5 === 0) for (const [tid, s] of threadCpuOf(pid) ?? []) cpu.set(tid, s);
  };
  const split = (): CpuSplit => {
    const main = cpu.get(pid) ?? 0;
    const others = [...cpu].filter(([tid]) => tid !== pid).map(([, s]) => s);
    const busiest = Math.max(0, ...others);
    const rest = others.reduce((a, b) => a + b, 0) - busiest;
    return { mainS: main, busiestOtherS: busiest, restS: rest };
  };
  const timer = setInterval(poll, intervalMs);
  poll(true);
  return {
    stop: () => {
      poll(true);
      clearInterval(timer);
      return { peakKb, maxRssKb, cpu: split() };
    },
  };
}

export interface CommandResult {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
  peakKb: number;
}

/** Runs a command, timing it from spawn to exit and following its peak memory. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const memory = child.pid === undefined ? null : watchMemory(child.pid, 10);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      const peak = memory?.stop() ?? { peakKb: 0, maxRssKb: 0 };
      resolve({ ms, code, stdout, stderr, peakKb: peak.peakKb });
    });
  });
}

/** Whether an executable is on the PATH. */
export function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (!dir) continue;
    const file = `${dir}/${name}`;
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** Size in bytes of a SQLite file and its -wal companion. */
export function sqliteFileBytes(file: string): { main: number; wal: number } {
  const size = (f: string): number => {
    try {
      return fs.statSync(f).size;
    } catch {
      return 0;
    }
  };
  return { main: size(file), wal: size(`${file}-wal`) };
}
