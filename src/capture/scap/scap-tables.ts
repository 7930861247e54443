// The metadata blocks that describe the state at the start of a section:
// machine info (MI), the process list (PL, versions 1-9), per-thread fd lists
// (FDL v1/v2) and the user/group list (UL v1/v2). They become the fields of
// our StateSnapshot. Interface lists (IL) are not modelled by StateSnapshot
// and are skipped by the reader.
import type { FdSnapshot, FdType, GroupInfo, SocketTuple, ThreadSnapshot, UserInfo } from '../model.js';
import { formatIpv4, formatIpv6 } from '../../state/socket-decoding.js';
import { Cursor, ScapFormatError } from './scap-cursor.js';

export interface MachineInfo {
  numCpus: number;
  memorySizeBytes: number | bigint;
  maxPid: number | bigint;
  hostname: string;
  /** 0 in captures older than ~2019 (the field was reserved1). */
  bootTsEpochNs: bigint;
}

/** scap_machine_info: 180 packed bytes. */
export function parseMachineInfo(body: Buffer): MachineInfo {
  const c = new Cursor(body, 0, body.length);
  const numCpus = c.u32('num_cpus');
  const memorySizeBytes = c.u64('memory_size_bytes');
  const maxPid = c.u64('max_pid');
  const host = c.bytes(128, 'hostname');
  const nul = host.indexOf(0);
  const hostname = host.toString('utf8', 0, nul < 0 ? host.length : nul);
  const bootTsEpochNs = c.u64big('boot_ts_epoch');
  return { numCpus, memorySizeBytes, maxPid, hostname, bootTsEpochNs };
}

/** Bytes of the pre-libs-0.10 V9 tail (loginuid u32, exe_writable u8, three u64 caps): see scap_read_proclist. */
const OLD_V9_TAIL = 29;

/** Reads a PL block of the given version; one entry per thread. */
export function parseProcessList(body: Buffer, version: number): ThreadSnapshot[] {
  const threads: ThreadSnapshot[] = [];
  const c = new Cursor(body, 0, body.length);
  // Entries follow each other until fewer than 4 bytes (the padding) are left, as in libscap.
  while (c.remaining >= 4) {
    if (version >= 9) {
      const start = c.pos;
      const subLen = c.u32('sub_len');
      if (subLen < 4 || start + subLen > body.length) throw new ScapFormatError(`process entry at +${start} has length ${subLen}`);
      const entry = new Cursor(body, c.pos, start + subLen);
      threads.push(readThread(entry, version));
      c.pos = start + subLen; // unknown newer fields are skipped
    } else {
      // Before V9 entries have no length: an all-zero tail is padding, not a thread.
      if (c.remaining < 24 && body.subarray(c.pos).every((b) => b === 0)) break;
      threads.push(readThread(c, version));
    }
  }
  return threads;
}

function readThread(c: Cursor, v: number): ThreadSnapshot {
  const t: ThreadSnapshot = {
    tid: c.i64('tid'), pid: c.i64('pid'), ppid: c.i64('ptid'),
    vtid: -1, vpid: -1, sid: -1, vpgid: -1, pgid: -1,
    comm: '', exe: '', exepath: '', args: [], env: [], cwd: '', root: '',
    uid: 0, gid: 0, loginuid: 0xffffffff, tty: 0, cgroups: [],
    capInheritable: 0, capPermitted: 0, capEffective: 0, fdlimit: 0, flags: 0,
    startTs: 0n, pidnsInitStartTs: 0n, exeIno: 0, exeInoCtime: 0n, exeInoMtime: 0n,
    exeWritable: false, exeUpperLayer: false, exeLowerLayer: false, exeFromMemfd: false, fds: [],
  };
  if (v >= 6) t.sid = c.i64('sid');
  if (v >= 8) t.vpgid = c.i64('vpgid');
  t.comm = c.str16('comm');
  t.exe = c.str16('exe');
  if (v >= 7) t.exepath = c.str16('exepath');
  t.args = c.multiStr16('args');
  t.cwd = c.str16('cwd');
  t.fdlimit = Number(c.u64('fdlimit'));
  t.flags = c.u32('flags');
  t.uid = c.u32('uid');
  t.gid = c.u32('gid');
  if (v >= 2) {
    c.u32('vmsize_kb');
    c.u32('vmrss_kb');
    c.u32('vmswap_kb');
    c.u64('pfmajor');
    c.u64('pfminor');
  }
  if (v >= 3) t.env = c.multiStr16('env');
  if (v >= 4) {
    t.vtid = c.i64('vtid');
    t.vpid = c.i64('vpid');
    t.cgroups = c.multiStr16('cgroups');
  }
  if (v >= 5) t.root = c.str16('root');
  if (v >= 9) readV9Tail(c, t);
  return t;
}

/** The optional V9 fields, each read only while it fits in the entry (older writers stop earlier). */
function readV9Tail(c: Cursor, t: ThreadSnapshot): void {
  if (c.remaining <= OLD_V9_TAIL) {
    // libs < 0.10 wrote loginuid first; pidns_init_start_ts and tty came later, in front of it.
    if (c.remaining >= 4) t.loginuid = c.u32('loginuid');
    if (c.remaining >= 1) t.exeWritable = c.u8() !== 0;
    if (c.remaining >= 8) t.capInheritable = c.u64();
    if (c.remaining >= 8) t.capPermitted = c.u64();
    if (c.remaining >= 8) t.capEffective = c.u64();
    return;
  }
  const steps: [number, () => void][] = [
    [8, () => { t.pidnsInitStartTs = c.u64big(); }],
    [4, () => { t.tty = c.u32(); }],
    [4, () => { t.loginuid = c.u32(); }],
    [1, () => { t.exeWritable = c.u8() !== 0; }],
    [8, () => { t.capInheritable = c.u64(); }],
    [8, () => { t.capPermitted = c.u64(); }],
    [8, () => { t.capEffective = c.u64(); }],
    [1, () => { t.exeUpperLayer = c.u8() !== 0; }],
    [8, () => { t.exeIno = c.u64(); }],
    [8, () => { t.exeInoCtime = c.u64big(); }],
    [8, () => { t.exeInoMtime = c.u64big(); }],
    [1, () => { t.exeFromMemfd = c.u8() !== 0; }],
    [1, () => { t.exeLowerLayer = c.u8() !== 0; }],
    [8, () => { t.pgid = c.i64(); }],
  ];
  for (const [size, read] of steps) {
    if (c.remaining < size) return;
    read();
  }
}

/** scap_fd_type codes whose payload is just a name, with our FdType for them. */
const NAMED_FD_TYPES: ReadonlyMap<number, FdType> = new Map([
  [1, 'file'], [2, 'directory'], [7, 'fifo'], [9, 'event'], [10, 'unsupported'], [11, 'signalfd'], [12, 'eventpoll'],
  [13, 'inotify'], [14, 'timerfd'], [15, 'netlink'], [17, 'bpf'], [18, 'userfaultfd'], [19, 'io_uring'],
  [20, 'memfd'], [21, 'pidfd'],
]);

/** SCAP_L4_*: 0 unknown, 1 n/a, 2 TCP, 3 UDP, 4 ICMP, 5 RAW. */
function l4proto(code: number): string {
  return ['unknown', 'unknown', 'tcp', 'udp', 'icmp', 'raw'][code] ?? 'unknown';
}

function connectedName(t: SocketTuple): string {
  return `${t.sip}:${t.sport}->${t.dip}:${t.dport}`;
}

export interface FdList {
  tid: number;
  fds: FdSnapshot[];
}

/** One thread's fd table: u64 tid, then entries (FDL_V2 entries carry a length that includes itself). */
export function parseFdList(body: Buffer, v2: boolean): FdList {
  const c = new Cursor(body, 0, body.length);
  const tid = c.i64('tid');
  const fds: FdSnapshot[] = [];
  // The smallest v1 entry (fd, ino, type, empty name) is 19 bytes; less than that is padding.
  while (c.remaining >= (v2 ? 4 : 19)) {
    if (v2) {
      const start = c.pos;
      const subLen = c.u32('sub_len');
      if (subLen === 0 && body.subarray(start).every((b) => b === 0)) break; // padding
      if (subLen < 4 || start + subLen > body.length) throw new ScapFormatError(`fd entry at +${start} has length ${subLen}`);
      fds.push(readFd(new Cursor(body, c.pos, start + subLen), true));
      c.pos = start + subLen;
    } else {
      fds.push(readFd(c, false));
    }
  }
  return { tid, fds };
}

function readFd(c: Cursor, v2: boolean): FdSnapshot {
  const fd = c.i64('fd');
  const ino = c.u64('ino');
  const type = c.u8('fd type');
  const named = NAMED_FD_TYPES.get(type);
  if (named !== undefined) return { fd, ino, type: named, name: c.str16('fd name') };
  switch (type) {
    case 3: { // IPV4_SOCK: addresses are network-order bytes, ports host order
      const sip = formatIpv4(c.bytes(4));
      const dip = formatIpv4(c.bytes(4));
      const tuple = { sip, dip, sport: c.u16(), dport: c.u16(), l4proto: l4proto(c.u8()) };
      return { fd, ino, type: 'ipv4', name: connectedName(tuple), tuple };
    }
    case 4: { // IPV6_SOCK
      const sip = formatIpv6(c.bytes(16));
      const dip = formatIpv6(c.bytes(16));
      const tuple = { sip, dip, sport: c.u16(), dport: c.u16(), l4proto: l4proto(c.u8()) };
      return { fd, ino, type: 'ipv6', name: connectedName(tuple), tuple };
    }
    case 5: { // IPV4_SERVSOCK: only the local side
      const sip = formatIpv4(c.bytes(4));
      const sport = c.u16();
      const tuple = { sip, sport, dip: '0.0.0.0', dport: 0, l4proto: l4proto(c.u8()) };
      return { fd, ino, type: 'ipv4-server', name: `${sip}:${sport}`, tuple };
    }
    case 6: { // IPV6_SERVSOCK
      const sip = formatIpv6(c.bytes(16));
      const sport = c.u16();
      const tuple = { sip, sport, dip: '::', dport: 0, l4proto: l4proto(c.u8()) };
      return { fd, ino, type: 'ipv6-server', name: `${sip}:${sport}`, tuple };
    }
    case 8: // UNIX_SOCK: two kernel socket pointers (not modelled), then the path
      c.u64('unix source');
      c.u64('unix dest');
      return { fd, ino, type: 'unix', name: c.str16('unix path') };
    case 16: { // FILE_V2: open flags, name, and dev when the entry has room for it
      const openFlags = c.u32('open flags');
      const name = c.str16('fd name');
      const f: FdSnapshot = { fd, ino, type: 'file', name, openFlags };
      if (v2 && c.remaining >= 4) f.dev = c.u32('dev');
      return f;
    }
    default:
      // libscap keeps unknown types as UNSUPPORTED; only a sized (v2) entry can be skipped past.
      if (!v2) throw new ScapFormatError(`fd ${fd} has unknown type ${type} in a v1 fd list`);
      return { fd, ino, type: 'unsupported', name: `unknown-type:[${type}]` };
  }
}

export interface UserGroupList {
  users: UserInfo[];
  groups: GroupInfo[];
}

/** UL entries: type 0 = user (uid, gid, name, home, shell), 1 = group (gid, name); v2 entries are sized. */
export function parseUserList(body: Buffer, v2: boolean): UserGroupList {
  const users: UserInfo[] = [];
  const groups: GroupInfo[] = [];
  const c = new Cursor(body, 0, body.length);
  while (c.remaining >= (v2 ? 4 : 7)) {
    const start = c.pos;
    if (body.subarray(start).every((b) => b === 0)) break; // block padding
    let e = c;
    if (v2) {
      const subLen = c.u32('sub_len');
      if (subLen < 5 || start + subLen > body.length) throw new ScapFormatError(`user entry at +${start} has length ${subLen}`);
      e = new Cursor(body, c.pos, start + subLen);
    }
    const kind = e.u8('entry type');
    if (kind === 0) {
      users.push({ uid: e.u32('uid'), gid: e.u32('gid'), name: e.str16('name'), home: e.str16('homedir'), shell: e.str16('shell'), container: '' });
    } else if (kind === 1) {
      groups.push({ gid: e.u32('gid'), name: e.str16('name'), container: '' });
    } else if (!v2) {
      throw new ScapFormatError(`user list entry of unknown type ${kind}`);
    }
    if (v2) c.pos = e.end; // newer fields in a sized entry are skipped
  }
  return { users, groups };
}
