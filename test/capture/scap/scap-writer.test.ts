// Converts a falco-ts recording (fixtures/intrusion.fcap) to a .scap file and
// reads it back with our ScapReader and, when it is installed, with Debian's
// sysdig 0.29.3 (libs of 2022-03).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaptureReader } from '../../../src/capture/reader.js';
import type { CaptureItem } from '../../../src/capture/reader.js';
import { ScapReader } from '../../../src/capture/scap/scap-reader.js';
import { SYSDIG_0_29_EVENT_MAX, writeScap, writeScapFromItems } from '../../../src/capture/scap/scap-writer.js';
import type { ScapWriteSummary } from '../../../src/capture/scap/scap-writer.js';
import { EVENT_BLOCKS, isBlockProblem, readBlock } from '../../../src/capture/scap/scap-blocks.js';
import { eventCode, eventInfo } from '../../../src/capture/event-schema.js';
import type { CaptureHeader, CapturedEvent, StateSnapshot } from '../../../src/capture/model.js';
import { tempDir } from '../../support/tmp.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = path.join(projectRoot, 'fixtures/intrusion.fcap');

const haveSysdig = (() => {
  try {
    return spawnSync('sysdig', ['--version'], { encoding: 'utf8' }).status === 0;
  } catch {
    return false;
  }
})();
if (!haveSysdig) console.warn('scap-writer: sysdig is not installed; the sysdig read-back tests are skipped');

interface Recording {
  header: CaptureHeader;
  snapshot: StateSnapshot;
  events: CapturedEvent[];
}

function readNative(file: string): Recording {
  const opened = CaptureReader.open(file);
  if (!opened.ok) throw new Error(opened.error.message);
  const reader = opened.reader;
  let snapshot: StateSnapshot | null = null;
  const events: CapturedEvent[] = [];
  for (const item of reader.items()) {
    if (item.kind === 'snapshot' && snapshot === null) snapshot = item.snapshot;
    if (item.kind === 'events') events.push(...item.events);
  }
  return { header: reader.header, snapshot: snapshot!, events };
}

function readScap(file: string): { items: CaptureItem[]; events: CapturedEvent[]; snapshot: StateSnapshot; warnings: string[]; reader: ScapReader } {
  const opened = ScapReader.open(file);
  if (!opened.ok) throw new Error(opened.error.message);
  const items = [...opened.reader.items()];
  // Plain objects, so that comparisons see the parameters (decoded on demand otherwise).
  const events = items.flatMap((i) => (i.kind === 'events' ? i.events : [])).map((e) => ({ ts: e.ts, cpu: e.cpu, tid: e.tid, type: e.type, params: e.params }));
  const snapshot = items.find((i) => i.kind === 'snapshot');
  return { items, events, snapshot: (snapshot as { snapshot: StateSnapshot }).snapshot, warnings: opened.reader.warnings, reader: opened.reader };
}

function sysdig(file: string, format: string, ...extra: string[]): { status: number | null; lines: string[]; stderr: string } {
  const r = spawnSync('sysdig', ['-r', file, '-p', format, ...extra], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, lines: r.stdout.split('\n').filter((l) => l !== ''), stderr: r.stderr };
}

describe('writeScap', () => {
  const dir = tempDir();
  const out = path.join(dir, 'intrusion.scap');
  let rec: Recording;
  let summary: ScapWriteSummary;

  beforeAll(() => {
    rec = readNative(fixture);
    // Stream the events: a generator, not the array, feeds the writer.
    summary = writeScap(out, rec.header, rec.snapshot, (function* () { yield* rec.events; })());
  });

  it('writes every event in well-formed blocks', () => {
    expect(summary.events).toBe(rec.events.length);
    expect(summary.skipped).toBe(0);
    const data = fs.readFileSync(out);
    expect(summary.bytes).toBe(data.length);
    let pos = 0;
    let eventBlocks = 0;
    const types: number[] = [];
    while (pos < data.length) {
      const b = readBlock(data, pos);
      if (isBlockProblem(b)) throw new Error(`block at ${pos} ${b.problem}`);
      types.push(b.type);
      if (EVENT_BLOCKS.has(b.type)) eventBlocks++;
      pos += b.length;
    }
    expect(eventBlocks).toBe(rec.events.length);
    // SHB, MI, UL_V2, PL_V9, then FDL_V2 blocks, then events only.
    expect(types.slice(0, 4)).toEqual([0x0a0d0d0a, 0x201, 0x220, 0x215]);
    const firstEvent = types.findIndex((t) => EVENT_BLOCKS.has(t));
    expect(types.slice(4, firstEvent).every((t) => t === 0x218)).toBe(true);
    expect(types.slice(firstEvent).every((t) => t === 0x216)).toBe(true);
  });

  it('reads back with our ScapReader: same events, params and snapshot', () => {
    const back = readScap(out);
    expect(back.items.filter((i) => i.kind === 'damage')).toEqual([]);
    expect(back.warnings).toEqual([]);
    expect(back.reader.header.hostname).toBe(rec.header.hostname);
    expect(back.reader.header.bootTimeNs).toBe(rec.header.bootTimeNs);
    expect(back.events.length).toBe(rec.events.length);
    // Timestamps are absolute in the file; ScapReader rebases them on the first event's second.
    const shift = Number(back.reader.header.timeBaseNs - rec.header.timeBaseNs);
    for (let i = 0; i < rec.events.length; i++) {
      const a = rec.events[i]!;
      const b = back.events[i]!;
      expect({ ...b, ts: b.ts + shift }, `event ${i} (${eventInfo(a.type)?.id})`).toEqual(a);
    }
    const s = back.snapshot;
    expect(s.threads.map((t) => [t.tid, t.pid, t.comm, t.exepath])).toEqual(rec.snapshot.threads.map((t) => [t.tid, t.pid, t.comm, t.exepath]));
    // Every thread field round-trips except startTs, which PL_V9 does not carry.
    for (let i = 0; i < s.threads.length; i++) {
      const want = { ...rec.snapshot.threads[i]!, startTs: 0n };
      const got = s.threads[i]!;
      expect({ ...got, fds: [] }).toEqual({ ...want, fds: [] });
      // fds: files come back with openFlags/dev (FILE_V2 always has them); unix sockets keep their path only.
      // Fd types the 2022 libscap refuses (bpf, userfaultfd, io_uring, memfd, pidfd) are written as unsupported.
      const written = (t: string): string => (['bpf', 'userfaultfd', 'io_uring', 'memfd', 'pidfd'].includes(t) ? 'unsupported' : t);
      expect(got.fds.map((f) => [f.fd, f.type, f.name])).toEqual(want.fds.map((f) => [f.fd, written(f.type), f.name]));
    }
    expect(s.users).toEqual(rec.snapshot.users.map((u) => ({ ...u, container: '' })));
    expect(s.groups).toEqual(rec.snapshot.groups.map((g) => ({ ...g, container: '' })));
  });

  it('converts an item stream (writeScapFromItems) to the same bytes', () => {
    const opened = CaptureReader.open(fixture);
    if (!opened.ok) throw new Error(opened.error.message);
    const out2 = path.join(dir, 'from-items.scap');
    const s2 = writeScapFromItems(out2, opened.reader.header, opened.reader.items());
    expect(s2).toEqual(summary);
    expect(fs.readFileSync(out2).equals(fs.readFileSync(out))).toBe(true);
  });

  it('encodes parameter types by the table (ints by width, C strings with NUL, bytes verbatim, null empty)', () => {
    const ev: CapturedEvent = {
      ts: 5, cpu: 1, tid: 4242, type: eventCode('SYSCALL_OPENAT_2_X'),
      params: [-2, -100, 'rel/\u00e9t\u00e9', 0x4002, 0o644, null, 2n ** 63n + 5n],
    };
    const connect: CapturedEvent = {
      ts: 6, cpu: 0, tid: 4242, type: eventCode('SOCKET_CONNECT_X'),
      params: [-115, Buffer.from([2, 10, 0, 0, 1, 0x50, 0, 10, 0, 0, 2, 0xbb, 1]), 7, null],
    };
    const file = path.join(dir, 'params.scap');
    const s = writeScap(file, rec.header, { ts: 0, threads: [], users: [], groups: [], containers: [] }, [ev, connect]);
    expect(s.events).toBe(2);
    const back = readScap(file);
    expect(back.events.map((e) => e.params)).toEqual([ev.params, connect.params]);
    expect(back.events.map((e) => [e.cpu, e.tid, e.type])).toEqual([[1, 4242, ev.type], [0, 4242, connect.type]]);
  });

  /** An event's code in the compat layout: the 2022 event of the same syscall, or undefined when it has none. */
  const compatCode = (e: CapturedEvent): number | undefined => {
    const id = eventInfo(e.type)!.id;
    if (id === 'SYSCALL_DUP_1_X' || id === 'SYSCALL_DUP2_X' || id === 'SYSCALL_DUP3_X') return eventCode('SYSCALL_DUP_X');
    if (id === 'SYSCALL_PIPE2_X') return eventCode('SYSCALL_PIPE_X');
    if (id === 'SYSCALL_SIGNALFD4_X') return eventCode('SYSCALL_SIGNALFD_X');
    return e.type < SYSDIG_0_29_EVENT_MAX ? e.type : undefined;
  };
  const isCloneChild = (e: CapturedEvent): boolean => ['clone', 'fork', 'vfork', 'clone3'].includes(eventInfo(e.type)!.name) && e.params[0] === 0;

  it('writes the 2022 events of the same syscalls, leaves out what has none, and adds enter events when asked', () => {
    const file = path.join(dir, 'compat.scap');
    const s = writeScap(file, rec.header, rec.snapshot, rec.events, { sysdig029: true });
    const said = rec.events.filter((e) => compatCode(e) !== undefined);
    const downgraded = rec.events.filter((e) => e.type >= SYSDIG_0_29_EVENT_MAX && compatCode(e) !== undefined);
    expect(downgraded.length).toBeGreaterThan(0);
    expect(s).toMatchObject({ events: said.length, skipped: rec.events.length - said.length });
    // Exits only, in the same order; the rebuilt enter events come before them.
    const back = readScap(file).events;
    const exits = back.filter((e) => e.type % 2 === 1 || e.type === eventCode('PROCEXIT_1_E'));
    // Our reader shows the 2022 dup exit in its current layout, as libscap's converter does.
    const current = (code: number | undefined): number | undefined => (code === eventCode('SYSCALL_DUP_X') ? eventCode('SYSCALL_DUP_1_X') : code);
    expect(exits.map((e) => e.type)).toEqual(said.map((e) => current(compatCode(e))));
    // dup2(3, 1) = 1 is said as dup's enter (the old fd) and exit (the result).
    const dup2 = rec.events.find((e) => eventInfo(e.type)!.id === 'SYSCALL_DUP2_X')!;
    const at = back.findIndex((e) => e.ts === dup2.ts && e.type === eventCode('SYSCALL_DUP_1_X'));
    expect(back[at - 1]!.type).toBe(eventCode('SYSCALL_DUP_E'));
    expect(back[at - 1]!.params).toEqual([dup2.params[1]]);
    expect(back[at]!.params[0]).toBe(dup2.params[0]);
  });

  describe.runIf(haveSysdig)('sysdig 0.29.3 reads it', () => {
    it('prints one line per event it knows, without error', () => {
      const r = sysdig(out, '*%evt.num %evt.type %proc.name %fd.name');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      // sysdig 0.29.3 silently skips the codes its 2022 table lacks (dup2, dup, pipe2, signalfd4 ...).
      const known = rec.events.filter((e) => e.type < SYSDIG_0_29_EVENT_MAX);
      expect(r.lines.length).toBe(known.length);
      expect(r.lines.map((l) => l.split(' ')[1])).toEqual(known.map((e) => eventInfo(e.type)!.name));
    });

    it('names the process of every successful execve after its new comm', () => {
      const r = sysdig(out, '%evt.type %proc.name %evt.res', 'evt.type=execve and evt.dir=<');
      expect(r.status).toBe(0);
      const execs = rec.events.filter((e) => e.type === eventCode('SYSCALL_EXECVE_19_X'));
      expect(r.lines.length).toBe(execs.length);
      // comm is param 13 of EXECVE_19_X; failed execs keep the caller's name, which depends on the state engine.
      const ok = r.lines.map((l, i) => [l, execs[i]!] as const).filter(([, e]) => e.params[0] === 0);
      expect(ok.length).toBeGreaterThan(0);
      expect(ok.map(([l]) => l.split(' ')[1])).toEqual(ok.map(([, e]) => String(e.params[13])));
    });

    it('reads the compat layout (enter events rebuilt, newer codes said the 2022 way) as enter+exit pairs', () => {
      const file = path.join(dir, 'compat-sysdig.scap');
      const s = writeScap(file, rec.header, rec.snapshot, rec.events, { sysdig029: true });
      const said = rec.events.filter((e) => compatCode(e) !== undefined);
      expect(s.events).toBe(said.length);
      const all = sysdig(file, '*%evt.num %evt.dir %evt.type %proc.name %fd.name');
      expect(all.stderr).toBe('');
      expect(all.status).toBe(0);
      // Exits (and procexit, an enter-only tracepoint) are the recorded events, in order.
      const recorded = all.lines.filter((l) => l.split(' ')[1] === '<' || l.split(' ')[2] === 'procexit');
      expect(recorded.map((l) => l.split(' ')[2])).toEqual(said.map((e) => eventInfo(compatCode(e)!)!.name));
      // Every syscall exit is preceded by its enter event, but a clone child's return (the kernel has none).
      const enters = all.lines.filter((l) => l.split(' ')[1] === '>' && l.split(' ')[2] !== 'procexit');
      expect(said.some(isCloneChild)).toBe(true);
      expect(enters.length).toBe(said.filter((e) => e.type !== eventCode('PROCEXIT_1_E') && !isCloneChild(e)).length);
      // Our reader sees the enter events too (they are real events of the file).
      expect(readScap(file).events.length).toBe(said.length + enters.length);
    });
  });
});
