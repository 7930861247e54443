// Property: whatever events and state go in come out identical, for every
// codec and block size, and the footer index describes the file exactly.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureItem } from '../../src/capture/reader.js';
import { CaptureReader } from '../../src/capture/reader.js';
import type { CapturedEvent, CaptureStats, CodecName, StateSnapshot } from '../../src/capture/model.js';
import { CaptureWriter } from '../../src/capture/writer.js';
import { CaptureBuilder } from '../../src/capture/builder.js';
import { randomEvents, randomSnapshot, rngFor } from '../support/random-capture.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir();

/** Byte arrays compared by content whatever their class (Buffer or Uint8Array). */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('hex') };
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function readAll(file: string): CaptureItem[] {
  const opened = CaptureReader.open(file);
  if (!opened.ok) throw new Error(opened.error.message);
  const items = [...opened.reader.items()];
  opened.reader.close();
  return items;
}

const stats = (ts: number): CaptureStats => ({
  ts, events: 10, drops: 2, dropsBuffer: 1, dropsScratchMap: 1, dropsPageFault: 0, dropsBug: 0, preemptions: 3, perCpu: [{ cpu: 0, events: 10, drops: 2 }],
});

describe('capture round trip', () => {
  const codecs: CodecName[] = ['none', 'deflate', 'brotli'];
  for (const [i, codec] of codecs.entries()) {
    for (const seed of [1, 2, 3]) {
      it(`keeps random events and state identical (${codec}, seed ${seed})`, () => {
        const r = rngFor(seed * 100 + i);
        const file = path.join(dir, `rt-${codec}-${seed}.fcap`);
        const builder = new CaptureBuilder({ captureStartNs: 1_767_225_600_123_456_789n + BigInt(seed) });
        const snapshots: StateSnapshot[] = [randomSnapshot(r), randomSnapshot(r)];
        const batches: CapturedEvent[][] = [randomEvents(r, 300 + seed * 50), randomEvents(r, 700)];
        const blockEvents = 1 + Math.floor(r() * 200);
        const w = CaptureWriter.create(file, builder.header, { codec, blockEvents });
        w.writeSnapshot(snapshots[0]!);
        for (const e of batches[0]!) w.writeEvent(e);
        w.writeStats(stats(5));
        w.writeSnapshot(snapshots[1]!);
        for (const e of batches[1]!) w.writeEvent(e);
        const footer = w.close();

        const items = readAll(file);
        expect(items.filter((x) => x.kind === 'damage')).toEqual([]);
        const events = items.flatMap((x) => (x.kind === 'events' ? x.events : []));
        expect(plain(events)).toEqual(plain([...batches[0]!, ...batches[1]!]));
        expect(plain(items.filter((x) => x.kind === 'snapshot').map((x) => x.kind === 'snapshot' && x.snapshot))).toEqual(plain(snapshots));
        expect(items.filter((x) => x.kind === 'stats').map((x) => x.kind === 'stats' && x.stats)).toEqual([stats(5)]);

        const opened = CaptureReader.open(file);
        if (!opened.ok) throw new Error(opened.error.message);
        const reader = opened.reader;
        expect(reader.header).toEqual(CaptureWriter.headerFor(builder.header, { codec }));
        expect(reader.footer()).toEqual(footer);
        expect(footer.eventCount).toBe(events.length);
        const counted = new Map<number, number>();
        for (const e of events) counted.set(e.type, (counted.get(e.type) ?? 0) + 1);
        expect(new Map(Object.entries(footer.countsByType).map(([k, v]) => [Number(k), v]))).toEqual(counted);
        expect(footer.firstTs).toBe(Math.min(...events.map((e) => e.ts)));
        expect(footer.lastTs).toBe(Math.max(...events.map((e) => e.ts)));
        // Every indexed block starts where the index says.
        const offsets = items.filter((x) => x.kind !== 'damage' && x.kind !== 'footer').map((x) => (x as { offset: number }).offset);
        expect(footer.blocks.map((b) => b.offset)).toEqual(offsets);
        reader.close();
      });
    }
  }

  it('keeps full nanosecond precision of epoch times', () => {
    const file = path.join(dir, 'precision.fcap');
    const start = 1_767_225_600_987_654_321n; // beyond 2^53: a double would round it
    const b = new CaptureBuilder({ captureStartNs: start });
    b.tick(987_654_321 + 1).emit(7, 'SYSCALL_CLOSE_X', { res: 0, fd: 3 });
    b.writeTo(file);
    const opened = CaptureReader.open(file);
    if (!opened.ok) throw new Error(opened.error.message);
    const { header } = opened.reader;
    expect(header.captureStartNs).toBe(start);
    expect(header.timeBaseNs).toBe(1_767_225_600_000_000_000n);
    const ev = [...opened.reader.items()].flatMap((x) => (x.kind === 'events' ? x.events : []))[0]!;
    expect(header.timeBaseNs + BigInt(ev.ts)).toBe(1_767_225_600_987_654_322n);
    opened.reader.close();
  });
});

describe('seeking by time', () => {
  it('starts at the last snapshot before the first block reaching the time', () => {
    const file = path.join(dir, 'seek.fcap');
    const b = new CaptureBuilder();
    const w = CaptureWriter.create(file, b.header, { blockEvents: 10 });
    const snap = (ts: number): StateSnapshot => ({ ts, threads: [], users: [], groups: [], containers: [] });
    w.writeSnapshot(snap(0));
    for (let i = 0; i < 100; i++) w.writeEvent({ ts: i * 1000, cpu: 0, tid: 1, type: 5, params: [0, i] });
    w.writeSnapshot(snap(100_000));
    for (let i = 100; i < 200; i++) w.writeEvent({ ts: i * 1000, cpu: 0, tid: 1, type: 5, params: [0, i] });
    const footer = w.close();
    const opened = CaptureReader.open(file);
    if (!opened.ok) throw new Error(opened.error.message);
    const reader = opened.reader;
    const snapshots = footer.blocks.filter((x) => x.kind === 'snapshot');
    expect(reader.seekOffset(50_000)).toBe(snapshots[0]!.offset);
    expect(reader.seekOffset(150_000)).toBe(snapshots[1]!.offset);
    const fromSecond = [...reader.items(reader.seekOffset(150_000))];
    expect(fromSecond[0]!.kind).toBe('snapshot');
    const firstEvent = fromSecond.flatMap((x) => (x.kind === 'events' ? x.events : []))[0]!;
    expect(firstEvent.ts).toBe(100_000);
    expect(firstEvent.params).toEqual([0, 100]);
    reader.close();
  });
});

describe('writer memory bound', () => {
  it('flushes a block by count and by bytes, never holding more', () => {
    const file = path.join(dir, 'bound.fcap');
    const b = new CaptureBuilder();
    const w = CaptureWriter.create(file, b.header, { blockEvents: 100, blockBytes: 64 * 1024 });
    const big = new Uint8Array(10_000);
    for (let i = 0; i < 50; i++) w.writeEvent({ ts: i, cpu: 0, tid: 1, type: 7, params: [10_000, big, 3, 10_000] });
    for (let i = 0; i < 250; i++) w.writeEvent({ ts: 100 + i, cpu: 0, tid: 1, type: 5, params: [0, 3] });
    const footer = w.close();
    const counts = footer.blocks.filter((x) => x.kind === 'events').map((x) => x.count);
    expect(Math.max(...counts.slice(0, 7))).toBeLessThanOrEqual(7); // 64 KiB / ~10 KB events
    expect(Math.max(...counts)).toBeLessThanOrEqual(100);
    expect(counts.reduce((n, c) => n + c, 0)).toBe(300);
  });

  it('leaves a readable file without footer when the recorder stops abruptly', () => {
    const file = path.join(dir, 'killed.fcap');
    const b = new CaptureBuilder();
    const w = CaptureWriter.create(file, b.header, { blockEvents: 10 });
    for (let i = 0; i < 35; i++) w.writeEvent({ ts: i, cpu: 0, tid: 1, type: 5, params: [0, i] });
    w.abandon(); // 30 events were written in full blocks; 5 were pending
    const items = readAll(file);
    expect(items.flatMap((x) => (x.kind === 'events' ? x.events : [])).length).toBe(30);
    const damage = items.filter((x) => x.kind === 'damage');
    expect(damage.map((x) => x.kind === 'damage' && x.damage.code)).toEqual(['no-footer']);
  });
});
