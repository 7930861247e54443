// The machine's process, fd and user state, read from /proc and /etc the way
// libscap's /proc scan reads it, so that a recording carries everything the
// rules need about processes that were already running when it started.
//
// Processes come and go during the scan: every per-process read may fail
// (ENOENT, ESRCH, EACCES) and only ever drops that thread or that field.
import fs from 'node:fs';
import path from 'node:path';
import type { FdSnapshot, FdType, GroupInfo, StateSnapshot, ThreadSnapshot, UserInfo } from '../capture/model.js';
import { linuxOpenFlagValues, ppmOpenFlags } from '../capture/open-flags.js';
import { SocketTableCache } from './proc-net.js';
import type { SocketTable } from './proc-net.js';

export interface ProcSnapshotOptions {
  /** Default '/proc'. */
  procRoot?: string;
  /** Where passwd and group are read; default '/etc'. */
  etcRoot?: string;
  /** Where cgroup v2's controller list is read (<sysRoot>/fs/cgroup/cgroup.controllers); default '/sys'. */
  sysRoot?: string;
  /** Processes (with all their threads) to leave out, typically the recorder itself. */
  excludePids?: number[];
  /** The snapshot's relative ts; default 0. */
  ts?: number;
}

/** Controllers assumed for a cgroup v2 line when the unified hierarchy's controller list cannot be read. */
export const DEFAULT_CGROUP_V2_CONTROLLERS: readonly string[] = ['cpuset', 'cpu', 'io', 'memory', 'pids'];

/** USER_HZ: the unit of /proc/<pid>/stat's starttime. It is 100 on every Linux ABI Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100n;
const NS_PER_TICK = 1_000_000_000n / CLOCK_TICKS_PER_SECOND;
const LOGINUID_UNSET = 0xffffffff;
/** RLIM_INFINITY seen as the driver's int64 fdlimit. */
const FDLIMIT_UNLIMITED = -1;

export function readProcSnapshot(options: ProcSnapshotOptions = {}): StateSnapshot {
  const procRoot = options.procRoot ?? '/proc';
  const etcRoot = options.etcRoot ?? '/etc';
  const sysRoot = options.sysRoot ?? '/sys';
  const excluded = new Set(options.excludePids ?? []);
  const scan: ScanContext = {
    procRoot,
    bootNs: readBootTimeNs(procRoot),
    v2Controllers: readV2Controllers(sysRoot),
    sockets: new SocketTableCache(procRoot),
    // The kernel forces O_LARGEFILE onto every 64-bit open and fdinfo shows it,
    // but userspace libscap sees O_LARGEFILE as 0 and the syscall arguments the
    // probe reports never carry it: drop it so both sources agree.
    fdinfoFlagMask: ~linuxOpenFlagValues().LARGEFILE,
  };
  const threads: ThreadSnapshot[] = [];
  for (const pid of listNumericEntries(procRoot) ?? []) {
    if (excluded.has(pid)) continue;
    readProcess(scan, pid, threads);
  }
  threads.sort((a, b) => a.pid - b.pid || (a.tid === a.pid ? -1 : b.tid === b.pid ? 1 : a.tid - b.tid));
  return {
    ts: options.ts ?? 0,
    threads,
    users: readUsers(path.join(etcRoot, 'passwd')),
    groups: readGroups(path.join(etcRoot, 'group')),
    containers: [],
  };
}

interface ScanContext {
  procRoot: string;
  bootNs: bigint;
  v2Controllers: readonly string[];
  sockets: SocketTableCache;
  fdinfoFlagMask: number;
}

// --- reading /proc cheaply ---------------------------------------------------

// One scratch buffer for every read: /proc files report size 0, so
// readFileSync would fstat and grow a fresh buffer per file for nothing.
let scratch = Buffer.allocUnsafe(64 * 1024);

function readText(file: string, encoding: BufferEncoding = 'utf8'): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    let len = 0;
    for (;;) {
      if (len === scratch.length) {
        const bigger = Buffer.allocUnsafe(scratch.length * 2);
        scratch.copy(bigger, 0, 0, len);
        scratch = bigger;
      }
      const n = fs.readSync(fd, scratch, len, scratch.length - len, null);
      if (n === 0) break;
      len += n;
    }
    return scratch.toString(encoding, 0, len);
  } catch {
    return null;
  } finally {
    try { fs.closeSync(fd); } catch { /* already gone */ }
  }
}

function readLink(file: string): string | null {
  try {
    return fs.readlinkSync(file);
  } catch {
    return null;
  }
}

function listNumericEntries(dir: string): number[] | null {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return null;
  }
  const out: number[] = [];
  for (const name of names) {
    if (/^\d+$/.test(name)) out.push(Number(name));
  }
  return out.sort((a, b) => a - b);
}

/** "a\0b\0" → ['a', 'b']. */
function nulList(text: string | null): string[] {
  if (text === null || text === '') return [];
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function numberOrBigint(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function parseUnsigned(text: string | undefined, radix = 10): number | bigint | null {
  if (text === undefined || text === '') return null;
  try {
    const v = radix === 16 ? BigInt(`0x${text}`) : radix === 8 ? BigInt(`0o${text}`) : BigInt(text);
    return numberOrBigint(v);
  } catch {
    return null;
  }
}

// --- machine-wide facts --------------------------------------------------------

/**
 * Boot time as epoch ns, from /proc/stat's btime. btime is whole seconds, so
 * start times carry up to a second of error; that is as precise as libscap's
 * own /proc scan and good enough to order processes started before recording.
 */
export function readBootTimeNs(procRoot = '/proc'): bigint {
  const stat = readText(path.join(procRoot, 'stat'), 'latin1');
  const m = stat === null ? null : /^btime\s+(\d+)/m.exec(stat);
  return m === null ? 0n : BigInt(m[1]!) * 1_000_000_000n;
}

/** The unified hierarchy's controllers: at the cgroup root on v2 hosts, under unified/ on systemd's hybrid layout. */
function readV2Controllers(sysRoot: string): readonly string[] {
  for (const rel of ['cgroup.controllers', 'unified/cgroup.controllers']) {
    const text = readText(path.join(sysRoot, 'fs', 'cgroup', rel), 'latin1');
    if (text !== null) return text.split(/\s+/).filter((s) => s !== '');
  }
  return DEFAULT_CGROUP_V2_CONTROLLERS;
}

/**
 * /proc/<pid>/cgroup in libsinsp's "subsys=/path" form. A v1 line names its
 * controllers; the v2 line ("0::/path") names none, so it stands for every
 * controller of the unified hierarchy. On hybrid hosts a controller bound to a
 * v1 hierarchy is not also reported for the v2 path: it cannot be in both.
 */
export function convertCgroups(text: string, v2Controllers: readonly string[]): string[] {
  const entries: { subsys: string[]; path: string }[] = [];
  const v1Subsys = new Set<string>();
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = first < 0 ? -1 : line.indexOf(':', first + 1);
    if (second < 0) continue;
    const list = line.slice(first + 1, second);
    const cgPath = line.slice(second + 1);
    const subsys = list === '' ? [] : list.split(',');
    for (const s of subsys) v1Subsys.add(s);
    entries.push({ subsys, path: cgPath });
  }
  const out: string[] = [];
  for (const { subsys, path: cgPath } of entries) {
    const names = subsys.length > 0 ? subsys : v2Controllers.filter((c) => !v1Subsys.has(c));
    for (const name of names) out.push(`${name}=${cgPath}`);
  }
  return out;
}

// --- processes -----------------------------------------------------------------

interface StatFields {
  comm: string;
  pgid: number;
  sid: number;
  tty: number;
  startTicks: bigint;
}

/** /proc/<pid>/stat; comm may hold spaces and parentheses, so fields are counted from its last ')'. */
export function parseStat(text: string): StatFields | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  // Fields 3.. of proc(5): rest[0] is field 3 (state).
  const rest = text.slice(close + 2).split(' ');
  const field = (n: number): string | undefined => rest[n - 3];
  const start = field(22);
  if (start === undefined || !/^\d+$/.test(start)) return null;
  return {
    comm: text.slice(open + 1, close),
    pgid: Number(field(5)),
    sid: Number(field(6)),
    tty: Number(field(7)),
    startTicks: BigInt(start),
  };
}

interface StatusFields {
  ppid: number;
  uid: number;
  gid: number;
  nsTid: number | null;
  nsTgid: number | null;
  capInh: number | bigint;
  capPrm: number | bigint;
  capEff: number | bigint;
}

function lastNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const parts = value.trim().split(/\s+/);
  const last = Number(parts[parts.length - 1]);
  return Number.isFinite(last) && parts[0] !== '' ? last : null;
}

function secondNumber(value: string | undefined): number {
  const parts = value?.trim().split(/\s+/) ?? [];
  return Number(parts[1] ?? parts[0] ?? 0);
}

export function parseStatus(text: string): StatusFields {
  const kv = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) kv.set(line.slice(0, colon), line.slice(colon + 1));
  }
  const cap = (key: string): number | bigint => parseUnsigned(kv.get(key)?.trim(), 16) ?? 0;
  return {
    ppid: Number(kv.get('PPid')?.trim() ?? 0),
    uid: secondNumber(kv.get('Uid')),
    gid: secondNumber(kv.get('Gid')),
    nsTid: lastNumber(kv.get('NSpid')),
    nsTgid: lastNumber(kv.get('NStgid')),
    capInh: cap('CapInh'),
    capPrm: cap('CapPrm'),
    capEff: cap('CapEff'),
  };
}

function parseFdLimit(limits: string | null): number {
  const m = limits === null ? null : /^Max open files\s+(\S+)/m.exec(limits);
  if (m === null) return 0;
  return m[1] === 'unlimited' ? FDLIMIT_UNLIMITED : Number(m[1]);
}

/**
 * What the threads of a process share, read once from the leader: the mm
 * (cmdline, environ, exe), the rlimits, and — because pthreads are created
 * with CLONE_FS and are moved between cgroups as a whole process — the
 * cwd/root and the cgroups. A thread that unshared its fs or sits in a threaded
 * cgroup of its own is reported with its process's values: the price of
 * keeping the scan at two reads per extra thread.
 */
interface ProcessShared {
  exe: string;
  args: string[];
  env: string[];
  exepath: string;
  exeIno: number | bigint;
  exeInoCtime: bigint;
  exeInoMtime: bigint;
  fdlimit: number;
  loginuid: number;
  cwd: string;
  root: string;
  cgroups: string[];
}

function readProcessShared(scan: ScanContext, procDir: string): ProcessShared {
  const argv = nulList(readText(path.join(procDir, 'cmdline')));
  let exepath = readLink(path.join(procDir, 'exe')) ?? '';
  if (exepath.endsWith(' (deleted)')) exepath = exepath.slice(0, -' (deleted)'.length);
  let exeIno: number | bigint = 0;
  let exeInoCtime = 0n;
  let exeInoMtime = 0n;
  try {
    const st = fs.statSync(path.join(procDir, 'exe'), { bigint: true, throwIfNoEntry: false });
    if (st !== undefined) {
      exeIno = numberOrBigint(st.ino);
      exeInoCtime = st.ctimeNs;
      exeInoMtime = st.mtimeNs;
    }
  } catch { /* kernel thread, or gone */ }
  const loginuid = Number(readText(path.join(procDir, 'loginuid'), 'latin1')?.trim() ?? Number.NaN);
  return {
    exe: argv[0] ?? '',
    args: argv.slice(1),
    env: nulList(readText(path.join(procDir, 'environ'))),
    exepath,
    exeIno,
    exeInoCtime,
    exeInoMtime,
    fdlimit: parseFdLimit(readText(path.join(procDir, 'limits'), 'latin1')),
    loginuid: Number.isFinite(loginuid) ? loginuid : LOGINUID_UNSET,
    cwd: readLink(path.join(procDir, 'cwd')) ?? '',
    root: readLink(path.join(procDir, 'root')) ?? '',
    cgroups: convertCgroups(readText(path.join(procDir, 'cgroup')) ?? '', scan.v2Controllers),
  };
}

function readProcess(scan: ScanContext, pid: number, out: ThreadSnapshot[]): void {
  const procDir = path.join(scan.procRoot, String(pid));
  // A process without a task directory (fake roots, very old kernels) is its one thread.
  const tids = listNumericEntries(path.join(procDir, 'task')) ?? [pid];
  if (tids.length === 0) return;
  let shared: ProcessShared | null = null;
  for (const tid of tids) {
    const dir = tid === pid ? procDir : path.join(procDir, 'task', String(tid));
    const statText = readText(path.join(dir, 'stat'));
    const statusText = readText(path.join(dir, 'status'), 'latin1');
    const stat = statText === null ? null : parseStat(statText);
    if (stat === null || statusText === null) continue;
    const status = parseStatus(statusText);
    shared ??= readProcessShared(scan, procDir);
    out.push({
      tid,
      pid,
      ppid: status.ppid,
      vtid: status.nsTid ?? tid,
      vpid: status.nsTgid ?? status.nsTid ?? pid,
      sid: stat.sid,
      vpgid: stat.pgid,
      pgid: stat.pgid,
      comm: stat.comm,
      exe: shared.exe,
      exepath: shared.exepath,
      args: shared.args,
      env: shared.env,
      cwd: shared.cwd,
      root: shared.root,
      uid: status.uid,
      gid: status.gid,
      loginuid: shared.loginuid,
      tty: stat.tty,
      cgroups: shared.cgroups,
      capInheritable: status.capInh,
      capPermitted: status.capPrm,
      capEffective: status.capEff,
      fdlimit: shared.fdlimit,
      flags: 0,
      startTs: scan.bootNs + stat.startTicks * NS_PER_TICK,
      pidnsInitStartTs: 0n,
      exeIno: shared.exeIno,
      exeInoCtime: shared.exeInoCtime,
      exeInoMtime: shared.exeInoMtime,
      exeWritable: false,
      exeUpperLayer: false,
      exeLowerLayer: false,
      exeFromMemfd: shared.exepath.startsWith('/memfd:'),
      // libsinsp keeps the fd table on the thread-group leader only.
      fds: tid === pid ? readFds(scan, pid, procDir) : [],
    });
  }
}

// --- fds -------------------------------------------------------------------------

const ANON_INODE_TYPES: Record<string, FdType> = {
  '[eventfd]': 'event',
  '[eventpoll]': 'eventpoll',
  '[signalfd]': 'signalfd',
  '[timerfd]': 'timerfd',
  'inotify': 'inotify',
  '[userfaultfd]': 'userfaultfd',
  '[io_uring]': 'io_uring',
  '[pidfd]': 'pidfd',
};

function anonInodeType(kind: string): FdType {
  if (/^bpf[-_]/.test(kind)) return 'bpf';
  return ANON_INODE_TYPES[kind] ?? 'unsupported';
}

function bracketNumber(link: string, prefix: string): number | null {
  if (!link.startsWith(prefix) || !link.endsWith(']')) return null;
  const n = Number(link.slice(prefix.length, -1));
  return Number.isSafeInteger(n) ? n : null;
}

function readFdInfo(file: string): { flags: number | null; ino: number | bigint | null } {
  const text = readText(file, 'latin1');
  if (text === null) return { flags: null, ino: null };
  const flags = /^flags:\s*([0-7]+)/m.exec(text);
  const ino = /^ino:\s*(\d+)/m.exec(text);
  const flagsValue = flags === null ? null : parseUnsigned(flags[1], 8);
  return {
    flags: typeof flagsValue === 'number' ? flagsValue : null,
    ino: ino === null ? null : parseUnsigned(ino[1]),
  };
}

function socketFd(fd: number, link: string, ino: number, table: SocketTable): FdSnapshot {
  const info = table.get(ino);
  if (info === undefined) return { fd, type: 'unsupported', name: link, ino };
  if (info.kind === 'unix') return { fd, type: 'unix', name: info.path, ino };
  if (info.kind === 'netlink') return { fd, type: 'netlink', name: '', ino };
  const tuple = { l4proto: info.l4proto, sip: info.sip, sport: info.sport, dip: info.dip, dport: info.dport };
  if (info.listening) {
    return { fd, type: info.family === 4 ? 'ipv4-server' : 'ipv6-server', name: `${info.sip}:${info.sport}`, ino, tuple };
  }
  return {
    fd, type: info.family === 4 ? 'ipv4' : 'ipv6', name: `${info.sip}:${info.sport}->${info.dip}:${info.dport}`, ino, tuple,
  };
}

function readFds(scan: ScanContext, pid: number, procDir: string): FdSnapshot[] {
  const fdDir = path.join(procDir, 'fd');
  const fds = listNumericEntries(fdDir);
  if (fds === null) return [];
  const out: FdSnapshot[] = [];
  let sockets: SocketTable | null = null;
  for (const fd of fds) {
    const link = readLink(path.join(fdDir, String(fd)));
    if (link === null) continue;
    if (link.startsWith('/')) {
      const info = readFdInfo(path.join(procDir, 'fdinfo', String(fd)));
      let type: FdType = 'file';
      if (link.startsWith('/memfd:')) {
        type = 'memfd';
      } else {
        try {
          if (fs.statSync(path.join(fdDir, String(fd)), { throwIfNoEntry: false })?.isDirectory()) type = 'directory';
        } catch { /* keep 'file' */ }
      }
      const entry: FdSnapshot = { fd, type, name: link };
      if (info.flags !== null) entry.openFlags = ppmOpenFlags(info.flags & scan.fdinfoFlagMask);
      if (info.ino !== null) entry.ino = info.ino;
      out.push(entry);
      continue;
    }
    const socketIno = bracketNumber(link, 'socket:[');
    if (socketIno !== null) {
      sockets ??= scan.sockets.forPid(pid);
      out.push(socketFd(fd, link, socketIno, sockets));
      continue;
    }
    const pipeIno = bracketNumber(link, 'pipe:[');
    if (pipeIno !== null) {
      out.push({ fd, type: 'fifo', name: link, ino: pipeIno });
      continue;
    }
    // Anonymous inodes all share one inode, so fdinfo's ino says nothing: not read.
    if (link.startsWith('anon_inode:')) {
      out.push({ fd, type: anonInodeType(link.slice('anon_inode:'.length)), name: link });
      continue;
    }
    // Since Linux 6.9 pidfds live on pidfs and read back as "pidfd:[ino]".
    if (link.startsWith('pidfd:')) {
      out.push({ fd, type: 'pidfd', name: link });
      continue;
    }
    out.push({ fd, type: 'unsupported', name: link });
  }
  return out;
}

// --- users and groups ---------------------------------------------------------

function colonRecords(file: string): string[][] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: string[][] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    out.push(line.split(':'));
  }
  return out;
}

function isId(s: string | undefined): s is string {
  return s !== undefined && /^\d+$/.test(s);
}

/** Host users from a passwd file (name:passwd:uid:gid:gecos:home:shell). */
export function readUsers(passwdFile: string): UserInfo[] {
  const out: UserInfo[] = [];
  for (const f of colonRecords(passwdFile)) {
    if (f.length < 7 || !isId(f[2]) || !isId(f[3])) continue;
    out.push({ uid: Number(f[2]), gid: Number(f[3]), name: f[0]!, home: f[5]!, shell: f[6]!, container: '' });
  }
  return out;
}

/** Host groups from a group file (name:passwd:gid:members). */
export function readGroups(groupFile: string): GroupInfo[] {
  const out: GroupInfo[] = [];
  for (const f of colonRecords(groupFile)) {
    if (f.length < 3 || !isId(f[2])) continue;
    out.push({ gid: Number(f[2]), name: f[0]!, container: '' });
  }
  return out;
}
