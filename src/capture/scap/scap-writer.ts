// Writes sysdig/Falco .scap captures: the inverse of scap-reader.ts. The
// layout is the one libscap's own writer uses (scap_setup_dump): SHB 1.2, MI,
// UL_V2, one PL_V9 block, one FDL_V2 block per thread with fds, then one
// EV_V2 block per event (EV_V2_LARGE when an event does not fit 64 KiB).
//
// Events are written as they are: modern exit-only events with the current
// table's parameter count (never more, see scap-format.md, Corrections 3).
// Current libs read that directly; sysdig 0.29.3 (2022 libs) parses it too but
// skips event codes >= 336 and, lacking enter events, resolves some fds from
// stale state (see the report in the writer's tests).
//
// Events are streamed: each block is encoded into a reusable buffer and
// flushed to the file with fs.writeSync whenever the buffer fills.
import fs from 'node:fs';
import { eventCode, eventInfo } from '../event-schema.js';
import type {
  CaptureHeader, CapturedEvent, FdSnapshot, FdType, GroupInfo, ParamValue, StateSnapshot, ThreadSnapshot, UserInfo,
} from '../model.js';
import type { CaptureItem } from '../reader.js';
import { SCAP_EVENT_HEADER_SIZE } from '../scap-event-decoder.js';
import { FDL_V2, MI, SHB, SHB_MAGIC, UL_V2 } from './scap-blocks.js';

export interface ScapWriteSummary {
  /** Event blocks written. */
  events: number;
  /** Bytes written to the file. */
  bytes: number;
  /** Events left out: codes sysdig 0.29.3 cannot say (only with `sysdig029: true`), or codes beyond our table. */
  skipped: number;
}

export interface ScapWriteOptions {
  /**
   * The "compat" layout for sysdig 0.29.3 (2022 libs): before every syscall
   * exit its enter event, rebuilt from the exit's parameters of the same
   * names, because 2022 libsinsp takes fds, sizes and paths from the enter
   * event (but none before a clone child's return, which has none in the
   * kernel); dup2/dup3/dup, pipe2 and signalfd4 written as the 2022 dup,
   * pipe and signalfd events; other codes >= 336 left out (sysdig skips them
   * anyway). Off by default: current Falco knows the newer codes and would
   * show some synthesized enter events (openat, connect ...) as extra events.
   */
  sysdig029?: boolean;
}

/** Event codes of the 2022 table (PPM_EVENT_MAX in sysdig 0.29.3). */
export const SYSDIG_0_29_EVENT_MAX = 336;

const PL_V9 = 0x215;
const EV_V2 = 0x216;
const EV_V2_LARGE = 0x221;
/** Non-large event blocks must fit libscap's 64 KiB read buffer (block length - 8). */
const MAX_SMALL_BLOCK = 65536 + 8;
const MAX_STR16 = 0xffff;
/** UL strings of 256 bytes or more are rejected by the reader (MAX_CREDENTIALS_STR_LEN). */
const MAX_CREDENTIAL_STR = 255;
/** FDL names above 1023 bytes are rejected by the reader. */
const MAX_FD_NAME = 1023;
/** PL limits: paths 1024, args/env/cgroups 4096 bytes (SCAP_MAX_PATH_SIZE, SCAP_MAX_ARGS_SIZE ...). */
const MAX_PATH = 1024;
const MAX_ARGS = 4096;

/** A growable little-endian byte sink; `reset()` reuses the memory. */
class ByteSink {
  buf: Buffer;
  pos = 0;

  constructor(size: number) {
    this.buf = Buffer.alloc(size);
  }

  reset(): void {
    this.pos = 0;
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.alloc(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
  }

  u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16LE(v & 0xffff, this.pos);
    this.pos += 2;
  }

  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
  }

  /** Any 64-bit value, signed or unsigned, as its two's-complement bits. */
  u64(v: number | bigint): void {
    this.ensure(8);
    this.buf.writeBigUInt64LE(BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(Math.trunc(v))), this.pos);
    this.pos += 8;
  }

  f64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  zeros(n: number): void {
    this.ensure(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
  }

  /** u16 length + bytes, no NUL (PL, FDL and UL strings), cut to `max` bytes. */
  str16(s: string | Uint8Array, max = MAX_STR16): void {
    const b = clip(typeof s === 'string' ? Buffer.from(s, 'utf8') : s, max);
    this.u16(b.length);
    this.bytes(b);
  }

  /** A NUL-separated multi-string ("a\0b\0") with a u16 length. */
  multiStr16(list: readonly string[], max = MAX_ARGS): void {
    this.str16(list.length === 0 ? Buffer.alloc(0) : Buffer.from(list.map((s) => `${s}\0`).join(''), 'utf8'), max);
  }
}

function clip(b: Uint8Array, max: number): Uint8Array {
  return b.length <= max ? b : b.subarray(0, max);
}

// ---------------------------------------------------------------------------
// Parameter encoding: the inverse of scap-event-decoder.ts.

const WIDTH: ReadonlyMap<string, number> = new Map([
  ...['INT8', 'UINT8', 'FLAGS8', 'ENUMFLAGS8', 'SIGTYPE', 'L4PROTO', 'SOCKFAMILY'].map((t) => [t, 1] as const),
  ...['INT16', 'UINT16', 'FLAGS16', 'ENUMFLAGS16', 'PORT', 'SYSCALLID'].map((t) => [t, 2] as const),
  ...['INT32', 'UINT32', 'FLAGS32', 'ENUMFLAGS32', 'UID', 'GID', 'MODE', 'BOOL', 'SIGSET', 'FD32', 'PID32'].map((t) => [t, 4] as const),
  ...['INT64', 'UINT64', 'ERRNO', 'FD', 'PID', 'RELTIME', 'ABSTIME'].map((t) => [t, 8] as const),
]);
const C_STRINGS = new Set(['CHARBUF', 'FSPATH', 'FSRELPATH']);

/**
 * Appends one parameter's bytes to `out` and returns its length. Integers are
 * written at the width of their table type; strings of CHARBUF/FSPATH types
 * get their NUL; byte values (BYTEBUF, SOCKADDR, SOCKTUPLE, FDLIST, and
 * integers the decoder kept as bytes because of an odd width) go out verbatim.
 */
function encodeParam(out: ByteSink, type: string | undefined, v: ParamValue): number {
  if (v === null) return 0;
  const start = out.pos;
  if (v instanceof Uint8Array) {
    out.bytes(v);
    if (type !== undefined && C_STRINGS.has(type)) out.u8(0);
  } else if (typeof v === 'string') {
    out.bytes(Buffer.from(v, 'utf8'));
    if (type === undefined || C_STRINGS.has(type)) out.u8(0);
  } else if (type === 'DOUBLE') {
    out.f64(Number(v));
  } else {
    const width = WIDTH.get(type ?? '') ?? 8;
    if (width === 8) out.u64(v);
    else {
      const n = typeof v === 'bigint' ? Number(BigInt.asIntN(32, v)) : v;
      if (width === 4) out.u32(n);
      else if (width === 2) out.u16(n);
      else out.u8(n);
    }
  }
  return out.pos - start;
}

// ---------------------------------------------------------------------------
// Metadata entries.

/**
 * scap_fd_type codes, by our FdType (FILE_V2 for files; sockets have their own
 * payloads). BPF (17), USERFAULTFD, IOURING, MEMFD and PIDFD (21) are written
 * as UNSUPPORTED (10) with their name: the 2022 libscap of sysdig 0.29.3
 * refuses the whole file on an fd type it does not know ("wrong fd type 17"),
 * and current libs read UNSUPPORTED fine. Only fd.type is lost.
 */
const FD_TYPE_CODES: Readonly<Record<FdType, number>> = {
  'file': 16, 'directory': 2, 'ipv4': 3, 'ipv6': 4, 'ipv4-server': 5, 'ipv6-server': 6, 'fifo': 7, 'unix': 8,
  'event': 9, 'unsupported': 10, 'signalfd': 11, 'eventpoll': 12, 'inotify': 13, 'timerfd': 14, 'netlink': 15,
  'bpf': 10, 'userfaultfd': 10, 'io_uring': 10, 'memfd': 10, 'pidfd': 10,
};

const L4PROTO: Readonly<Record<string, number>> = { tcp: 2, udp: 3, icmp: 4, raw: 5 };

function ipv4Bytes(text: string): Uint8Array {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return new Uint8Array(4);
  return Uint8Array.from(parts);
}

function ipv6Bytes(text: string): Uint8Array {
  const out = new Uint8Array(16);
  let s = text;
  // A dotted IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted !== null) {
    const v4 = ipv4Bytes(dotted[1]!);
    s = `${s.slice(0, dotted.index)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const hs = head === '' ? [] : head.split(':');
  const ts = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? hs : [...hs, ...new Array<string>(Math.max(0, 8 - hs.length - ts.length)).fill('0'), ...ts];
  if (groups.length !== 8) return out;
  groups.forEach((g, i) => {
    const n = parseInt(g, 16) || 0;
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  return out;
}

function writeThread(out: ByteSink, t: ThreadSnapshot): void {
  const start = out.pos;
  out.u32(0); // sub_len, patched below
  out.u64(t.tid);
  out.u64(t.pid);
  out.u64(t.ppid);
  out.u64(t.sid);
  out.u64(t.vpgid);
  out.str16(t.comm, MAX_PATH);
  out.str16(t.exe, MAX_PATH);
  out.str16(t.exepath, MAX_PATH);
  out.multiStr16(t.args);
  out.str16(t.cwd, MAX_PATH);
  out.u64(t.fdlimit);
  out.u32(t.flags);
  out.u32(t.uid);
  out.u32(t.gid);
  out.u32(0); // vmsize_kb
  out.u32(0); // vmrss_kb
  out.u32(0); // vmswap_kb
  out.u64(0); // pfmajor
  out.u64(0); // pfminor
  out.multiStr16(t.env);
  out.u64(t.vtid);
  out.u64(t.vpid);
  out.multiStr16(t.cgroups);
  out.str16(t.root, MAX_PATH);
  // The whole current V9 tail: a shorter one (<= 29 bytes) would be read in the pre-0.10 order.
  out.u64(t.pidnsInitStartTs);
  out.u32(t.tty);
  out.u32(t.loginuid);
  out.u8(t.exeWritable ? 1 : 0);
  out.u64(t.capInheritable);
  out.u64(t.capPermitted);
  out.u64(t.capEffective);
  out.u8(t.exeUpperLayer ? 1 : 0);
  out.u64(t.exeIno);
  out.u64(t.exeInoCtime);
  out.u64(t.exeInoMtime);
  out.u8(t.exeFromMemfd ? 1 : 0);
  out.u8(t.exeLowerLayer ? 1 : 0);
  out.u64(t.pgid);
  out.buf.writeUInt32LE(out.pos - start, start);
}

function writeFd(out: ByteSink, f: FdSnapshot): void {
  const start = out.pos;
  out.u32(0); // sub_len, patched below
  out.u64(f.fd);
  out.u64(f.ino ?? 0);
  const code = FD_TYPE_CODES[f.type] ?? 10;
  out.u8(code);
  const t = f.tuple;
  switch (code) {
    case 3:
      out.bytes(ipv4Bytes(t?.sip ?? '0.0.0.0'));
      out.bytes(ipv4Bytes(t?.dip ?? '0.0.0.0'));
      out.u16(t?.sport ?? 0);
      out.u16(t?.dport ?? 0);
      out.u8(L4PROTO[t?.l4proto ?? ''] ?? 0);
      break;
    case 4:
      out.bytes(ipv6Bytes(t?.sip ?? '::'));
      out.bytes(ipv6Bytes(t?.dip ?? '::'));
      out.u16(t?.sport ?? 0);
      out.u16(t?.dport ?? 0);
      out.u8(L4PROTO[t?.l4proto ?? ''] ?? 0);
      break;
    case 5:
      out.bytes(ipv4Bytes(t?.sip ?? '0.0.0.0'));
      out.u16(t?.sport ?? 0);
      out.u8(L4PROTO[t?.l4proto ?? ''] ?? 0);
      break;
    case 6:
      out.bytes(ipv6Bytes(t?.sip ?? '::'));
      out.u16(t?.sport ?? 0);
      out.u8(L4PROTO[t?.l4proto ?? ''] ?? 0);
      break;
    case 8:
      out.u64(0); // kernel socket pointers are not in our model
      out.u64(0);
      out.str16(f.name, MAX_FD_NAME);
      break;
    case 16:
      out.u32(f.openFlags ?? 0);
      out.str16(f.name, MAX_FD_NAME);
      out.u32(f.dev ?? 0);
      break;
    default:
      out.str16(f.name, MAX_FD_NAME);
  }
  out.buf.writeUInt32LE(out.pos - start, start);
}

function writeUser(out: ByteSink, u: UserInfo): void {
  const start = out.pos;
  out.u32(0);
  out.u8(0);
  out.u32(u.uid);
  out.u32(u.gid);
  out.str16(u.name, MAX_CREDENTIAL_STR);
  out.str16(u.home, MAX_CREDENTIAL_STR);
  out.str16(u.shell, MAX_CREDENTIAL_STR);
  out.buf.writeUInt32LE(out.pos - start, start);
}

function writeGroup(out: ByteSink, g: GroupInfo): void {
  const start = out.pos;
  out.u32(0);
  out.u8(1);
  out.u32(g.gid);
  out.str16(g.name, MAX_CREDENTIAL_STR);
  out.buf.writeUInt32LE(out.pos - start, start);
}

// ---------------------------------------------------------------------------
// The file.

/** Output buffering: blocks accumulate here and go to the file in large writes. */
const FLUSH_AT = 1 << 20;

class ScapFileWriter {
  private readonly out = new ByteSink(FLUSH_AT + 65536);
  /** Scratch for one event's parameter data, reused. */
  private readonly params = new ByteSink(65536);
  private readonly lengths: number[] = [];
  bytes = 0;

  constructor(private readonly fd: number) {}

  /** Starts a block; returns its offset in the output buffer. */
  begin(type: number): number {
    const at = this.out.pos;
    this.out.u32(type);
    this.out.u32(0);
    return at;
  }

  /** Pads to 4 bytes, writes the trailer and patches the length. */
  end(at: number): void {
    const out = this.out;
    out.zeros((4 - ((out.pos - at) % 4)) % 4);
    const length = out.pos - at + 4;
    out.u32(length);
    out.buf.writeUInt32LE(length, at + 4);
    if (out.pos >= FLUSH_AT) this.flush();
  }

  get sink(): ByteSink {
    return this.out;
  }

  flush(): void {
    let off = 0;
    while (off < this.out.pos) off += fs.writeSync(this.fd, this.out.buf, off, this.out.pos - off);
    this.bytes += this.out.pos;
    this.out.reset();
  }

  section(): void {
    const at = this.begin(SHB);
    this.out.u32(SHB_MAGIC);
    this.out.u16(1); // major
    this.out.u16(2); // minor
    this.out.u64(-1n); // section length: unknown
    this.end(at);
  }

  machineInfo(header: CaptureHeader): void {
    const at = this.begin(MI);
    const cpus = header.options['cpus'];
    this.out.u32(typeof cpus === 'number' && cpus > 0 ? cpus : 1);
    this.out.u64(0); // memory_size_bytes: not recorded
    this.out.u64(0); // max_pid: not recorded
    const host = Buffer.alloc(128);
    host.write(header.hostname, 0, 127, 'utf8');
    this.out.bytes(host);
    this.out.u64(header.bootTimeNs);
    this.out.u64(0); // flags
    this.out.u64(0); // reserved3
    this.out.u64(0); // reserved4
    this.end(at);
  }

  users(users: readonly UserInfo[], groups: readonly GroupInfo[]): void {
    if (users.length === 0 && groups.length === 0) return;
    const at = this.begin(UL_V2);
    for (const u of users) writeUser(this.out, u);
    for (const g of groups) writeGroup(this.out, g);
    this.end(at);
  }

  processList(threads: readonly ThreadSnapshot[]): void {
    const at = this.begin(PL_V9);
    for (const t of threads) writeThread(this.out, t);
    this.end(at);
  }

  fdList(t: ThreadSnapshot): void {
    const at = this.begin(FDL_V2);
    this.out.u64(t.tid);
    for (const f of t.fds) writeFd(this.out, f);
    this.end(at);
  }

  /** One EV_V2 (or EV_V2_LARGE) block; false when the event's type is unknown to our table. */
  event(tsNs: bigint, e: CapturedEvent): boolean {
    const info = eventInfo(e.type);
    if (info === undefined) return false;
    const wide = info.flags.has('large_payload');
    // Never more parameters than the table: current libs reject that for converter-managed events.
    const n = Math.min(e.params.length, info.params.length);
    const pb = this.params;
    pb.reset();
    const lengths = this.lengths;
    lengths.length = 0;
    for (let i = 0; i < n; i++) {
      let len = encodeParam(pb, info.params[i]!.type, e.params[i] ?? null);
      const max = wide ? 0xffffffff : 0xffff;
      if (len > max) { // cannot happen for recorder output; keep the file readable rather than throw
        pb.pos -= len - max;
        len = max;
      }
      lengths.push(len);
    }
    const evLen = SCAP_EVENT_HEADER_SIZE + n * (wide ? 4 : 2) + pb.pos;
    const blockLen = 8 + 2 + evLen + 4;
    const at = this.begin(blockLen + 3 > MAX_SMALL_BLOCK ? EV_V2_LARGE : EV_V2);
    const out = this.out;
    out.u16(e.cpu);
    out.u64(tsNs);
    out.u64(e.tid);
    out.u32(evLen);
    out.u16(e.type);
    out.u32(n);
    for (const len of lengths) {
      if (wide) out.u32(len);
      else out.u16(len);
    }
    out.bytes(pb.buf.subarray(0, pb.pos));
    this.end(at);
    return true;
  }
}

/**
 * Writes a .scap capture: the snapshot as the metadata blocks, then the
 * events (timestamps made absolute with header.timeBaseNs), read from the
 * iterable one at a time.
 */
export function writeScap(
  path: string, header: CaptureHeader, snapshot: StateSnapshot, events: Iterable<CapturedEvent>, options: ScapWriteOptions = {},
): ScapWriteSummary {
  const fd = fs.openSync(path, 'w');
  try {
    const w = new ScapFileWriter(fd);
    w.section();
    w.machineInfo(header);
    w.users(snapshot.users, snapshot.groups);
    w.processList(snapshot.threads);
    for (const t of snapshot.threads) if (t.fds.length > 0) w.fdList(t);
    let written = 0;
    let skipped = 0;
    const compat = options.sysdig029 === true;
    for (const e of events) {
      const ts = header.timeBaseNs + BigInt(e.ts);
      if (compat) {
        const pair = compatPair(e);
        if (pair === null) {
          skipped++;
          continue;
        }
        if (pair.enter !== null) w.event(ts, pair.enter);
        if (w.event(ts, pair.exit)) written++;
        else skipped++;
        continue;
      }
      if (w.event(ts, e)) written++;
      else skipped++;
    }
    w.flush();
    return { events: written, bytes: w.bytes, skipped };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Events the 2022 table lacks, as the 2022 driver recorded the same
 * syscalls: dup2/dup3 and the newer dup as dup (enter: the old fd; exit: the
 * result), pipe2 as pipe, signalfd4 as signalfd. 2022 libsinsp keeps its fd
 * table with these; left out, later reads and writes on those fds lose
 * their names there.
 */
const DOWNGRADES: ReadonlyMap<number, (e: CapturedEvent) => { enter: CapturedEvent; exit: CapturedEvent }> = (() => {
  const m = new Map<number, (e: CapturedEvent) => { enter: CapturedEvent; exit: CapturedEvent }>();
  const as = (e: CapturedEvent, id: string, params: ParamValue[]): CapturedEvent => ({ ts: e.ts, cpu: e.cpu, tid: e.tid, type: eventCode(id), params });
  const p = (e: CapturedEvent, id: string, name: string): ParamValue => e.params[paramIndexOf(id, name)] ?? null;
  for (const id of ['SYSCALL_DUP_1_X', 'SYSCALL_DUP2_X', 'SYSCALL_DUP3_X']) {
    m.set(eventCode(id), (e) => ({ enter: as(e, 'SYSCALL_DUP_E', [p(e, id, 'oldfd')]), exit: as(e, 'SYSCALL_DUP_X', [p(e, id, 'res')]) }));
  }
  m.set(eventCode('SYSCALL_PIPE2_X'), (e) => ({
    enter: as(e, 'SYSCALL_PIPE_E', []),
    exit: as(e, 'SYSCALL_PIPE_X', ['res', 'fd1', 'fd2', 'ino'].map((n) => p(e, 'SYSCALL_PIPE2_X', n))),
  }));
  m.set(eventCode('SYSCALL_SIGNALFD4_X'), (e) => ({
    enter: as(e, 'SYSCALL_SIGNALFD_E', [p(e, 'SYSCALL_SIGNALFD4_X', 'fd'), p(e, 'SYSCALL_SIGNALFD4_X', 'mask'), 0]),
    exit: as(e, 'SYSCALL_SIGNALFD_X', [p(e, 'SYSCALL_SIGNALFD4_X', 'res')]),
  }));
  return m;
})();

function paramIndexOf(id: string, name: string): number {
  return eventInfo(eventCode(id))!.params.findIndex((q) => q.name === name);
}

/** The clone family: the child's return (res 0) has no enter event in the kernel. */
const CLONE_EXITS = new Set(['SYSCALL_CLONE_20_X', 'SYSCALL_FORK_20_X', 'SYSCALL_VFORK_20_X', 'SYSCALL_CLONE3_X'].map(eventCode));

/**
 * An event in the compat layout: its enter event (null for none) and its
 * exit, or null when the 2022 table has no way to say it (left out).
 */
function compatPair(e: CapturedEvent): { enter: CapturedEvent | null; exit: CapturedEvent } | null {
  const downgrade = DOWNGRADES.get(e.type);
  if (downgrade !== undefined) return downgrade(e);
  if (e.type >= SYSDIG_0_29_EVENT_MAX) return null;
  // A synthesized enter in the child would make 2022 libsinsp create the child from the OS before its clone exit.
  if (CLONE_EXITS.has(e.type) && e.params[0] === 0) return { enter: null, exit: e };
  return { enter: enterFor(e), exit: e };
}

/** For each exit code, the enter code and, per enter parameter, the exit parameter of the same name (-1: none). */
const ENTER_MAPS = new Map<number, { code: number; from: number[] } | null>();

/**
 * The enter event of a syscall exit, rebuilt from the exit's parameters (the
 * modern exit carries every enter parameter under the same name); null for
 * events without a usable enter counterpart (tracepoints, meta events).
 */
function enterFor(e: CapturedEvent): CapturedEvent | null {
  let m = ENTER_MAPS.get(e.type);
  if (m === undefined) {
    m = null;
    const exit = eventInfo(e.type);
    const enter = eventInfo(e.type - 1);
    if (exit !== undefined && enter !== undefined && exit.direction === 'exit' && enter.name === exit.name
      && !enter.flags.has('unused') && !exit.flags.has('unused')) {
      const names = exit.params.map((p) => p.name);
      m = { code: enter.code, from: enter.params.map((p) => names.indexOf(p.name)) };
    }
    ENTER_MAPS.set(e.type, m);
  }
  if (m === null) return null;
  return { ts: e.ts, cpu: e.cpu, tid: e.tid, type: m.code, params: m.from.map((i) => (i < 0 ? null : e.params[i] ?? null)) };
}

/** An empty snapshot, for item streams that have none before their first events. */
function emptySnapshot(): StateSnapshot {
  return { ts: 0, threads: [], users: [], groups: [], containers: [] };
}

/**
 * Converts a capture's item stream (CaptureReader.items() or
 * ScapReader.items()) to a .scap file: the first snapshot becomes the
 * metadata, every event is written in order. Later snapshots cannot be
 * written (a .scap has metadata only before its first event) and are
 * dropped; damage items are skipped.
 */
export function writeScapFromItems(
  path: string, header: CaptureHeader, items: Iterable<CaptureItem>, options: ScapWriteOptions = {},
): ScapWriteSummary {
  const it = items[Symbol.iterator]();
  let snapshot: StateSnapshot | null = null;
  let first: CapturedEvent[] = [];
  for (let r = it.next(); !r.done; r = it.next()) {
    if (r.value.kind === 'snapshot') {
      snapshot = r.value.snapshot;
      break;
    }
    if (r.value.kind === 'events') {
      first = r.value.events;
      break;
    }
  }
  function* events(): Generator<CapturedEvent> {
    yield* first;
    for (let r = it.next(); !r.done; r = it.next()) if (r.value.kind === 'events') yield* r.value.events;
  }
  return writeScap(path, header, snapshot ?? emptySnapshot(), events(), options);
}
