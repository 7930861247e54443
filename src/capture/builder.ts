// Builds captures from code: tests, benchmarks and the bundled fixtures use it
// to describe a scenario (processes, files, events) the way a recorder would
// have seen it. Parameters are given by their event-table names, so a builder
// event is laid out exactly like a recorded one.
import { eventCode, eventInfo } from './event-schema.js';
import type {
  CaptureHeader, CaptureStats, CapturedEvent, ContainerInfo, FooterIndex, GroupInfo, ParamValue, StateSnapshot, ThreadSnapshot, UserInfo,
} from './model.js';
import { encodeSockAddr, encodeSockTuple } from './socket-encoding.js';
import { timeBaseFor } from './timestamp.js';
import { CaptureWriter } from './writer.js';
import type { CaptureHeaderInit, CaptureWriterOptions } from './writer.js';

/** A builder parameter: a wire value, or a string list for NUL-separated BYTEBUFs (args, env, cgroups). */
export type BuilderParam = ParamValue | readonly string[] | boolean;

export type ThreadInit = Partial<ThreadSnapshot> & Pick<ThreadSnapshot, 'tid' | 'comm'>;

/** PPM_CL_* clone flags the builder sets (driver values, not Linux ones). */
export const PPM_CL_CLONE_THREAD = 1 << 13;

/** PPM_O_* open flags (driver values). */
export const PPM_O = { RDONLY: 1, WRONLY: 2, RDWR: 3, CREAT: 1 << 2, APPEND: 1 << 3, TRUNC: 1 << 8, CLOEXEC: 1 << 12 } as const;

/** AT_FDCWD as the driver reports it. */
export const PPM_AT_FDCWD = -100;

export interface ExecInit {
  exepath: string;
  args?: string[];
  env?: string[];
  /** argv[0]; defaults to exepath. */
  exe?: string;
  cwd?: string;
  uid?: number;
  gid?: number;
  loginuid?: number;
  tty?: number;
  cgroups?: string[];
  res?: number;
}

/** 2026-01-01T00:00:00Z: a fixed default so built captures are byte-for-byte reproducible. */
export const DEFAULT_BUILD_START_NS = 1_767_225_600_000_000_000n;

export function nulSeparated(list: readonly string[]): Uint8Array {
  return Buffer.from(list.map((s) => `${s}\0`).join(''), 'utf8');
}

function toParam(value: BuilderParam): ParamValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) return nulSeparated(value as readonly string[]);
  return value as ParamValue;
}

export function defaultThread(init: ThreadInit): ThreadSnapshot {
  const pid = init.pid ?? init.tid;
  return {
    pid, ppid: 1, vtid: init.tid, vpid: pid, sid: pid, vpgid: pid, pgid: pid,
    exe: init.comm, exepath: `/usr/bin/${init.comm}`, args: [], env: [], cwd: '/', root: '/',
    uid: 0, gid: 0, loginuid: 0xffffffff, tty: 0, cgroups: [],
    capInheritable: 0, capPermitted: 0x1ffffffffff, capEffective: 0x1ffffffffff,
    fdlimit: 1024, flags: 0, startTs: 0n, pidnsInitStartTs: 0n,
    exeIno: 0, exeInoCtime: 0n, exeInoMtime: 0n,
    exeWritable: false, exeUpperLayer: false, exeLowerLayer: false, exeFromMemfd: false,
    fds: [],
    ...init,
  };
}

export class CaptureBuilder {
  readonly header: CaptureHeaderInit;
  readonly snapshot: StateSnapshot;
  readonly events: CapturedEvent[] = [];
  /** The builder's view of live threads, updated by spawn/exec/exit: what a recorder's kernel would know. */
  readonly threads = new Map<number, ThreadSnapshot>();
  /** Recorder counters written after the events, if set. */
  stats: CaptureStats | null = null;
  /** The clock: relative ns of the next event. */
  now = 0;

  constructor(header: Partial<CaptureHeaderInit> = {}) {
    const captureStartNs = header.captureStartNs ?? DEFAULT_BUILD_START_NS;
    this.header = {
      hostname: 'builder-host',
      kernelRelease: '6.18.0-falco-ts',
      bootTimeNs: captureStartNs - 3_600_000_000_000n,
      captureStartNs,
      recorderVersion: 'falco-ts builder',
      options: { source: 'builder' },
      ...header,
    };
    this.snapshot = { ts: 0, threads: [], users: [], groups: [], containers: [] };
  }

  get timeBaseNs(): bigint {
    return this.header.timeBaseNs ?? timeBaseFor(this.header.captureStartNs);
  }

  /** Epoch ns of the builder's clock. */
  get nowEpochNs(): bigint {
    return this.timeBaseNs + BigInt(this.now);
  }

  addThread(init: ThreadInit): ThreadSnapshot {
    const thread = defaultThread({ startTs: this.timeBaseNs - 1_000_000_000n, ...init });
    this.snapshot.threads.push(thread);
    this.threads.set(thread.tid, structuredClone(thread));
    return thread;
  }

  addUser(user: Partial<UserInfo> & Pick<UserInfo, 'uid' | 'name'>): void {
    this.snapshot.users.push({ gid: user.uid, home: `/home/${user.name}`, shell: '/bin/sh', container: '', ...user });
  }

  addGroup(group: Partial<GroupInfo> & Pick<GroupInfo, 'gid' | 'name'>): void {
    this.snapshot.groups.push({ container: '', ...group });
  }

  addContainer(c: Partial<ContainerInfo> & Pick<ContainerInfo, 'id'>): void {
    this.snapshot.containers.push({
      runtime: 'docker', name: '', image: '', imageTag: '', imageDigest: '', imageId: '', privileged: false, labels: {}, ...c,
    });
  }

  /** Advances the clock. */
  tick(ns: number): this {
    this.now += ns;
    return this;
  }

  /**
   * Appends an event of type `id` (a ppm enum name such as 'SYSCALL_OPENAT_2_X')
   * at the current clock; parameters not given are empty (null).
   */
  emit(tid: number, id: string, params: Record<string, BuilderParam> = {}, cpu = 0): CapturedEvent {
    const event = makeEvent(this.now, tid, id, params, cpu);
    this.events.push(event);
    return event;
  }

  private liveThread(tid: number): ThreadSnapshot {
    const t = this.threads.get(tid);
    if (t === undefined) throw new Error(`builder: no thread ${tid} (addThread or spawn it first)`);
    return t;
  }

  /**
   * A clone by `parentTid` creating `childTid`: the exit event in the parent
   * (res = child) and in the child (res = 0), as the modern probe emits them.
   */
  spawn(parentTid: number, childTid: number, opts: { thread?: boolean; cpu?: number } = {}): ThreadSnapshot {
    const parent = this.liveThread(parentTid);
    const pid = opts.thread ? parent.pid : childTid;
    const child: ThreadSnapshot = {
      ...structuredClone(parent),
      tid: childTid, pid, ppid: opts.thread ? parent.ppid : parent.pid, vtid: childTid, vpid: pid,
      startTs: this.nowEpochNs, fds: opts.thread ? [] : structuredClone(parent.fds),
    };
    this.threads.set(childTid, child);
    const flags = opts.thread ? PPM_CL_CLONE_THREAD : 0;
    const common = (t: ThreadSnapshot, res: number): Record<string, BuilderParam> => ({
      res, exe: t.exe, args: t.args, tid: t.tid, pid: t.pid, ptid: t.ppid, cwd: t.cwd, fdlimit: t.fdlimit,
      pgft_maj: 0, pgft_min: 0, vm_size: 4096, vm_rss: 1024, vm_swap: 0, comm: t.comm, cgroups: t.cgroups,
      flags, uid: t.uid, gid: t.gid, vtid: t.vtid, vpid: t.vpid, pidns_init_start_ts: 0,
    });
    this.emit(parentTid, 'SYSCALL_CLONE_20_X', common(parent, childTid), opts.cpu);
    this.emit(childTid, 'SYSCALL_CLONE_20_X', common(child, 0), opts.cpu);
    return child;
  }

  /** A successful execve in `tid`, replacing its image. */
  exec(tid: number, init: ExecInit, cpu = 0): ThreadSnapshot {
    const t = this.liveThread(tid);
    const comm = (init.exepath.split('/').pop() ?? init.exepath).slice(0, 15);
    Object.assign(t, {
      exe: init.exe ?? init.exepath, exepath: init.exepath, args: init.args ?? [], env: init.env ?? t.env, comm,
      cwd: init.cwd ?? t.cwd, uid: init.uid ?? t.uid, gid: init.gid ?? t.gid, loginuid: init.loginuid ?? t.loginuid,
      tty: init.tty ?? t.tty, cgroups: init.cgroups ?? t.cgroups,
    });
    this.emit(tid, 'SYSCALL_EXECVE_19_X', {
      res: init.res ?? 0, exe: t.exe, args: t.args, tid: t.tid, pid: t.pid, ptid: t.ppid, cwd: t.cwd, fdlimit: t.fdlimit,
      pgft_maj: 0, pgft_min: 0, vm_size: 8192, vm_rss: 2048, vm_swap: 0, comm: t.comm, cgroups: t.cgroups, env: t.env,
      tty: t.tty, vpgid: t.vpgid, loginuid: t.loginuid, flags: 0,
      cap_inheritable: t.capInheritable, cap_permitted: t.capPermitted, cap_effective: t.capEffective,
      exe_ino: 1000 + t.tid, exe_ino_ctime: this.timeBaseNs - 86_400_000_000_000n, exe_ino_mtime: this.timeBaseNs - 86_400_000_000_000n,
      uid: t.uid, trusted_exepath: t.exepath, pgid: t.pgid, gid: t.gid, filename: init.exepath,
    }, cpu);
    return t;
  }

  /** The thread's exit (procexit), after which the builder forgets it. */
  exit(tid: number, status = 0, cpu = 0): void {
    this.liveThread(tid);
    this.emit(tid, 'PROCEXIT_1_E', { status, ret: status >> 8, sig: status & 0x7f, core: 0, reaper_tid: 1 }, cpu);
    this.threads.delete(tid);
  }

  openat(tid: number, path: string, fd: number, flags: number = PPM_O.RDONLY, cpu = 0): CapturedEvent {
    return this.emit(tid, 'SYSCALL_OPENAT_2_X', { fd, dirfd: PPM_AT_FDCWD, name: path, flags, mode: 0o644, dev: 0x803, ino: 4000 + fd }, cpu);
  }

  read(tid: number, fd: number, bytes: number, cpu = 0): CapturedEvent {
    return this.emit(tid, 'SYSCALL_READ_X', { res: bytes, data: null, fd, size: bytes }, cpu);
  }

  write(tid: number, fd: number, bytes: number, cpu = 0): CapturedEvent {
    return this.emit(tid, 'SYSCALL_WRITE_X', { res: bytes, data: null, fd, size: bytes }, cpu);
  }

  close(tid: number, fd: number, cpu = 0): CapturedEvent {
    return this.emit(tid, 'SYSCALL_CLOSE_X', { res: 0, fd }, cpu);
  }

  /** socket() then connect() of an IPv4/IPv6 TCP client socket. */
  connect(tid: number, fd: number, local: [string, number], remote: [string, number], cpu = 0): CapturedEvent {
    const inet6 = local[0].includes(':');
    this.emit(tid, 'SOCKET_SOCKET_X', { fd, domain: inet6 ? 10 : 2, type: 1, proto: 0, flags: 0 }, cpu);
    return this.emit(tid, 'SOCKET_CONNECT_X', {
      res: 0, tuple: encodeSockTuple(local[0], local[1], remote[0], remote[1]), fd, addr: encodeSockAddr(remote[0], remote[1]),
    }, cpu);
  }

  /** Writes the snapshot and events to `path`; returns the footer index. */
  writeTo(path: string, options: CaptureWriterOptions = {}): FooterIndex {
    const writer = CaptureWriter.create(path, this.header, options);
    writer.writeSnapshot(this.snapshot);
    for (const e of this.events) writer.writeEvent(e);
    if (this.stats !== null) writer.writeStats(this.stats);
    return writer.close();
  }

  /** The header a writer of this builder would produce. */
  headerFor(options: CaptureWriterOptions = {}): CaptureHeader {
    return CaptureWriter.headerFor(this.header, options);
  }
}

/** One event with its parameters laid out in table order. */
export function makeEvent(ts: number, tid: number, id: string, params: Record<string, BuilderParam>, cpu = 0): CapturedEvent {
  const type = eventCode(id);
  const info = eventInfo(type)!;
  for (const name of Object.keys(params)) {
    if (!info.params.some((p) => p.name === name)) throw new Error(`${id} has no parameter ${name}`);
  }
  return {
    ts, cpu, tid, type,
    params: info.params.map((p) => (p.name in params ? toParam(params[p.name]!) : null)),
  };
}
