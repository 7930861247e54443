// sysdig/Falco .scap interop for `npm run bench`: the synthetic workload
// written as a deflate capture, exported with `falco-ts convert --format scap`
// (exit-only, the layout current Falco reads), then the same .scap read and
// filtered, process start to exit, by `falco-ts query` and by sysdig (libsinsp)
// with the same filter and output fields (best of 3 each, interleaved); and the
// bytes/event of the native capture, the .scap raw and the .scap gzip'd.
// BENCH_SCAP_EVENTS sizes the recording (default 1M); BENCH_SCAP=0 skips.
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { writeSyntheticCapture } from './workload.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin/run.js');
const EVENTS = Number(process.env.BENCH_SCAP_EVENTS ?? 1_000_000);
const RUNS = 3;
const FILTER = 'evt.type = connect and fd.typechar = 4';
const FIELDS = '%evt.num %proc.name %fd.name';

export interface ScapReadFigures {
  /** Wall time of the whole process (start, read, filter, print, exit), best of the runs. */
  seconds: number;
  eventsPerSec: number;
  /** Lines printed (one per matching event). */
  results: number;
}

export interface ScapBenchResult {
  events: number;
  filter: string;
  fields: string;
  convertSeconds: number;
  native: { codec: 'deflate'; bytes: number; bytesPerEvent: number };
  scap: { bytes: number; bytesPerEvent: number };
  scapGzip: { bytes: number; bytesPerEvent: number };
  falcoTs: ScapReadFigures;
  /** Absent when sysdig is not there or does not run. */
  sysdig?: ScapReadFigures & { version: string };
  /** falco-ts time / sysdig time: below 1 means falco-ts is faster. */
  ratio?: number;
  sysdigSkipped?: string;
}

const seconds = (t0: bigint, t1 = process.hrtime.bigint()): number => Number(t1 - t0) / 1e9;
const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;
const rate = (perSec: number): string => (perSec >= 1e6 ? `${(perSec / 1e6).toFixed(2)}M` : `${(perSec / 1000).toFixed(1)}k`);
const failure = (r: SpawnSyncReturns<string | Buffer>): string =>
  r.error ? r.error.message : `exit ${r.status ?? r.signal}: ${String(r.stderr ?? '').trim().split('\n').slice(-3).join(' / ')}`;

function countLines(file: string): number {
  const buf = fs.readFileSync(file);
  let n = 0;
  let at = buf.indexOf(10);
  while (at !== -1) {
    n++;
    at = buf.indexOf(10, at + 1);
  }
  return n;
}

/** Runs one reader with stdout to a file; returns its wall time and the lines it printed. */
function timeReader(cmd: string, argv: string[], outFile: string): { seconds: number; lines: number } {
  const fd = fs.openSync(outFile, 'w');
  let r: SpawnSyncReturns<string>;
  let t: number;
  try {
    const t0 = process.hrtime.bigint();
    r = spawnSync(cmd, argv, { cwd: ROOT, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
    t = seconds(t0);
  } finally {
    fs.closeSync(fd);
  }
  if (r.error || r.status !== 0) throw new Error(`${path.basename(cmd)} ${argv.join(' ')} failed: ${failure(r)}`);
  return { seconds: t, lines: countLines(outFile) };
}

function sysdigVersion(): { version: string } | { skipped: string } {
  const r = spawnSync('sysdig', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return { skipped: `\`sysdig --version\` failed (${failure(r)})` };
  return { version: r.stdout.trim().replace(/^sysdig version\s*/, '') };
}

export function scapBench(): ScapBenchResult | undefined {
  if (process.env.BENCH_SCAP === '0') {
    console.log('\nscap interop: skipped (BENCH_SCAP=0)');
    return undefined;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-ts-scap-bench-'));
  const nativeFile = path.join(dir, 'synthetic.fcap');
  const scapFile = path.join(dir, 'synthetic.scap');
  const outFile = path.join(dir, 'stdout.txt');
  try {
    const written = writeSyntheticCapture(nativeFile, EVENTS);
    const nativeBytes = fs.statSync(nativeFile).size;

    const t0 = process.hrtime.bigint();
    const conv = spawnSync(process.execPath, [CLI, 'convert', nativeFile, '-o', scapFile, '--format', 'scap'], { cwd: ROOT, encoding: 'utf8' });
    const convertSeconds = seconds(t0);
    if (conv.error || conv.status !== 0) throw new Error(`falco-ts convert failed: ${failure(conv)}`);
    const converted = /converted (\d+) events/.exec(conv.stderr);
    const events = converted ? Number(converted[1]) : written;
    if (events !== written) throw new Error(`convert wrote ${events} events to the .scap, the capture holds ${written}`);
    const scapBytes = fs.statSync(scapFile).size;
    const gzBytes = zlib.gzipSync(fs.readFileSync(scapFile)).length;

    const sd = sysdigVersion();
    const falcoArgv = [CLI, 'query', scapFile, FILTER, '-p', FIELDS];
    const sysdigArgv = ['-r', scapFile, '-p', `*${FIELDS}`, FILTER];
    let falcoBest = { seconds: Infinity, lines: 0 };
    let sysdigBest = { seconds: Infinity, lines: 0 };
    let sysdigSkipped = 'version' in sd ? undefined : sd.skipped;
    // Rounds interleave the two readers so that machine noise spreads evenly over them.
    for (let round = 0; round < RUNS; round++) {
      const f = timeReader(process.execPath, falcoArgv, outFile);
      if (f.seconds < falcoBest.seconds) falcoBest = f;
      if (sysdigSkipped === undefined) {
        try {
          const s = timeReader('sysdig', sysdigArgv, outFile);
          if (s.seconds < sysdigBest.seconds) sysdigBest = s;
        } catch (err) {
          sysdigSkipped = (err as Error).message;
        }
      }
    }
    const figures = (r: { seconds: number; lines: number }): ScapReadFigures => ({
      seconds: Number(r.seconds.toFixed(3)), eventsPerSec: Math.round(events / r.seconds), results: r.lines,
    });
    const per = (bytes: number) => ({ bytes, bytesPerEvent: Number((bytes / events).toFixed(2)) });
    const result: ScapBenchResult = {
      events, filter: FILTER, fields: FIELDS, convertSeconds: Number(convertSeconds.toFixed(2)),
      native: { codec: 'deflate', ...per(nativeBytes) }, scap: per(scapBytes), scapGzip: per(gzBytes),
      falcoTs: figures(falcoBest),
    };
    if (sysdigSkipped === undefined && 'version' in sd) {
      result.sysdig = { ...figures(sysdigBest), version: sd.version };
      result.ratio = Number((falcoBest.seconds / sysdigBest.seconds).toFixed(3));
    } else {
      result.sysdigSkipped = sysdigSkipped;
    }

    console.log(`\n.scap interop (${events} synthetic events; deflate capture exported with \`falco-ts convert --format scap\` in ${convertSeconds.toFixed(2)} s)`);
    console.log(`size: native deflate ${result.native.bytesPerEvent.toFixed(2)} bytes/event (${mib(nativeBytes)}), .scap ${result.scap.bytesPerEvent.toFixed(2)} (${mib(scapBytes)}), .scap gzip ${result.scapGzip.bytesPerEvent.toFixed(2)} (${mib(gzBytes)})`);
    console.log(`read + filter "${FILTER}" -p "${FIELDS}", whole process wall time, best of ${RUNS}:`);
    console.log(`falco-ts query: ${rate(result.falcoTs.eventsPerSec)} events/s (${result.falcoTs.seconds.toFixed(2)} s), ${result.falcoTs.results} lines`);
    if (result.sysdig) {
      console.log(`sysdig ${result.sysdig.version}: ${rate(result.sysdig.eventsPerSec)} events/s (${result.sysdig.seconds.toFixed(2)} s), ${result.sysdig.results} lines`);
      console.log(`falco-ts/sysdig time: ${result.ratio!.toFixed(2)}× (${result.ratio! <= 1 ? `falco-ts ${(1 / result.ratio!).toFixed(2)}× as fast` : `falco-ts ${result.ratio!.toFixed(2)}× slower`})`);
    } else {
      console.log(`sysdig: comparison skipped (${sysdigSkipped})`);
    }
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
