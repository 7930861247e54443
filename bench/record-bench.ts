// Recorder figures for `npm run bench` (root and the native probe needed):
//   overhead   the busy loop's own time recorded vs bare, same run
//   max rate   events/s the recorder sustains with 0 drops, loads doubling until drops appear
//   size       bytes/event of a realistic recording (find /usr)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaptureReader } from '../src/capture/reader.js';
import { checkProbe } from '../src/record/probe-binary.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const CLI = path.join(ROOT, 'bin/run.js');

interface Recorded {
  loopNs: number;
  events: number;
  drops: number;
  bytes: number;
}

function runLoop(bin: string, n: number, procs: number): number {
  return Number(execFileSync(bin, [String(n), String(procs)], { encoding: 'utf8' }).trim());
}

function recordLoop(file: string, argv: string[]): Recorded {
  const r = spawnSync(process.execPath, [CLI, 'record', '-o', file, '--', ...argv], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`record failed: ${r.stderr}`);
  const loopNs = Number(r.stdout.trim());
  const opened = CaptureReader.open(file);
  if (!opened.ok) throw new Error(opened.error.message);
  let events = 0;
  let drops = 0;
  for (const item of opened.reader.items()) {
    if (item.kind === 'events') events += item.events.length;
    if (item.kind === 'stats') drops = item.stats.drops;
  }
  opened.reader.close();
  return { loopNs, events, drops, bytes: fs.statSync(file).size };
}

export function recordBench(): void {
  const skip = process.getuid?.() !== 0 ? 'not root' : checkProbe().ok ? undefined : (checkProbe() as { reason: string }).reason;
  if (skip !== undefined) {
    console.log(`\nrecord: skipped (${skip})`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-ts-rbench-'));
  const bin = path.join(dir, 'busyloop');
  execFileSync('cc', ['-O2', '-o', bin, path.join(ROOT, 'bench/busyloop.c')]);
  const file = path.join(dir, 'r.fcap');

  // Overhead: bare and recorded, alternating, best of 3 each.
  const N = 300_000;
  let bare = Infinity;
  let recorded = Infinity;
  for (let i = 0; i < 3; i++) {
    bare = Math.min(bare, runLoop(bin, N, 1));
    recorded = Math.min(recorded, recordLoop(file, [bin, String(N), '1']).loopNs);
  }
  console.log('\nrecord (real probe; busy loop = openat(/dev/null) + close)');
  console.log(`overhead: ${(recorded / bare).toFixed(2)}x (bare ${(N / (bare / 1e9) / 1000).toFixed(0)}k iterations/s, recorded ${(N / (recorded / 1e9) / 1000).toFixed(0)}k iterations/s)`);

  // Highest sustained rate with no drops: more loops in parallel until drops appear or the rate stops rising.
  let best = { rate: 0, procs: 0, events: 0 };
  for (const procs of [1, 2, 4]) {
    const r = recordLoop(file, [bin, String(200_000), String(procs)]);
    const rate = r.events / (r.loopNs / 1e9);
    console.log(`  ${procs} loop(s): ${r.events} events in ${(r.loopNs / 1e9).toFixed(2)} s = ${(rate / 1000).toFixed(0)}k events/s, ${r.drops} drops`);
    if (r.drops === 0 && rate > best.rate) best = { rate, procs, events: r.events };
  }
  console.log(`max sustained rate with 0 drops: ${(best.rate / 1000).toFixed(0)}k events/s (${best.procs} loops)`);

  // Size of a realistic recording.
  const find = recordLoop(file, ['sh', '-c', 'find /usr > /dev/null; echo 0']);
  console.log(`find /usr: ${find.events} events, ${find.bytes} bytes, ${(find.bytes / find.events).toFixed(1)} bytes/event (incl. the /proc snapshot)`);
  fs.rmSync(dir, { recursive: true, force: true });
}
