// Several capture files replayed as one: the real-probe fixture cut in two
// (by time, as rotated files would be; by CPU, as two overlapping recordings
// would be) must raise exactly the alerts of the whole file.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaptureHeader, CaptureStats, CapturedEvent, StateSnapshot } from '../../src/capture/model.js';
import { CaptureReader } from '../../src/capture/reader.js';
import { CaptureWriter } from '../../src/capture/writer.js';
import { ROOT, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir();
const FIXTURE = path.join(ROOT, 'fixtures/intrusion.fcap');

interface Whole {
  header: CaptureHeader;
  snapshot: StateSnapshot;
  events: CapturedEvent[];
  stats: CaptureStats;
}

function readWhole(file: string): Whole {
  const opened = CaptureReader.open(file);
  if (!opened.ok) throw new Error(opened.error.message);
  const w: Partial<Whole> & { events: CapturedEvent[] } = { header: opened.reader.header, events: [] };
  for (const item of opened.reader.items()) {
    if (item.kind === 'snapshot') w.snapshot = item.snapshot;
    else if (item.kind === 'events') w.events.push(...item.events);
    else if (item.kind === 'stats') w.stats = item.stats;
  }
  opened.reader.close();
  return w as Whole;
}

/** Writes a part; `shiftSeconds` moves its time base later (its event ts earlier by as much). */
function writePart(file: string, whole: Whole, events: CapturedEvent[], stats: CaptureStats, shiftSeconds = 0): void {
  const shift = BigInt(shiftSeconds) * 1_000_000_000n;
  const w = CaptureWriter.create(file, { ...whole.header, timeBaseNs: whole.header.timeBaseNs + shift, captureStartNs: whole.header.captureStartNs + shift });
  w.writeSnapshot(whole.snapshot);
  for (const e of events) w.writeEvent({ ...e, ts: e.ts - shiftSeconds * 1e9 });
  w.writeStats(stats);
  w.close();
}

describe('replay of several files', () => {
  let whole: Whole;
  beforeAll(() => {
    whole = readWhole(FIXTURE);
  });

  it('is the replay of the whole when the files are consecutive parts (later time base, stale snapshot)', () => {
    const cut = whole.events.findIndex((e) => e.ts > whole.events[0]!.ts + 60_000_000);
    expect(cut).toBeGreaterThan(0);
    const a = path.join(dir, 'part-1.fcap');
    const b = path.join(dir, 'part-2.fcap');
    writePart(a, whole, whole.events.slice(0, cut), { ...whole.stats, drops: 2 });
    writePart(b, whole, whole.events.slice(cut), { ...whole.stats, drops: 3 }, 1);
    // Order on the command line does not matter: events are merged by time.
    const r = runCli(['replay', b, a, '--expect', path.join(ROOT, 'fixtures/intrusion.golden')]);
    expect(r.stderr).toContain('   - event drop detected: 5 occurrences\n');
    expect(r.stderr).not.toContain('golden mismatch');
    expect(r.status).toBe(0);
    const alone = runCli(['replay', b, '--summary', 'none']);
    expect(alone.stdout.split('\n').length).toBeLessThan(r.stdout.split('\n').length);
  });

  it('is the replay of the whole when the files interleave (events split by CPU)', () => {
    const sorted = whole.events.every((e, i) => i === 0 || whole.events[i - 1]!.ts <= e.ts);
    expect(sorted).toBe(true);
    const even = path.join(dir, 'even.fcap');
    const odd = path.join(dir, 'odd.fcap');
    writePart(even, whole, whole.events.filter((e) => e.cpu % 2 === 0), whole.stats);
    writePart(odd, whole, whole.events.filter((e) => e.cpu % 2 === 1), whole.stats);
    const r = runCli(['replay', even, odd, '--expect', path.join(ROOT, 'fixtures/intrusion.golden'), '--json', '--summary', 'none']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.split('\n')[0]!).hostname).toBe(whole.header.hostname);
  });

  it('names the file that cannot be read', () => {
    const r = runCli(['replay', FIXTURE, path.join(dir, 'missing.fcap')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${path.join(dir, 'missing.fcap')}: `);
  });
});

describe('rule matching on the real fixture', () => {
  it('reports every matching rule with --rule-matching all, only the first by default', () => {
    const first = runCli(['replay', FIXTURE]);
    const all = runCli(['replay', FIXTURE, '--rule-matching', 'all']);
    expect(first.stdout).toContain('Events detected: 12\n');
    expect(all.stdout).toContain('Events detected: 13\n');
    // apt-get from the overlay's upper layer: a package manager and drift; "first" keeps the earlier rule.
    expect(first.stdout).not.toContain("Executable from a container's own layer");
    expect(all.stdout).toContain("   Executable from a container's own layer: 1\n");
    expect(all.stdout).toMatch(/Critical Program not from the container image started \(process=apt-get exepath=\/tmp\/falco-ts-fixture\/rootfs\/merged\/usr\/bin\/apt-get/);
  });

  it('filters by priority and tags', () => {
    const critical = runCli(['replay', FIXTURE, '--rule-matching', 'all', '--min-priority', 'critical', '--summary', 'none']);
    expect(critical.stdout.trim().split('\n')).toHaveLength(1);
    const containerOnly = runCli(['replay', FIXTURE, '--disable-tag', 'filesystem', '--summary', 'none']);
    expect(containerOnly.stdout.trim().split('\n').map((l) => / (Notice|Error|Warning|Critical) (.*?) \(/.exec(l)![2])).toEqual([
      'Interactive shell started in a container', 'Interactive shell started in a container', 'Package manager started in a container', 'Remote copy tool started in a container',
    ]);
  });
});
