// End-to-end `falco-ts diff` for `npm run bench`: two synthetic recordings
// (different seeds, so the sides differ) compared under the bundled rules/ by
// the real CLI in a child process — `node bin/run.js diff A B --json` — so
// that peak RSS is the diff's alone, not this bench process's (which holds
// the whole benchmark suite). Wall time and peak RSS come from GNU time
// (`/usr/bin/time -f '%e %M'`) when present, else from spawnSync timing and
// the child's own process.resourceUsage().maxRSS, reported by a small
// preloaded module on exit. events/s = events of both sides / wall time.
// BENCH_DIFF_EVENTS sizes each side (default 1M); BENCH_DIFF=0 skips.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_CODEC } from '../src/capture/format.js';
import { writeSyntheticCapture } from './workload.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin/run.js');
const GNU_TIME = '/usr/bin/time';
const EVENTS = Number(process.env.BENCH_DIFF_EVENTS ?? 1_000_000);
const SEED_A = 42;
const SEED_B = 43;

export interface DiffBenchResult {
  /** Events per side, as written. */
  eventsPerSide: number;
  /** Events of both sides, as the diff reported them. */
  events: number;
  fileBytesA: number;
  fileBytesB: number;
  wallSeconds: number;
  eventsPerSec: number;
  peakRssBytes: number;
  /** How wall time and peak RSS were measured. */
  measuredWith: 'gnu-time' | 'resourceUsage';
  exitStatus: number;
  ruleRows: number;
  onlyA: number;
  onlyB: number;
  /** Bytes of the --json document. */
  outputBytes: number;
  /** Items present on one side only, per behaviour category. */
  behaviour: Record<string, { onlyA: number; onlyB: number }>;
}

interface DiffJson {
  a: { events: number };
  b: { events: number };
  differs: boolean;
  rules: unknown[];
  only_a: unknown[];
  only_b: unknown[];
  behaviour: Record<string, { only_a: unknown[]; only_b: unknown[] }>;
}



function hasGnuTime(): boolean {
  if (!fs.existsSync(GNU_TIME)) return false;
  // BusyBox and BSD time lack -f; make sure this one understands it.
  const r = spawnSync(GNU_TIME, ['-f', '%e %M', process.execPath, '-e', ''], { encoding: 'utf8' });
  return r.status === 0 && /^\d+(\.\d+)? \d+$/.test(lastLine(r.stderr ?? ''));
}

function lastLine(s: string): string {
  const lines = s.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  return lines[lines.length - 1] ?? '';
}

interface Measured {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  wallSeconds: number;
  peakRssBytes: number;
}

// The diff's stdout goes to a file, as `falco-ts diff … --json > out.json`
// would: through a pipe, a CLI that ends with process.exit() may lose what is
// still queued for the pipe past its 64 KiB buffer.
const spawnOptions = (stdoutFd: number) => ({
  cwd: ROOT, encoding: 'utf8' as const, maxBuffer: 1 << 30, stdio: ['ignore', stdoutFd, 'pipe'] as ['ignore', number, 'pipe'],
});

function runWithGnuTime(args: string[], stdoutFd: number): Measured {
  const r = spawnSync(GNU_TIME, ['-f', '%e %M', process.execPath, ...args], spawnOptions(stdoutFd));
  if (r.error) throw r.error;
  const last = lastLine(r.stderr);
  const m = /^(\d+(?:\.\d+)?) (\d+)$/.exec(last);
  if (!m) throw new Error(`diff bench: cannot parse GNU time's line ${JSON.stringify(last)} (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  // GNU time's own line is not the diff's stderr.
  const stderr = r.stderr.slice(0, r.stderr.lastIndexOf(last));
  return { status: r.status, signal: r.signal, stderr, wallSeconds: Number(m[1]), peakRssBytes: Number(m[2]) * 1024 };
}

function runWithResourceUsage(args: string[], dir: string, stdoutFd: number): Measured {
  // A module preloaded into the CLI's own process: on exit it writes that
  // process's peak RSS (KiB, from getrusage) where the bench can read it.
  const wrapper = path.join(dir, 'report-maxrss.mjs');
  const report = path.join(dir, 'maxrss.txt');
  fs.writeFileSync(wrapper, [
    "import fs from 'node:fs';",
    'const out = process.env.FALCO_TS_BENCH_MAXRSS;',
    "process.on('exit', () => { if (out) fs.writeFileSync(out, String(process.resourceUsage().maxRSS)); });",
    '',
  ].join('\n'));
  fs.rmSync(report, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(wrapper).href, ...args], {
    ...spawnOptions(stdoutFd), env: { ...process.env, FALCO_TS_BENCH_MAXRSS: report },
  });
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) throw r.error;
  const kib = fs.existsSync(report) ? Number(fs.readFileSync(report, 'utf8')) : NaN;
  return { status: r.status, signal: r.signal, stderr: r.stderr, wallSeconds, peakRssBytes: kib * 1024 };
}

export function diffBench(): DiffBenchResult | undefined {
  if (process.env.BENCH_DIFF === '0') {
    console.log('\ndiff: skipped (BENCH_DIFF=0)');
    return undefined;
  }
  if (!fs.existsSync(path.join(ROOT, 'dist/src/commands/diff.js'))) {
    console.log(`\ndiff: skipped (${path.join(ROOT, 'dist/src/commands/diff.js')} absent: run npm run build)`);
    return undefined;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-ts-diff-bench-'));
  try {
    const fileA = path.join(dir, 'a.fcap');
    const fileB = path.join(dir, 'b.fcap');
    const writtenA = writeSyntheticCapture(fileA, EVENTS, SEED_A);
    const writtenB = writeSyntheticCapture(fileB, EVENTS, SEED_B);
    const fileBytesA = fs.statSync(fileA).size;
    const fileBytesB = fs.statSync(fileB).size;

    const args = [CLI, 'diff', fileA, fileB, '--json'];
    const gnu = hasGnuTime();
    const outFile = path.join(dir, 'diff.json');
    const outFd = fs.openSync(outFile, 'w');
    let m: Measured;
    try {
      m = gnu ? runWithGnuTime(args, outFd) : runWithResourceUsage(args, dir, outFd);
    } finally {
      fs.closeSync(outFd);
    }
    // 1: differences found (expected, the seeds differ); 0: none. Anything else is a failure.
    if (m.status !== 0 && m.status !== 1) {
      throw new Error(`diff bench: falco-ts diff exited with ${m.status ?? `signal ${m.signal}`}: ${m.stderr.slice(-2000)}`);
    }
    if (!Number.isFinite(m.peakRssBytes)) throw new Error('diff bench: the child did not report its peak RSS');
    const text = fs.readFileSync(outFile, 'utf8');
    const doc = JSON.parse(text) as DiffJson;
    const events = doc.a.events + doc.b.events;
    if (doc.a.events !== writtenA || doc.b.events !== writtenB) {
      throw new Error(`diff bench: diff saw ${doc.a.events} + ${doc.b.events} events, wrote ${writtenA} + ${writtenB}`);
    }
    const behaviour = Object.fromEntries(Object.entries(doc.behaviour).map(([k, v]) => [k, { onlyA: v.only_a.length, onlyB: v.only_b.length }]));
    const result: DiffBenchResult = {
      eventsPerSide: EVENTS,
      events,
      fileBytesA,
      fileBytesB,
      wallSeconds: m.wallSeconds,
      eventsPerSec: Math.round(events / m.wallSeconds),
      peakRssBytes: m.peakRssBytes,
      measuredWith: gnu ? 'gnu-time' : 'resourceUsage',
      exitStatus: m.status,
      ruleRows: doc.rules.length,
      onlyA: doc.only_a.length,
      onlyB: doc.only_b.length,
      outputBytes: Buffer.byteLength(text),
      behaviour,
    };
    const how = gnu ? `${GNU_TIME} -f '%e %M'` : 'spawnSync wall time + the child\'s process.resourceUsage().maxRSS';
    const beh = Object.entries(behaviour).filter(([, v]) => v.onlyA + v.onlyB > 0).map(([k, v]) => `${k} ${v.onlyA}/${v.onlyB}`).join(', ') || 'none';
    console.log(`\ndiff end to end (\`falco-ts diff A B --json\` in a child process; ${DEFAULT_CODEC} captures of ${(fileBytesA / 1048576).toFixed(1)} + ${(fileBytesB / 1048576).toFixed(1)} MiB, seeds ${SEED_A}/${SEED_B}; measured with ${how})`);
    console.log(`diff end to end (2 × ${EVENTS} synthetic events, bundled rules): ${(result.eventsPerSec / 1e6).toFixed(2)}M events/s, peak RSS ${(result.peakRssBytes / 1048576).toFixed(0)} MiB, wall ${result.wallSeconds.toFixed(2)} s, ${result.ruleRows} rule rows, ${result.onlyA} alerts only in A, ${result.onlyB} only in B (exit ${m.status}; ${(result.outputBytes / 1024).toFixed(0)} KiB of JSON; behaviour only in A/B: ${beh})`);
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
