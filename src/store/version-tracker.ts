// Turns the state engine's in-place updates into versioned rows: after each
// event, the event's thread and fd are compared with what was last stored
// for them, and a new version starts when anything a field can read changed.
// Fd tables are diffed on the events that can add or remove fds; the whole
// thread table is swept when threads can appear or go (clone, exec, exit,
// a count that moved), which also catches reparented children.
import { allEvents } from '../capture/event-schema.js';
import type { EventContext } from '../state/event-context.js';
import type { FdInfo, ThreadInfo } from '../state/state-model.js';
import { fdChanged, fdShadow, threadChanged, threadShadow } from './state-codec.js';
import type { FdShadow, StoredThread } from './state-codec.js';

/** Where versions go: the indexer writes them to SQLite. Ids are the rows' ids. */
export interface VersionSink {
  openThread(t: ThreadInfo, fdTable: number, num: number): number;
  closeThread(id: number, num: number): void;
  /** `seq` orders a table's fds as the engine's table iterates them (insertion order). */
  openFd(f: FdInfo, fdTable: number, seq: number, pid: number, num: number): number;
  closeFd(id: number, num: number): void;
  /** A process image starts (a new thread-group leader, or an exec); returns the process row id. */
  openProcess(t: ThreadInfo, parentProcess: number | undefined, num: number): number;
  closeProcess(id: number, num: number): void;
}

interface ThreadRecord {
  obj: ThreadInfo;
  /** Its fd table has not been compared since the record was made. */
  fresh: boolean;
  version: number;
  shadow: StoredThread;
  fdTable: FdTableRecord;
  process: number | undefined;
}

interface FdRecord {
  version: number;
  /** Position in the table's iteration order: kept when an fd is replaced in place. */
  seq: number;
  shadow: FdShadow;
}

interface FdTableRecord {
  id: number;
  fds: Map<number, FdRecord>;
}

const EVENT_COUNT = allEvents().length;
/** Event codes that add or remove one fd, the event's own (open, socket, accept, close, ...): that entry is checked. */
const ONE_FD_EVENTS = new Uint8Array(EVENT_COUNT);
/** Event codes that may add or remove several fds (pipe, dup2, close_range, exec's cloexec, ...): the table is diffed. */
const MANY_FD_EVENTS = new Uint8Array(EVENT_COUNT);
/** Event codes after which the whole thread table is swept. */
const SWEEP_EVENTS = new Uint8Array(EVENT_COUNT);
const MANY_FDS = /^(pipe|pipe2|socketpair|dup|dup2|dup3|fcntl|close_range|execve|execveat|clone|clone3|fork|vfork|procexit|inotify_init|inotify_init1|signalfd|signalfd4|eventfd|eventfd2|io_uring_setup|memfd_create|pidfd_open|pidfd_getfd|userfaultfd|open_by_handle_at|bpf|timerfd_create|epoll_create|epoll_create1|accept|accept4|recvmsg)$/;
for (const e of allEvents()) {
  const touchesFds = e.flags.has('creates_fd') || e.flags.has('destroys_fd') || e.flags.has('modifies_state');
  if (MANY_FDS.test(e.name)) MANY_FD_EVENTS[e.code] = 1;
  else if (touchesFds) ONE_FD_EVENTS[e.code] = 1;
  if (/^(clone|clone3|fork|vfork|execve|execveat|procexit)$/.test(e.name)) SWEEP_EVENTS[e.code] = 1;
}

export interface LiveThreads {
  readonly threadCount: number;
  thread(tid: number): ThreadInfo | undefined;
  threads(): Iterable<ThreadInfo>;
}

export class VersionTracker {
  private readonly byTid = new Map<number, ThreadRecord>();
  private readonly byObj = new WeakMap<ThreadInfo, ThreadRecord>();
  private readonly tables = new WeakMap<Map<number, FdInfo>, FdTableRecord>();
  /** Fd versions closed by the current event, so that the event can still point at the fd it closed. */
  private readonly closedNow = new Map<FdInfo, number>();
  private nextTable = 1;
  private nextSeq = 1;
  private sweepNext = true;

  constructor(private readonly sink: VersionSink, private readonly state: LiveThreads) {}

  /** Brings the versions up to date after event `num`; returns the event's thread and fd version ids. */
  update(ctx: EventContext, num: number): { thread: number | undefined; fd: number | undefined } {
    this.closedNow.clear();
    const code = ctx.event.type;
    if (this.sweepNext || SWEEP_EVENTS[code] === 1 || this.state.threadCount !== this.byTid.size) this.sweep(num);
    this.sweepNext = SWEEP_EVENTS[code] === 1;
    const t = ctx.thread;
    if (t === undefined) return { thread: undefined, fd: undefined };
    const rec = this.threadRecord(t, num);
    if (rec.fresh || MANY_FD_EVENTS[code] === 1) this.diffFds(rec, num);
    else if (ONE_FD_EVENTS[code] === 1 && ctx.fdNum !== undefined && ctx.fdNum >= 0) this.checkFd(rec, ctx.fdNum, num);
    rec.fresh = false;
    const f = ctx.fd;
    return { thread: rec.version, fd: f === undefined ? undefined : this.fdVersion(rec, f, num) };
  }

  /** Every live thread brought up to date; threads no longer in the table get their versions closed. */
  private sweep(num: number): void {
    const seen = new Set<number>();
    for (const t of this.state.threads()) {
      seen.add(t.tid);
      const rec = this.threadRecord(t, num);
      // A table only changes through events of the threads sharing it: new records need a diff, others are current.
      if (rec.fresh) {
        this.diffFds(rec, num);
        rec.fresh = false;
      }
    }
    for (const [tid, rec] of this.byTid) {
      if (seen.has(tid)) continue;
      this.closeThreadRecord(rec, num);
      this.byTid.delete(tid);
    }
  }

  private threadRecord(t: ThreadInfo, num: number): ThreadRecord {
    let rec = this.byObj.get(t);
    const table = this.table(t.fds);
    if (rec !== undefined && !threadChanged(rec.shadow, t) && rec.fdTable === table) return rec;
    const previous = rec ?? this.byTid.get(t.tid);
    const imageChanged = previous === undefined || previous.obj !== t || previous.shadow.exepath !== t.exepath
      || previous.shadow.args !== t.args || previous.shadow.comm !== t.comm || previous.shadow.pid !== t.pid;
    if (previous !== undefined) this.sink.closeThread(previous.version, num);
    let process = previous?.obj === t ? previous.process : undefined;
    if (t.tid === t.pid && imageChanged) {
      if (process !== undefined) this.sink.closeProcess(process, num);
      process = this.sink.openProcess(t, this.parentProcess(t), num);
    } else if (previous !== undefined && previous.obj !== t && previous.process !== undefined) {
      this.sink.closeProcess(previous.process, num);
    }
    rec = { obj: t, fresh: true, version: this.sink.openThread(t, table.id, num), shadow: threadShadow(t), fdTable: table, process };
    this.byObj.set(t, rec);
    this.byTid.set(t.tid, rec);
    return rec;
  }

  private closeThreadRecord(rec: ThreadRecord, num: number): void {
    this.sink.closeThread(rec.version, num);
    if (rec.process !== undefined) this.sink.closeProcess(rec.process, num);
    this.byObj.delete(rec.obj);
  }

  /** The process row of the thread's parent process, when the parent is tracked. */
  private parentProcess(t: ThreadInfo): number | undefined {
    const parent = this.byTid.get(t.ptid);
    if (parent === undefined) return undefined;
    return parent.process ?? this.byTid.get(parent.obj.pid)?.process;
  }

  /** The process row a thread belongs to now (its leader's). */
  processOf(t: ThreadInfo): number | undefined {
    const rec = this.byObj.get(t);
    return rec?.process ?? this.byTid.get(t.pid)?.process;
  }

  private table(fds: Map<number, FdInfo>): FdTableRecord {
    let rec = this.tables.get(fds);
    if (rec === undefined) {
      rec = { id: this.nextTable++, fds: new Map() };
      this.tables.set(fds, rec);
    }
    return rec;
  }

  /** New, changed and removed fds of a thread's table. */
  private diffFds(rec: ThreadRecord, num: number): void {
    const fds = rec.obj.fds;
    const table = rec.fdTable;
    for (const [n, f] of fds) {
      const stored = table.fds.get(n);
      if (stored !== undefined && !fdChanged(stored.shadow, f)) continue;
      if (stored !== undefined) this.closeFd(stored, num);
      const seq = stored?.seq ?? this.nextSeq++;
      table.fds.set(n, { version: this.sink.openFd(f, table.id, seq, rec.obj.pid, num), seq, shadow: fdShadow(f) });
    }
    if (table.fds.size === fds.size) return;
    for (const [n, stored] of table.fds) {
      if (fds.has(n)) continue;
      this.closeFd(stored, num);
      table.fds.delete(n);
    }
  }

  /** One fd number of a thread's table: added, replaced, changed in place, or removed. */
  private checkFd(rec: ThreadRecord, n: number, num: number): void {
    const table = rec.fdTable;
    const f = rec.obj.fds.get(n);
    const stored = table.fds.get(n);
    if (f === undefined) {
      if (stored === undefined) return;
      this.closeFd(stored, num);
      table.fds.delete(n);
      return;
    }
    if (stored !== undefined && !fdChanged(stored.shadow, f)) return;
    if (stored !== undefined) this.closeFd(stored, num);
    const seq = stored?.seq ?? this.nextSeq++;
    table.fds.set(n, { version: this.sink.openFd(f, table.id, seq, rec.obj.pid, num), seq, shadow: fdShadow(f) });
  }

  private closeFd(stored: FdRecord, num: number): void {
    this.sink.closeFd(stored.version, num);
    this.closedNow.set(stored.shadow.info, stored.version);
  }

  /** The version of the event's fd: the table's (after an in-place change, a new one), the one it just closed, or a detached one. */
  private fdVersion(rec: ThreadRecord, f: FdInfo, num: number): number {
    const table = rec.fdTable;
    const stored = table.fds.get(f.fd);
    if (stored !== undefined && stored.shadow.info === f) {
      if (!fdChanged(stored.shadow, f)) return stored.version;
      this.sink.closeFd(stored.version, num);
      const version = this.sink.openFd(f, table.id, stored.seq, rec.obj.pid, num);
      table.fds.set(f.fd, { version, seq: stored.seq, shadow: fdShadow(f) });
      return version;
    }
    const closed = this.closedNow.get(f);
    if (closed !== undefined) return closed;
    // An fd the table does not hold (gone before this event was parsed): valid for this event only.
    const version = this.sink.openFd(f, table.id, this.nextSeq++, rec.obj.pid, num);
    this.sink.closeFd(version, num + 1);
    return version;
  }
}
