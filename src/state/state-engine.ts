// The state engine: replays a capture's snapshot and events through libsinsp's
// state rules and describes each event as rules see it. process() returns one
// reused EventContext: the state after the event was parsed (an execve shows
// the new image, an open the new fd), except that a close still shows the fd
// it closed and a procexit's thread stays until the next event.
import { paramAt } from '../capture/event-param.js';
import type { CapturedEvent, ContainerInfo, GroupInfo, StateSnapshot, UserInfo } from '../capture/model.js';
import type { EventContext, StateView } from './event-context.js';
import { fdNameFromEvent } from './event-fd-name.js';
import { EVENT_META, ThreadLookup } from './event-params.js';
import type { EventMeta, PathParam } from './event-params.js';
import { HANDLERS } from './handlers.js';
import { ParseContext } from './parse-context.js';
import { num, str } from './param-values.js';
import { asDirBase, concatenatePaths } from './path-resolution.js';
import { loadSnapshot } from './snapshot-loader.js';
import type { FdInfo, ThreadInfo } from './state-model.js';
import { cwdOf } from './thread-state.js';
import { ThreadEntry, ThreadTable } from './thread-table.js';
import { UserTable } from './user-table.js';

const AT_FDCWD = -100;

export interface StateEngineOptions {
  /**
   * Epoch ns of the recorded machine's boot (capture header bootTimeNs): libsinsp dates a new
   * process's pid-namespace start from it. Without it a child inherits its parent's value.
   */
  bootTimeNs?: bigint;
}

export class StateEngine implements StateView {
  private readonly table = new ThreadTable();
  private readonly users = new UserTable();
  private readonly parse: ParseContext;
  private readonly ctx: EventContext;
  private readonly absPaths: (string | undefined)[] = [];
  /** Indices of absPaths written for the previous event, cleared before the next one. */
  private readonly written: number[] = [];
  private writtenCount = 0;
  private count = 0;
  private sawFirst = false;

  constructor(readonly timeBaseNs: bigint, options: StateEngineOptions = {}) {
    this.parse = new ParseContext(this.table, this.users, timeBaseNs, options.bootTimeNs);
    this.ctx = {
      event: { ts: 0, cpu: 0, tid: 0, type: 0, params: [] },
      info: undefined,
      num: 0,
      thread: undefined,
      fdNum: undefined,
      fd: undefined,
      eventFdName: undefined,
      absPaths: this.absPaths,
      state: this,
      timeBaseNs,
      firstTs: 0,
    };
  }

  /** Replaces the state with a snapshot's threads, fds, users, groups and containers. */
  loadSnapshot(s: StateSnapshot): void {
    this.table.clear();
    this.users.clear();
    this.parse.tidToRemove = -1;
    loadSnapshot(s, this.table, this.users);
  }

  /** Adds a further snapshot's threads the state does not know yet (several files replayed as one). */
  mergeSnapshot(s: StateSnapshot): void {
    loadSnapshot(s, this.table, this.users, true);
  }

  /** Applies one event and describes it; the returned object is reused by the next call. */
  process(e: CapturedEvent): EventContext {
    const meta = this.apply(e, true);
    const p = this.parse;
    const ctx = this.ctx;
    const table = this.table;
    ctx.info = meta?.info;
    const t = p.thread;
    ctx.thread = t;
    if (t !== undefined && meta !== undefined && meta.fdEvent) {
      ctx.fdNum = p.fdNum;
      let f = p.fd;
      if (f !== undefined) {
        f.nameChanged = f.name !== p.oldName;
      } else if (p.fdNum >= 0) {
        // libsinsp extract_fd falls back to the table entry of m_lastevent_fd.
        f = t.fds.get(p.fdNum);
        if (f !== undefined) f.nameChanged = false;
      }
      ctx.fd = f;
      ctx.eventFdName = f === undefined ? fdNameFromEvent(table, t, e, meta.info.direction === 'exit') : undefined;
    } else {
      ctx.fdNum = undefined;
      ctx.fd = undefined;
      ctx.eventFdName = undefined;
    }

    const absPaths = this.absPaths;
    const written = this.written;
    for (let i = 0; i < this.writtenCount; i++) absPaths[written[i]!] = undefined;
    this.writtenCount = 0;
    if (meta !== undefined) {
      const paths = meta.paths;
      for (let i = 0; i < paths.length; i++) {
        const pp = paths[i]!;
        absPaths[pp.index] = this.resolvePath(t, e, pp);
        written[this.writtenCount++] = pp.index;
      }
    }
    return ctx;
  }

  /**
   * Applies an event that no rule or filter will look at: the state changes
   * as process() would change it, but the event is not described (no fd
   * name, paths or context), and an event the state rules do not parse has
   * none of its parameters read.
   */
  pass(e: CapturedEvent): void {
    this.apply(e, false);
  }

  /**
   * What every event does to the state: pending removals, the count and
   * clock, its thread (created on first sight), its fd, and its parser.
   * The fd is looked up when there is a parser or a description to come.
   */
  private apply(e: CapturedEvent, describing: boolean): EventMeta | undefined {
    const p = this.parse;
    const table = this.table;
    if (p.tidToRemove >= 0) this.removeExited(e.ts);
    const ctx = this.ctx;
    const meta = EVENT_META[e.type];
    this.count++;
    ctx.event = e;
    ctx.num = this.count;
    if (!this.sawFirst && meta?.metaEvent !== true) {
      this.sawFirst = true;
      ctx.firstTs = e.ts;
    }

    let t: ThreadEntry | undefined;
    if (meta === undefined) t = table.get(e.tid);
    else if (meta.lookup === ThreadLookup.GetOrCreate) t = table.getOrCreate(e.tid);
    else if (meta.lookup === ThreadLookup.Find) t = table.get(e.tid);
    p.thread = t;
    p.fdNum = -1;
    p.fd = undefined;
    p.oldName = '';
    const handler = HANDLERS[e.type];
    if (handler === undefined && !describing) return meta;
    if (t !== undefined && meta !== undefined && meta.fdParam >= 0) {
      const v = paramAt(e, meta.fdParam);
      if (v !== null && v !== undefined) {
        const n = num(v, -1);
        p.fdNum = n;
        if (n >= 0) {
          const f = t.fds.get(n);
          if (f !== undefined) {
            p.fd = f;
            p.oldName = f.name;
          }
        }
      }
    }
    if (handler !== undefined) handler(p, e);
    return meta;
  }

  /** Applies what the last event left pending (a procexit's removal); for the end of a replay. */
  flush(): void {
    if (this.parse.tidToRemove >= 0) this.removeExited(this.ctx.event.ts);
  }

  private removeExited(ts: number): void {
    const p = this.parse;
    const tid = p.tidToRemove;
    p.tidToRemove = -1;
    const t = this.table.threads.get(tid);
    this.table.recordExit(tid, t === undefined ? -1 : t.ptid, ts);
    this.table.remove(tid);
  }

  /**
   * An FSPATH/FSRELPATH parameter made absolute as libsinsp's get_param_as_str
   * resolves it: absolute, empty and "<NA>" paths as they are; relative ones
   * joined to the dirfd's name (FSRELPATH with a real dirfd; "" when the fd is
   * unknown) or to the cwd.
   */
  private resolvePath(t: ThreadEntry | undefined, e: CapturedEvent, pp: PathParam): string | undefined {
    const v = paramAt(e, pp.index);
    if (v === null || v === undefined) return undefined;
    const path = str(v);
    if (t === undefined || path.length === 0 || path.charCodeAt(0) === 47 || path === '<NA>') return path;
    let base: string;
    const dv = pp.dirfd >= 0 ? paramAt(e, pp.dirfd) : null;
    const dirfd = dv === null || dv === undefined ? AT_FDCWD : num(dv, AT_FDCWD);
    if (dirfd === AT_FDCWD) {
      base = cwdOf(this.table, t);
    } else {
      const f = t.fds.get(dirfd);
      base = f !== undefined && f.name.length > 0 ? asDirBase(f.name) : '';
    }
    return concatenatePaths(base, path);
  }

  /** Threads in the table (exited ones go before the next event; a dead main thread stays while its threads live). */
  get threadCount(): number {
    return this.table.threads.size;
  }

  /** Every thread in the table, in no particular order. */
  threads(): IterableIterator<ThreadInfo> {
    return this.table.threads.values();
  }

  /** Users, groups and containers known now. */
  identities(): { users: UserInfo[]; groups: GroupInfo[]; containers: ContainerInfo[] } {
    return this.users.contents();
  }

  /** Fds across every distinct fd table. */
  get fdCount(): number {
    const seen = new Set<Map<number, FdInfo>>();
    let n = 0;
    for (const t of this.table.threads.values()) {
      if (seen.has(t.fds)) continue;
      seen.add(t.fds);
      n += t.fds.size;
    }
    return n;
  }

  // --- StateView -------------------------------------------------------------

  thread(tid: number): ThreadInfo | undefined {
    return this.table.threads.get(tid);
  }

  mainThread(t: ThreadInfo): ThreadInfo {
    if (t instanceof ThreadEntry) return this.table.mainOf(t) ?? t;
    if (t.tid === t.pid) return t;
    return this.table.threads.get(t.pid) ?? t;
  }

  parent(t: ThreadInfo): ThreadInfo | undefined {
    const main = this.mainThread(t);
    const p = this.table.threads.get(main.ptid);
    if (p === undefined) return undefined;
    const pm = this.mainThread(p);
    return pm === main ? undefined : pm;
  }

  user(uid: number, containerId: string): UserInfo | undefined {
    return this.users.user(uid, containerId);
  }

  group(gid: number, containerId: string): GroupInfo | undefined {
    return this.users.group(gid, containerId);
  }

  container(id: string): ContainerInfo | undefined {
    return this.users.container(id);
  }
}
