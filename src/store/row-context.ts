// Event contexts rebuilt from the case database, so that the same field
// extractors and compiled filters run over rows as over a replay: the event's
// parameters, its thread and fd *versions* (the state as it was at that
// event), and a StateView answering ancestor, fd-table, user and container
// lookups as of the event's number.
import { eventInfo } from '../capture/event-schema.js';
import type { CapturedEvent, ContainerInfo, GroupInfo, ParamValue, UserInfo } from '../capture/model.js';
import { unpackValue } from '../capture/payload.js';
import type { EventContext, StateView } from '../state/event-context.js';
import type { FdInfo, ThreadInfo } from '../state/state-model.js';
import type { CaseDb } from './case-database.js';
import { decodeFd, decodeThread } from './state-codec.js';
import type { StoredThread } from './state-codec.js';

/** The events columns a context is built from. */
// ts as text: epoch ns exceed 2^53, and safeIntegers would turn every column into a bigint.
export const EVENT_COLUMNS = 'id, capture_id, num, CAST(ts AS TEXT) AS ts, cpu, tid, code, fd_num, thread_version, fd_version, params, extra';

export interface EventRow {
  id: number;
  capture_id: number;
  num: number;
  ts: string;
  cpu: number;
  tid: number;
  code: number;
  fd_num: number | null;
  thread_version: number | null;
  fd_version: number | null;
  params: Buffer;
  extra: Buffer | null;
}

interface VersionRow {
  id: number;
  fd_table: number;
  state: Buffer;
}

/**
 * A thread's fd table as of one event: loaded from fd_versions on first use.
 * Extractors only read (get, has, size, iteration); the Map base keeps types honest.
 */
class FdTableAt extends Map<number, FdInfo> {
  private loaded = false;

  constructor(private readonly load: () => Iterable<[number, FdInfo]>) {
    super();
  }

  private fill(): void {
    if (this.loaded) return;
    this.loaded = true;
    for (const [k, v] of this.load()) super.set(k, v);
  }

  override get(k: number): FdInfo | undefined { this.fill(); return super.get(k); }
  override has(k: number): boolean { this.fill(); return super.has(k); }
  override get size(): number { this.fill(); return super.size; }
  override values(): MapIterator<FdInfo> { this.fill(); return super.values(); }
  override keys(): MapIterator<number> { this.fill(); return super.keys(); }
  override entries(): MapIterator<[number, FdInfo]> { this.fill(); return super.entries(); }
  override [Symbol.iterator](): MapIterator<[number, FdInfo]> { this.fill(); return super[Symbol.iterator](); }
  override forEach(cb: (v: FdInfo, k: number, m: Map<number, FdInfo>) => void): void { this.fill(); super.forEach(cb); }
}

/** One capture's state as of a given event number (`at`), read from its rows. */
class CaptureStateView implements StateView {
  at = 0;
  readonly timeBaseNs: bigint;
  readonly firstTs: number;
  private readonly users = new Map<string, UserInfo>();
  private readonly groups = new Map<string, GroupInfo>();
  private readonly containers = new Map<string, ContainerInfo>();
  private readonly threadStates = new Map<number, StoredThread>();
  private readonly fds = new Map<number, FdInfo>();
  /** Thread version rows by id: consecutive events of a thread share one. */
  private readonly versionRows = new Map<number, VersionRow>();

  constructor(private readonly q: Queries, readonly captureId: number) {
    const c = q.capture.get(captureId) as { time_base: bigint; first_ts: bigint | null };
    this.timeBaseNs = c.time_base;
    this.firstTs = c.first_ts === null ? 0 : Number(c.first_ts - c.time_base);
    for (const u of q.users.all(captureId) as UserInfo[]) this.users.set(`${u.container}\0${u.uid}`, u);
    for (const g of q.groups.all(captureId) as GroupInfo[]) this.groups.set(`${g.container}\0${g.gid}`, g);
    for (const r of q.containers.all(captureId) as { info: string }[]) {
      const c2 = JSON.parse(r.info) as ContainerInfo;
      this.containers.set(c2.id, c2);
    }
  }

  /** A thread version as an object extractors can read, its fd table as of `at`. */
  threadOf(row: VersionRow): ThreadInfo {
    let s = this.threadStates.get(row.id);
    if (s === undefined) {
      s = decodeThread(row.state);
      this.threadStates.set(row.id, s);
    }
    const at = this.at;
    return { ...s, fds: new FdTableAt(() => this.fdTable(row.fd_table, at)) };
  }

  threadVersion(id: number): ThreadInfo | undefined {
    let row = this.versionRows.get(id);
    if (row === undefined) {
      row = this.q.threadById.get(id) as VersionRow | undefined;
      if (row === undefined) return undefined;
      this.versionRows.set(id, row);
    }
    return this.threadOf(row);
  }

  fdVersion(id: number): FdInfo | undefined {
    let f = this.fds.get(id);
    if (f === undefined) {
      const row = this.q.fdById.get(id) as { state: Buffer } | undefined;
      if (row === undefined) return undefined;
      f = decodeFd(row.state);
      this.fds.set(id, f);
    }
    return f;
  }

  private *fdTable(table: number, at: number): Iterable<[number, FdInfo]> {
    for (const r of this.q.fdTable.iterate(this.captureId, table, at, at) as Iterable<{ id: number; fd: number }>) {
      yield [r.fd, this.fdVersion(r.id)!];
    }
  }

  thread(tid: number): ThreadInfo | undefined {
    const row = this.q.threadAt.get(this.captureId, tid, this.at, this.at) as VersionRow | undefined;
    return row === undefined ? undefined : this.threadOf(row);
  }

  mainThread(t: ThreadInfo): ThreadInfo {
    if (t.tid === t.pid) return t;
    return this.thread(t.pid) ?? t;
  }

  parent(t: ThreadInfo): ThreadInfo | undefined {
    const main = this.mainThread(t);
    const p = this.thread(main.ptid);
    if (p === undefined) return undefined;
    const pm = this.mainThread(p);
    return pm.tid === main.tid ? undefined : pm;
  }

  user(uid: number, containerId: string): UserInfo | undefined {
    return this.users.get(`${containerId}\0${uid}`);
  }

  group(gid: number, containerId: string): GroupInfo | undefined {
    return this.groups.get(`${containerId}\0${gid}`);
  }

  container(id: string): ContainerInfo | undefined {
    return this.containers.get(id);
  }
}

class Queries {
  readonly capture;
  readonly users;
  readonly groups;
  readonly containers;
  readonly threadById;
  readonly threadAt;
  readonly fdById;
  readonly fdTable;

  constructor(db: CaseDb) {
    this.capture = db.prepare('SELECT time_base, first_ts FROM captures WHERE id = ?').safeIntegers(true);
    this.users = db.prepare('SELECT uid, gid, name, home, shell, container FROM users WHERE capture_id = ?');
    this.groups = db.prepare('SELECT gid, name, container FROM groups WHERE capture_id = ?');
    this.containers = db.prepare('SELECT info FROM containers WHERE capture_id = ?');
    this.threadById = db.prepare('SELECT id, fd_table, state FROM thread_versions WHERE id = ?');
    this.threadAt = db.prepare(`SELECT id, fd_table, state FROM thread_versions WHERE capture_id = ? AND tid = ? AND from_num <= ?
      AND (to_num IS NULL OR to_num > ?) ORDER BY from_num DESC LIMIT 1`);
    this.fdById = db.prepare('SELECT state FROM fd_versions WHERE id = ?');
    this.fdTable = db.prepare(`SELECT id, fd FROM fd_versions WHERE capture_id = ? AND fd_table = ? AND from_num <= ?
      AND (to_num IS NULL OR to_num > ?) ORDER BY seq`);
  }
}

/** Builds one reusable EventContext per row, as the state engine does per event. */
export class RowContexts {
  private readonly q: Queries;
  private readonly views = new Map<number, CaptureStateView>();

  constructor(db: CaseDb) {
    this.q = new Queries(db);
  }

  private view(captureId: number): CaptureStateView {
    let v = this.views.get(captureId);
    if (v === undefined) {
      v = new CaptureStateView(this.q, captureId);
      this.views.set(captureId, v);
    }
    return v;
  }

  contextOf(row: EventRow): EventContext {
    const view = this.view(row.capture_id);
    view.at = row.num;
    const event: CapturedEvent = {
      ts: Number(BigInt(row.ts) - view.timeBaseNs), cpu: row.cpu, tid: row.tid, type: row.code, params: unpackValue(row.params) as ParamValue[],
    };
    const extra = row.extra === null ? undefined : (unpackValue(row.extra) as [(string | undefined)[] | null, string | null, boolean]);
    let fd = row.fd_version === null ? undefined : view.fdVersion(row.fd_version);
    if (fd !== undefined && extra?.[2] === true) fd = { ...fd, nameChanged: true };
    return {
      event,
      info: eventInfo(row.code),
      num: row.num,
      thread: row.thread_version === null ? undefined : view.threadVersion(row.thread_version),
      fdNum: row.fd_num ?? undefined,
      fd,
      eventFdName: extra?.[1] ?? undefined,
      absPaths: (extra?.[0] ?? []).map((p) => p ?? undefined),
      state: view,
      timeBaseNs: view.timeBaseNs,
      firstTs: view.firstTs,
    };
  }
}
