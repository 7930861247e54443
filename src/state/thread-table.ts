// The thread table, as libsinsp's sinsp_thread_manager keeps it: threads by
// tid, thread groups (processes) sharing the main thread's fd table, parent →
// children links for reparenting, and the removal rules (a main thread outlives
// its process's other threads; children go to a reaper).
import type { FdInfo, ThreadInfo } from './state-model.js';

// libsinsp-side PPM_CL_* flags (driver/ppm_events_public.h).
export const PPM_CL_CLONE_FILES = 1 << 0;
export const PPM_CL_CLONE_NEWPID = 1 << 6;
export const PPM_CL_CLONE_PARENT = 1 << 8;
export const PPM_CL_CLONE_THREAD = 1 << 13;
export const PPM_CL_CLONE_INVERTED = 1 << 16;
export const PPM_CL_NAME_CHANGED = 1 << 17;
export const PPM_CL_CLOSED = 1 << 18;
export const PPM_CL_ACTIVE = 1 << 19;
export const PPM_CL_PIPE_SRC = 1 << 21;
export const PPM_CL_PIPE_DST = 1 << 22;
export const PPM_CL_CLONE_VFORK = 1 << 27;
export const PPM_CL_CHILD_IN_PIDNS = 1 << 29;
export const PPM_CL_IS_MAIN_THREAD = 1 << 30;

/** A process: its threads, how many are alive, and whether it adopts orphans (init, subreapers). */
export class ThreadGroup {
  main: ThreadEntry | undefined = undefined;
  readonly members = new Set<ThreadEntry>();
  alive = 0;

  constructor(readonly pid: number, public reaper: boolean) {}
}

const UNSET = 0xffffffff;

/** One thread-table entry: the ThreadInfo rules see, plus the bookkeeping libsinsp keeps beside it. */
export class ThreadEntry implements ThreadInfo {
  tid: number;
  pid = -1;
  ptid = -1;
  vtid = -1;
  vpid = -1;
  sid = -1;
  vpgid = -1;
  pgid = -1;
  comm = '';
  exe = '';
  exepath = '';
  args: string[] = [];
  env: string[] = [];
  cwd = '';
  root = '';
  uid = UNSET;
  gid = UNSET;
  loginuid = UNSET;
  tty = 0;
  cgroups: string[] = [];
  capInheritable: number | bigint = 0;
  capPermitted: number | bigint = 0;
  capEffective: number | bigint = 0;
  fdlimit = -1;
  flags = PPM_CL_NAME_CHANGED;
  startTs = 0n;
  pidnsInitStartTs = 0n;
  exeIno: number | bigint = 0;
  exeInoCtime = 0n;
  exeInoMtime = 0n;
  exeWritable = false;
  exeUpperLayer = false;
  exeLowerLayer = false;
  exeFromMemfd = false;
  containerId = '';
  fds: Map<number, FdInfo>;
  exited = false;

  /** The process this thread belongs to; undefined for invalid entries (pid or ptid unknown). */
  group: ThreadGroup | undefined = undefined;
  /** The entry whose `children` holds this one. */
  parentEntry: ThreadEntry | undefined = undefined;
  children: Set<ThreadEntry> | undefined = undefined;
  /** The reaper procexit named (libsinsp m_reaper_tid), -1 when unknown. */
  reaperTid = -1;
  /** Relative ns of the last successful execve (libsinsp m_lastexec_ts), 0 when none. */
  lastExecTs = 0;
  /** The table the thread owns; `fds` points at the main thread's one for threads of a process. */
  ownFds: Map<number, FdInfo>;

  constructor(tid: number, ownFds: Map<number, FdInfo> = new Map()) {
    this.tid = tid;
    this.ownFds = ownFds;
    this.fds = ownFds;
  }

  get isMain(): boolean {
    return this.tid === this.pid || (this.flags & PPM_CL_IS_MAIN_THREAD) !== 0;
  }

  get isInvalid(): boolean {
    return this.tid < 0 || this.pid < 0 || this.ptid < 0;
  }

  get inPidNamespace(): boolean {
    return (this.flags & PPM_CL_CHILD_IN_PIDNS) !== 0 || (this.tid !== this.vtid && this.vtid >= 0);
  }

  markDead(): void {
    this.flags |= PPM_CL_CLOSED;
    this.exited = true;
  }

  markAlive(): void {
    this.flags &= ~PPM_CL_CLOSED;
    this.exited = false;
  }
}

/** CLONE_STALE_TIME_NS: a thread entry older than this is not the one a clone just created. */
export const CLONE_STALE_TIME_NS = 2_000_000_000n;
const RECENTLY_EXITED_SIZE = 8192;
const RECENTLY_EXITED_MAX_AGE = 2_000_000_000;

export class ThreadTable {
  readonly threads = new Map<number, ThreadEntry>();
  readonly groups = new Map<number, ThreadGroup>();
  private cachedTid = -1;
  private cachedEntry: ThreadEntry | undefined = undefined;
  /** libsinsp's recently-exited ring: (ptid, tid) → exit ts, for clone returns that arrive after the child exited. */
  private readonly exitedRing: (string | undefined)[] = new Array<string | undefined>(RECENTLY_EXITED_SIZE);
  private readonly exitedAt = new Map<string, number>();
  private exitedNext = 0;

  clear(): void {
    this.threads.clear();
    this.groups.clear();
    this.forget(this.cachedTid);
    this.exitedRing.fill(undefined);
    this.exitedAt.clear();
    this.exitedNext = 0;
  }

  get(tid: number): ThreadEntry | undefined {
    if (tid === this.cachedTid) return this.cachedEntry;
    const t = this.threads.get(tid);
    if (t !== undefined) {
      this.cachedTid = tid;
      this.cachedEntry = t;
    }
    return t;
  }

  private forget(tid: number): void {
    if (tid === this.cachedTid) {
      this.cachedTid = -1;
      this.cachedEntry = undefined;
    }
  }

  /** libsinsp get_thread in a replay: the entry, or a minimal invalid one (comm "<NA>") added on first sight. */
  getOrCreate(tid: number): ThreadEntry {
    const t = this.get(tid);
    if (t !== undefined) return t;
    const fake = new ThreadEntry(tid);
    fake.comm = '<NA>';
    fake.exe = '<NA>';
    // libsinsp get_cwd() of a thread with no main thread.
    fake.cwd = './';
    this.add(fake);
    return fake;
  }

  /** libsinsp add_thread: inserts `t` (replacing any entry with its tid) and links it to its process and parent. */
  add(t: ThreadEntry): void {
    const old = this.threads.get(t.tid);
    if (old !== undefined && old !== t) this.remove(t.tid);
    this.threads.set(t.tid, t);
    this.forget(t.tid);
    this.linkDependencies(t);
  }

  /** libsinsp create_thread_dependencies. */
  linkDependencies(t: ThreadEntry): void {
    if (t.isInvalid || t.group !== undefined) return;
    let g = this.groups.get(t.pid);
    if (g === undefined) {
      g = new ThreadGroup(t.pid, t.pid === 1 || t.vpid === 1);
      this.groups.set(t.pid, g);
    }
    g.members.add(t);
    if (!t.exited) g.alive++;
    t.group = g;
    if (t.isMain) {
      g.main = t;
      for (const m of g.members) this.refreshFds(m);
    } else {
      this.refreshFds(t);
    }
    if (t.pid === 1) return;
    const parent = this.threads.get(t.ptid);
    if (parent === undefined || parent.isInvalid) {
      t.ptid = 0;
      return;
    }
    this.addChild(parent, t);
  }

  /** libsinsp get_fd_table: a thread sharing files uses its main thread's table. */
  refreshFds(t: ThreadEntry): void {
    if ((t.flags & PPM_CL_CLONE_FILES) === 0 || t.isMain) {
      t.fds = t.ownFds;
      return;
    }
    const main = t.group?.main;
    t.fds = main === undefined ? t.ownFds : main.ownFds;
  }

  addChild(parent: ThreadEntry, child: ThreadEntry): void {
    child.parentEntry?.children?.delete(child);
    (parent.children ??= new Set()).add(child);
    child.parentEntry = parent;
    child.ptid = parent.tid;
  }

  /** The main thread of `t`'s process, or undefined when it is not in the table (libsinsp get_main_thread). */
  mainOf(t: ThreadEntry): ThreadEntry | undefined {
    if (t.isMain) return t;
    const main = t.group?.main;
    return main !== undefined && main.isMain ? main : undefined;
  }

  /** Applies `fn` to every thread of `t`'s process (just `t` when it has none). */
  forEachInProcess(t: ThreadEntry, fn: (m: ThreadEntry) => void): void {
    const g = t.group;
    if (g === undefined) {
      fn(t);
      return;
    }
    for (const m of g.members) fn(m);
    if (!g.members.has(t)) fn(t);
  }

  recordExit(tid: number, ptid: number, ts: number): void {
    const key = `${ptid}:${tid}`;
    const evicted = this.exitedRing[this.exitedNext];
    if (evicted !== undefined && evicted !== key) this.exitedAt.delete(evicted);
    this.exitedRing[this.exitedNext] = key;
    this.exitedNext = (this.exitedNext + 1) % RECENTLY_EXITED_SIZE;
    this.exitedAt.set(key, ts);
  }

  /** libsinsp has_recently_exited: `tid`, child of `ptid`, exited less than 2 s before `ts`. */
  recentlyExited(tid: number, ptid: number, ts: number): boolean {
    const at = this.exitedAt.get(`${ptid}:${tid}`);
    return at !== undefined && ts >= at && ts - at < RECENTLY_EXITED_MAX_AGE;
  }

  /**
   * libsinsp remove_thread: marks the thread dead, hands its children to a
   * reaper, and drops it; a main thread stays while its process has live
   * threads and goes (with the fd table) with the last one.
   */
  remove(tid: number): void {
    const t = this.threads.get(tid);
    if (t === undefined) return;
    const g = t.group;
    if (t.isInvalid || g === undefined) {
      this.drop(t);
      return;
    }
    if (!t.exited) {
      g.alive--;
      t.markDead();
    }
    if (t.children !== undefined && t.children.size > 0) {
      let reaper: ThreadEntry | undefined;
      if (t.reaperTid > 0) {
        const r = this.threads.get(t.reaperTid);
        if (r !== undefined && !r.isInvalid) reaper = r;
      }
      reaper ??= this.findNewReaper(t);
      if (reaper !== undefined) {
        t.reaperTid = reaper.tid;
        if (reaper.pid !== t.pid && reaper.group !== undefined) reaper.group.reaper = true;
      }
      this.assignChildren(t, reaper);
    }
    if (g.alive <= 0) {
      const main = this.threads.get(t.pid);
      if (main !== undefined && main !== t) this.drop(main);
      if (this.groups.get(g.pid) === g) this.groups.delete(g.pid);
      if (t.isMain) this.drop(t);
    }
    if (!t.isMain) this.drop(t);
  }

  /** Takes `t` out of the table and every link to it. */
  private drop(t: ThreadEntry): void {
    if (this.threads.get(t.tid) === t) this.threads.delete(t.tid);
    this.forget(t.tid);
    t.parentEntry?.children?.delete(t);
    t.parentEntry = undefined;
    const g = t.group;
    if (g !== undefined) {
      g.members.delete(t);
      if (g.main === t) g.main = undefined;
      if (g.members.size === 0 && this.groups.get(g.pid) === g) this.groups.delete(g.pid);
    }
    if (t.children !== undefined) {
      for (const c of t.children) c.parentEntry = undefined;
      t.children = undefined;
    }
  }

  /** libsinsp find_new_reaper: a live thread of the same process, else the nearest reaper ancestor's. */
  private findNewReaper(t: ThreadEntry): ThreadEntry | undefined {
    const own = t.group;
    if (own !== undefined && own.alive > 0) {
      const live = firstLive(own, t);
      if (live !== undefined) return live;
    }
    const seen = new Set<number>([t.tid]);
    let p = this.threads.get(t.ptid);
    while (p !== undefined) {
      if (seen.has(p.tid)) break;
      seen.add(p.tid);
      if (p.inPidNamespace !== t.inPidNamespace) break;
      const g = p.group;
      if (g !== undefined && g.reaper && g.alive > 0) {
        const live = firstLive(g, undefined);
        if (live !== undefined) return live;
      }
      p = this.threads.get(p.ptid);
    }
    return undefined;
  }

  private assignChildren(t: ThreadEntry, reaper: ThreadEntry | undefined): void {
    const children = t.children;
    if (children === undefined) return;
    t.children = undefined;
    for (const c of children) {
      c.parentEntry = undefined;
      if (reaper === undefined || reaper === c) c.ptid = 0;
      else this.addChild(reaper, c);
    }
  }
}

/** The first live member of `g` other than `except`, main thread first (libsinsp keeps it at the front). */
function firstLive(g: ThreadGroup, except: ThreadEntry | undefined): ThreadEntry | undefined {
  const main = g.main;
  if (main !== undefined && main !== except && !main.exited) return main;
  for (const m of g.members) if (m !== except && !m.exited) return m;
  return undefined;
}
