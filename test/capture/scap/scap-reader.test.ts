// Reads the public .scap samples (sysdig/Falco/libs test captures) and damaged
// or re-compressed copies of them. The expected "shown" counts are what
// `sysdig -r FILE | wc -l` prints with Debian's sysdig 0.29.3.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EVENT_BLOCKS, isBlockProblem, readBlock } from '../../../src/capture/scap/scap-blocks.js';
import { ScapReader, isScapFile } from '../../../src/capture/scap/scap-reader.js';
import { eventInfo } from '../../../src/capture/event-schema.js';
import type { CaptureDamage } from '../../../src/capture/capture-error.js';
import type { CapturedEvent, StateSnapshot } from '../../../src/capture/model.js';
import type { CaptureItem } from '../../../src/capture/reader.js';
import { tempDir } from '../../support/tmp.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const samplesDir = path.resolve(projectRoot, '../shared/scap-samples');
const haveSamples = fs.existsSync(samplesDir);
if (!haveSamples) console.warn(`scap-reader tests skipped: ${samplesDir} is missing`);

/** Event types the 2022 libsinsp in sysdig 0.29.3 knows (PPM_EVENT_MAX then); newer ones it skips. */
const SYSDIG_0_29_EVENT_MAX = 336;

/**
 * Whether sysdig would print the event: EC_INTERNAL events (procinfo, drop,
 * scapevent, old container, k8s, mesos, infra) are hidden, and types beyond its
 * table (useradded 354, groupadded 358 in libs_sample) are skipped.
 */
function shown(e: CapturedEvent): boolean {
  const info = eventInfo(e.type);
  return info !== undefined && !info.categories.includes('internal') && e.type < SYSDIG_0_29_EVENT_MAX;
}

const SAMPLES: Record<string, { total: number; shown: number }> = {
  'falco_cat_write.scap': { total: 345, shown: 85 },
  'falco_connect_localhost.scap': { total: 374, shown: 8 },
  'falco_syscall.scap': { total: 368, shown: 12 },
  'libs_curl_google.scap': { total: 1536, shown: 1221 },
  'libs_sample.scap': { total: 572, shown: 402 },
};

interface ReadAll {
  items: CaptureItem[];
  events: CapturedEvent[];
  snapshots: StateSnapshot[];
  damage: CaptureDamage[];
  warnings: string[];
}

const plainEvent = (e: CapturedEvent): CapturedEvent => ({ ts: e.ts, cpu: e.cpu, tid: e.tid, type: e.type, params: e.params, ...(e.stateOnly === true ? { stateOnly: true } : {}) });

function readAll(file: string, options: { windowBytes?: number } = {}): ReadAll {
  const opened = ScapReader.open(file, options);
  if (!opened.ok) throw new Error(`cannot open ${file}: ${opened.error.message}`);
  const reader = opened.reader;
  // Events as plain objects, so that comparisons see their parameters (decoded on demand otherwise).
  const items = [...reader.items()].map((i) => (i.kind === 'events' ? { ...i, events: i.events.map(plainEvent) } : i));
  reader.close();
  const events = items.flatMap((i) => (i.kind === 'events' ? i.events : []));
  const snapshots = items.flatMap((i) => (i.kind === 'snapshot' ? [i.snapshot] : []));
  const damage = items.flatMap((i) => (i.kind === 'damage' ? [i.damage] : []));
  return { items, events, snapshots, damage, warnings: reader.warnings };
}

/** Offsets of the event blocks of an uncompressed stream, by walking the framing. */
function eventBlockOffsets(data: Buffer): number[] {
  const offsets: number[] = [];
  for (let pos = 0; pos < data.length;) {
    const b = readBlock(data, pos);
    if (isBlockProblem(b)) throw new Error(`sample is damaged at ${pos}`);
    if (EVENT_BLOCKS.has(b.type)) offsets.push(pos);
    pos += b.length;
  }
  return offsets;
}

function sampleBytes(name: string): Buffer {
  const raw = fs.readFileSync(path.join(samplesDir, name));
  return raw[0] === 0x1f ? zlib.gunzipSync(raw) : raw;
}

describe.skipIf(!haveSamples)('ScapReader on the public samples', () => {
  const dir = tempDir();

  for (const [name, expected] of Object.entries(SAMPLES)) {
    it(`reads ${name} completely`, () => {
      const file = path.join(samplesDir, name);
      expect(isScapFile(fs.readFileSync(file).subarray(0, 4096))).toBe(true);
      const r = readAll(file);
      expect(r.damage).toEqual([]);
      expect(r.warnings).toEqual([]);
      expect(r.snapshots).toHaveLength(1);
      expect(r.items[0]!.kind).toBe('snapshot');
      expect(r.events).toHaveLength(expected.total);
      expect(r.events.filter(shown)).toHaveLength(expected.shown);
      console.info(`${name}: ${r.events.length} events, ${r.events.filter(shown).length} shown`);

      for (const item of r.items) if (item.kind === 'events') expect(item.events.length).toBeLessThanOrEqual(2048);
      // Relative timestamps: non-negative, within the capture, and in file order per cpu.
      for (const e of r.events) {
        expect(e.ts).toBeGreaterThanOrEqual(0);
        expect(e.ts).toBeLessThan(3600e9);
        // Every parameter the table lists is present (null when the file's older layout lacks it).
        expect(e.params.length).toBeGreaterThanOrEqual(eventInfo(e.type)!.params.length);
      }

      const snap = r.snapshots[0]!;
      expect(snap.threads.length).toBeGreaterThan(10);
      const init = snap.threads.find((t) => t.tid === 1)!;
      expect(init.pid).toBe(1);
      expect(init.comm).toBe('systemd');
      expect(init.cwd).toBe('/');
      for (const t of snap.threads) {
        expect(t.tid).toBeGreaterThan(0);
        expect(t.pid).toBeGreaterThan(0);
        expect(t.comm).not.toBe('');
      }
      expect(snap.threads.some((t) => t.fds.length > 0)).toBe(true);
      expect(snap.users.some((u) => u.uid === 0 && u.name === 'root')).toBe(true);
      expect(snap.groups.some((g) => g.gid === 0 && g.name === 'root')).toBe(true);
    });
  }

  it('exposes the machine info and a whole-second time base', () => {
    const opened = ScapReader.open(path.join(samplesDir, 'libs_sample.scap'));
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const h = opened.reader.header;
    expect(h.hostname).toBe('ubuntu2204.localdomain');
    expect(h.captureStartNs).toBe(1690557262753607000n);
    expect(h.timeBaseNs).toBe(1690557262000000000n);
    expect(h.eventSchemaSource).toBe('scap');
    expect(h.codec).toBe('none');
    opened.reader.close();
  });

  it('libs_curl_google: the shell that runs curl is in the snapshot, the execve to curl in the events', () => {
    const r = readAll(path.join(samplesDir, 'libs_curl_google.scap'));
    const snap = r.snapshots[0]!;
    const bash = snap.threads.find((t) => t.tid === 3200)!;
    expect(bash.comm).toBe('bash');
    expect(bash.exe).toBe('-bash');
    expect(bash.cwd).toBe('/home/ubuntu');
    expect(snap.threads.some((t) => t.comm === 'sysdig')).toBe(true);
    expect(bash.fds.map((f) => f.name)).toContain('/dev/pts/1');

    const execs = r.events.filter((e) => eventInfo(e.type)!.name === 'execve' && eventInfo(e.type)!.direction === 'exit');
    expect(execs).toHaveLength(1);
    const exec = execs[0]!;
    expect(exec.tid).toBe(17497);
    expect(exec.params[1]).toBe('curl'); // exe
    expect(exec.params[5]).toBe(3200); // ptid: the bash above
    expect(exec.params[13]).toBe('curl'); // comm
  });

  it('fills parameters missing from older layouts with null', () => {
    const r = readAll(path.join(samplesDir, 'falco_syscall.scap'));
    const open = r.events.find((e) => e.type === 3)!; // SYSCALL_OPEN_X, written with 5 of today's 6 params
    expect(open.params.slice(0, 2)).toEqual([3, '/etc/ld.so.cache']);
    expect(open.params).toHaveLength(6);
    expect(open.params[5]).toBeNull();
  });

  it('a truncated copy yields the whole blocks before the cut, then one truncation', () => {
    const data = sampleBytes('libs_sample.scap');
    const offsets = eventBlockOffsets(data);
    const cutBlock = Math.floor(offsets.length / 2);
    const cutAt = offsets[cutBlock]! + 10;
    const file = path.join(dir, 'truncated.scap');
    fs.writeFileSync(file, data.subarray(0, cutAt));
    const r = readAll(file);
    expect(r.events).toHaveLength(cutBlock);
    expect(r.damage).toHaveLength(1);
    expect(r.damage[0]).toMatchObject({ code: 'truncated', offset: offsets[cutBlock], length: 10, file });
    expect(r.items[r.items.length - 1]!.kind).toBe('damage');
    const full = readAll(path.join(samplesDir, 'libs_sample.scap'));
    expect(r.events).toEqual(full.events.slice(0, cutBlock));
  });

  it('a truncated gzip stream yields what inflates, then a truncation', () => {
    const raw = fs.readFileSync(path.join(samplesDir, 'libs_curl_google.scap'));
    const file = path.join(dir, 'truncated.scap.gz');
    fs.writeFileSync(file, raw.subarray(0, Math.floor(raw.length * 0.6)));
    const r = readAll(file);
    expect(r.events.length).toBeGreaterThan(100);
    expect(r.events.length).toBeLessThan(1536);
    expect(r.damage).toHaveLength(1);
    expect(r.damage[0]!.code).toBe('truncated');
  });

  it('a block with a damaged length costs only that block', () => {
    const data = Buffer.from(sampleBytes('libs_sample.scap'));
    const offsets = eventBlockOffsets(data);
    const victim = offsets[100]!;
    const victimLength = data.readUInt32LE(victim + 4);
    data.writeUInt32LE(0x7fff0000, victim + 4);
    const file = path.join(dir, 'corrupt.scap');
    fs.writeFileSync(file, data);
    const r = readAll(file);
    expect(r.damage).toHaveLength(1);
    expect(r.damage[0]).toMatchObject({ code: 'corrupt', offset: victim, length: victimLength });
    expect(r.events).toHaveLength(SAMPLES['libs_sample.scap']!.total - 1);
  });

  it('reads a raw file through small windows exactly as in one piece, damaged copies included', () => {
    // Window sizes that put block boundaries everywhere: every block straddles one at 7 bytes.
    const copies: string[] = [];
    for (const name of Object.keys(SAMPLES)) {
      const file = path.join(dir, `raw-${name}`);
      fs.writeFileSync(file, sampleBytes(name));
      copies.push(file);
    }
    const data = Buffer.from(sampleBytes('libs_sample.scap'));
    const offsets = eventBlockOffsets(data);
    const corrupt = Buffer.from(data);
    corrupt.writeUInt32LE(0x7fff0000, offsets[100]! + 4);
    copies.push(path.join(dir, 'window-corrupt.scap'));
    fs.writeFileSync(copies[copies.length - 1]!, corrupt);
    copies.push(path.join(dir, 'window-truncated.scap'));
    fs.writeFileSync(copies[copies.length - 1]!, data.subarray(0, offsets[200]! + 10));
    for (const file of copies) {
      const whole = readAll(file);
      expect(whole.events.length, file).toBeGreaterThan(0);
      for (const windowBytes of [7, 4096, 65537]) {
        const windowed = readAll(file, { windowBytes });
        expect(windowed.items, `${file} through ${windowBytes}-byte windows`).toEqual(whole.items);
        expect(windowed.warnings).toEqual(whole.warnings);
      }
    }
  });

  it('reads EVF_V2 and _LARGE event blocks, and skips unknown block types with one warning each', () => {
    const data = sampleBytes('libs_sample.scap');
    const offsets = eventBlockOffsets(data);
    const last = offsets[offsets.length - 1]!;
    const lastLen = data.readUInt32LE(last + 4);
    const event = data.subarray(last + 10, last + lastLen - 4); // the event after the u16 cpu id (plus padding)
    const block = (type: number, body: Buffer): Buffer => {
      const len = 12 + Math.ceil(body.length / 4) * 4;
      const b = Buffer.alloc(len);
      b.writeUInt32LE(type, 0);
      b.writeUInt32LE(len, 4);
      body.copy(b, 8);
      b.writeUInt32LE(len, len - 4);
      return b;
    };
    const cpuFlags = Buffer.alloc(6);
    cpuFlags.writeUInt16LE(3, 0);
    cpuFlags.writeUInt32LE(1, 2); // SCAP_DF_STATE_ONLY
    const cpu5 = Buffer.from([5, 0]);
    const file = path.join(dir, 'variants.scap');
    fs.writeFileSync(file, Buffer.concat([
      data,
      block(0x999, Buffer.alloc(4)),
      block(0x217, Buffer.concat([cpuFlags, event])), // EVF_V2
      block(0x999, Buffer.alloc(8)),
      block(0x221, Buffer.concat([cpu5, event])), // EV_V2_LARGE
    ]));
    const r = readAll(file);
    expect(r.damage).toEqual([]);
    expect(r.warnings).toEqual([expect.stringContaining('unknown block type 0x999')]);
    expect(r.events).toHaveLength(SAMPLES['libs_sample.scap']!.total + 2);
    const [orig, evf, large] = r.events.slice(-3);
    expect(evf).toEqual({ ...orig, cpu: 3, stateOnly: true });
    expect(large).toEqual({ ...orig, cpu: 5 });
  });

  it('a gzip copy reads the same as the raw file, and a raw copy the same as the gzip one', () => {
    const rawFile = path.join(samplesDir, 'libs_sample.scap');
    const gzFile = path.join(dir, 'libs_sample.scap.gz');
    fs.writeFileSync(gzFile, zlib.gzipSync(fs.readFileSync(rawFile)));
    expect(readAll(gzFile).items).toEqual(readAll(rawFile).items);

    const gzSample = path.join(samplesDir, 'falco_cat_write.scap');
    const unzipped = path.join(dir, 'falco_cat_write.raw.scap');
    fs.writeFileSync(unzipped, sampleBytes('falco_cat_write.scap'));
    expect(readAll(unzipped).items).toEqual(readAll(gzSample).items);
  });
});

describe('ScapReader on files that are not captures', () => {
  const dir = tempDir();

  it('reports a missing file', () => {
    const r = ScapReader.open(path.join(dir, 'nope.scap'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('not-found');
  });

  it('rejects other content', () => {
    const file = path.join(dir, 'text.scap');
    fs.writeFileSync(file, 'hello, this is not a capture at all\n');
    const r = ScapReader.open(file);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('not-a-capture');
    expect(isScapFile(fs.readFileSync(file))).toBe(false);
    expect(isScapFile(zlib.gzipSync(Buffer.alloc(4096, 7)))).toBe(false);
  });

  it('rejects a newer major version', () => {
    const shb = Buffer.alloc(28);
    shb.writeUInt32LE(0x0a0d0d0a, 0);
    shb.writeUInt32LE(28, 4);
    shb.writeUInt32LE(0x1a2b3c4d, 8);
    shb.writeUInt16LE(2, 12);
    shb.writeUInt32LE(28, 24);
    const file = path.join(dir, 'v2.scap');
    fs.writeFileSync(file, shb);
    expect(isScapFile(shb)).toBe(true);
    const r = ScapReader.open(file);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('unsupported-version');
  });
});
