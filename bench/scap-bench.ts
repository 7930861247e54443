// sysdig/Falco .scap interop for `npm run bench`: the synthetic workload
// written as a deflate capture, exported with `falco-ts convert --format scap`
// (exit-only, the layout current Falco reads), then the same .scap read and
// filtered, process start to exit, by `falco-ts query` and by sysdig (libsinsp)
// with the same filter and output fields (best of 3 each, interleaved); and the
// bytes/event of the native capture, the .scap raw and the .scap gzip'd.
// Start-up (process start to exit on a 100-event .scap) is measured the same
// way, so that the per-event rate after start-up can be given for each reader.
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
  /** The same run on a 100-event .scap: start-up and exit. */
  startupSeconds: number;
  /** Events per second of the time beyond start-up. */
  eventsPerSecAfterStartup: number;
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
  /** The same for the time beyond start-up. */
  ratioAfterStartup?: number;
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

    const tinyNative = path.join(dir, 'tiny.fcap');
    const tinyScap = path.join(dir, 'tiny.scap');
    writeSyntheticCapture(tinyNative, 100);
    const tinyConv = spawnSync(process.execPath, [CLI, 'convert', tinyNative, '-o', tinyScap, '--format', 'scap'], { cwd: ROOT, encoding: 'utf8' });
    if (tinyConv.error || tinyConv.status !== 0) throw new Error(`falco-ts convert failed: ${failure(tinyConv)}`);

    const sd = sysdigVersion();
    const falcoArgv = (file: string): string[] => [CLI, 'query', file, FILTER, '-p', FIELDS];
    const sysdigArgv = (file: string): string[] => ['-r', file, '-p', `*${FIELDS}`, FILTER];
    const best = { falco: Infinity, falcoLines: 0, falcoStartup: Infinity, sysdig: Infinity, sysdigLines: 0, sysdigStartup: Infinity };
    let sysdigSkipped = 'version' in sd ? undefined : sd.skipped;
    // Rounds interleave the two readers so that machine noise spreads evenly over them.
    for (let round = 0; round < RUNS; round++) {
      const f = timeReader(process.execPath, falcoArgv(scapFile), outFile);
      if (f.seconds < best.falco) [best.falco, best.falcoLines] = [f.seconds, f.lines];
      best.falcoStartup = Math.min(best.falcoStartup, timeReader(process.execPath, falcoArgv(tinyScap), outFile).seconds);
      if (sysdigSkipped === undefined) {
        try {
          const s = timeReader('sysdig', sysdigArgv(scapFile), outFile);
          if (s.seconds < best.sysdig) [best.sysdig, best.sysdigLines] = [s.seconds, s.lines];
          best.sysdigStartup = Math.min(best.sysdigStartup, timeReader('sysdig', sysdigArgv(tinyScap), outFile).seconds);
        } catch (err) {
          sysdigSkipped = (err as Error).message;
        }
      }
    }
    const figures = (total: number, lines: number, startup: number): ScapReadFigures => ({
      seconds: Number(total.toFixed(3)), eventsPerSec: Math.round(events / total), results: lines,
      startupSeconds: Number(startup.toFixed(3)), eventsPerSecAfterStartup: Math.round(events / Math.max(total - startup, 1e-3)),
    });
    const per = (bytes: number) => ({ bytes, bytesPerEvent: Number((bytes / events).toFixed(2)) });
    const result: ScapBenchResult = {
      events, filter: FILTER, fields: FIELDS, convertSeconds: Number(convertSeconds.toFixed(2)),
      native: { codec: 'deflate', ...per(nativeBytes) }, scap: per(scapBytes), scapGzip: per(gzBytes),
      falcoTs: figures(best.falco, best.falcoLines, best.falcoStartup),
    };
    if (sysdigSkipped === undefined && 'version' in sd) {
      result.sysdig = { ...figures(best.sysdig, best.sysdigLines, best.sysdigStartup), version: sd.version };
      result.ratio = Number((best.falco / best.sysdig).toFixed(3));
      result.ratioAfterStartup = Number((result.sysdig.eventsPerSecAfterStartup / result.falcoTs.eventsPerSecAfterStartup).toFixed(3));
    } else {
      result.sysdigSkipped = sysdigSkipped;
    }

    console.log(`\n.scap interop (${events} synthetic events; deflate capture exported with \`falco-ts convert --format scap\` in ${convertSeconds.toFixed(2)} s)`);
    console.log(`size: native deflate ${result.native.bytesPerEvent.toFixed(2)} bytes/event (${mib(nativeBytes)}), .scap ${result.scap.bytesPerEvent.toFixed(2)} (${mib(scapBytes)}), .scap gzip ${result.scapGzip.bytesPerEvent.toFixed(2)} (${mib(gzBytes)})`);
    console.log(`read + filter "${FILTER}" -p "${FIELDS}", whole process wall time, best of ${RUNS}:`);
    const line = (name: string, f: ScapReadFigures): string =>
      `${name}: ${rate(f.eventsPerSec)} events/s (${f.seconds.toFixed(2)} s), ${f.results} lines; start-up ${f.startupSeconds.toFixed(2)} s, ${rate(f.eventsPerSecAfterStartup)} events/s after it`;
    console.log(line('falco-ts query', result.falcoTs));
    if (result.sysdig) {
      console.log(line(`sysdig ${result.sysdig.version}`, result.sysdig));
      const says = (r: number): string => (r <= 1 ? `falco-ts ${(1 / r).toFixed(2)}× as fast` : `falco-ts ${r.toFixed(2)}× slower`);
      console.log(`falco-ts/sysdig time: ${result.ratio!.toFixed(2)}× whole process (${says(result.ratio!)}), ${result.ratioAfterStartup!.toFixed(2)}× after start-up (${says(result.ratioAfterStartup!)})`);
    } else {
      console.log(`sysdig: comparison skipped (${sysdigSkipped})`);
    }
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
