// `falco-ts index`: replays captures (one merged stream, as `replay` does)
// and writes events, thread/fd/process versions, alerts and identities into
// the case database. Batched transactions over prepared statements; the same
// captures indexed again replace their earlier rows, so nothing is doubled.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { CaptureDamage, CaptureError } from '../capture/capture-error.js';
import { eventInfo } from '../capture/event-schema.js';
import { packValue } from '../capture/payload.js';
import { replayCaptures } from '../engine/replay.js';
import type { ReplaySummary } from '../engine/replay.js';
import type { Alert } from '../engine/rule-engine.js';
import { eventField } from '../fields/field-resolver.js';
import type { LoadedRule } from '../rules/rules-compiler.js';
import type { RuleMatching } from '../rules/ruleset-index.js';
import type { EventContext } from '../state/event-context.js';
import type { StateEngine } from '../state/state-engine.js';
import type { FdInfo, ThreadInfo } from '../state/state-model.js';
import { createIndexes, dropIndexes } from './case-database.js';
import type { CaseDb } from './case-database.js';
import { CAPTURE_TABLES } from './schema.js';
import { encodeFd, encodeThread } from './state-codec.js';
import { VersionTracker } from './version-tracker.js';
import type { VersionSink } from './version-tracker.js';

/** Events per transaction: large enough to amortise the commit, small enough to keep memory flat. */
const BATCH = 100_000;

export interface IndexOptions {
  rules: readonly LoadedRule[];
  /** The rules files as given, recorded with the capture. */
  ruleFiles: readonly string[];
  matching: RuleMatching;
  onProgress?: (events: number) => void;
  onStart?: (expectedEvents: number | null) => void;
}

export interface IndexSummary {
  captureId: number;
  /** The captures had been indexed before; their old rows were replaced. */
  replaced: boolean;
  replay: ReplaySummary;
  damage: CaptureDamage[];
}

export type IndexResult = { ok: true; summary: IndexSummary } | { ok: false; error: CaptureError };

/** One identity for a set of files, whatever their order: their contents' hashes, sorted. */
export function capturesKey(files: readonly string[]): string {
  const hashes = files.map((f) => {
    const h = crypto.createHash('sha256');
    const fd = fs.openSync(f, 'r');
    try {
      const buf = Buffer.allocUnsafe(1 << 20);
      for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
    } finally {
      fs.closeSync(fd);
    }
    return h.digest('hex');
  }).sort();
  return hashes.length === 1 ? hashes[0]! : crypto.createHash('sha256').update(hashes.join('\n')).digest('hex');
}

class Statements {
  readonly event: Database.Statement;
  readonly threadOpen: Database.Statement;
  readonly threadClose: Database.Statement;
  readonly fdOpen: Database.Statement;
  readonly fdClose: Database.Statement;
  readonly processOpen: Database.Statement;
  readonly processClose: Database.Statement;
  readonly alert: Database.Statement;

  constructor(db: CaseDb) {
    this.event = db.prepare(`INSERT INTO events (capture_id, num, ts, cpu, tid, pid, type, code, res, proc_name, fd_num, fd_name,
      thread_version, fd_version, params, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.threadOpen = db.prepare('INSERT INTO thread_versions (capture_id, tid, from_num, fd_table, state) VALUES (?, ?, ?, ?, ?)');
    this.threadClose = db.prepare('UPDATE thread_versions SET to_num = ? WHERE id = ?');
    this.fdOpen = db.prepare(`INSERT INTO fd_versions (capture_id, fd_table, fd, seq, from_num, pid, type, name, l4proto, sip, sport, dip, dport,
      is_server, from_ts, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.fdClose = db.prepare('UPDATE fd_versions SET to_num = ?, to_ts = ? WHERE id = ?');
    this.processOpen = db.prepare(`INSERT INTO processes (capture_id, pid, ppid, parent_id, name, exepath, cmdline, cwd, uid, user, loginuid,
      tty, container_id, start_ts, from_num) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.processClose = db.prepare('UPDATE processes SET to_num = ?, end_ts = ? WHERE id = ?');
    this.alert = db.prepare(`INSERT INTO alerts (capture_id, num, ts, rule, priority, priority_num, source, tags, output, output_fields, process_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  }
}

/** Writes versions as rows; `now` is the epoch ns of the event being indexed. */
class SqlVersionSink implements VersionSink {
  now = 0n;
  state: StateEngine | undefined;

  constructor(private readonly s: Statements, private readonly captureId: number) {}

  openThread(t: ThreadInfo, fdTable: number, num: number): number {
    return Number(this.s.threadOpen.run(this.captureId, t.tid, num, fdTable, encodeThread(t)).lastInsertRowid);
  }

  closeThread(id: number, num: number): void {
    this.s.threadClose.run(num, id);
  }

  openFd(f: FdInfo, fdTable: number, seq: number, pid: number, num: number): number {
    const t = f.tuple;
    return Number(this.s.fdOpen.run(this.captureId, fdTable, f.fd, seq, num, pid, f.typechar, f.name, t?.l4proto ?? null, t?.sip ?? null,
      t?.sport ?? null, t?.dip ?? null, t?.dport ?? null, f.isServer ? 1 : 0, this.now, encodeFd(f)).lastInsertRowid);
  }

  closeFd(id: number, num: number): void {
    this.s.fdClose.run(num, this.now, id);
  }

  openProcess(t: ThreadInfo, parent: number | undefined, num: number): number {
    const user = this.state?.user(t.uid, t.containerId)?.name ?? null;
    return Number(this.s.processOpen.run(this.captureId, t.pid, t.ptid, parent ?? null, t.comm, t.exepath, [t.comm, ...t.args].join(' '),
      t.cwd, t.uid, user, t.loginuid, t.tty, t.containerId === '' ? 'host' : t.containerId, t.startTs, num).lastInsertRowid);
  }

  closeProcess(id: number, num: number): void {
    this.s.processClose.run(num, this.now, id);
  }
}

/** The per-event bits of EventContext that are not state: kept only when set. */
function extraOf(ctx: EventContext): Uint8Array | null {
  const paths = ctx.absPaths.some((p) => p !== undefined) ? ctx.absPaths.slice(0, ctx.event.params.length) : undefined;
  const changed = ctx.fd?.nameChanged === true;
  if (paths === undefined && ctx.eventFdName === undefined && !changed) return null;
  return packValue([paths ?? null, ctx.eventFdName ?? null, changed]);
}

function removeCapture(db: CaseDb, key: string): boolean {
  const old = db.prepare('SELECT id FROM captures WHERE sha256 = ?').get(key) as { id: number } | undefined;
  if (old === undefined) return false;
  for (const t of CAPTURE_TABLES) db.prepare(`DELETE FROM ${t} WHERE capture_id = ?`).run(old.id);
  db.prepare('DELETE FROM captures WHERE id = ?').run(old.id);
  return true;
}

export function indexCaptures(db: CaseDb, files: readonly string[], options: IndexOptions): IndexResult {
  let key: string;
  try {
    key = capturesKey(files);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const file = files.find((f) => !fs.existsSync(f)) ?? files[0]!;
    return { ok: false, error: { code: e.code === 'ENOENT' ? 'not-found' : 'io', file, offset: 0, message: e.code === 'ENOENT' ? 'no such file' : e.message } as CaptureError };
  }
  const s = new Statements(db);
  db.exec('BEGIN');
  const replaced = removeCapture(db, key);
  dropIndexes(db);
  // events = -1 marks a capture whose indexing has not finished.
  const captureId = Number(db.prepare(`INSERT INTO captures (path, sha256, hostname, kernel, time_base, events, alerts, drops, damaged, rules, indexed_at)
    VALUES (?, ?, '', '', 0, -1, 0, 0, 0, ?, ?)`).run(files.join('\n'), key, JSON.stringify(options.ruleFiles), new Date().toISOString()).lastInsertRowid);
  const sink = new SqlVersionSink(s, captureId);
  const pid = eventField('proc.pid');
  const procName = eventField('proc.name');
  const fdName = eventField('fd.name');
  const rawres = eventField('evt.rawres');
  let tracker: VersionTracker | undefined;
  let timeBase = 0n;
  let num = 0;
  let firstTs: bigint | undefined;
  let lastTs = 0n;
  const pending: Alert[] = [];
  let alerts = 0;
  const result = replayCaptures(files, options.rules, options.matching, {
    onStart: (c) => {
      timeBase = c.timeBaseNs;
      options.onStart?.(c.expectedEvents);
    },
    onAlert: (a) => pending.push(a),
    onProgress: options.onProgress,
    onEvent: (ctx) => {
      const e = ctx.event;
      num = ctx.num;
      const ts = timeBase + BigInt(e.ts);
      firstTs ??= ts;
      lastTs = ts;
      sink.now = ts;
      if (tracker === undefined) {
        const state = ctx.state as StateEngine;
        sink.state = state;
        tracker = new VersionTracker(sink, state);
      }
      const v = tracker.update(ctx, num);
      const p = pid.extract(ctx);
      const r = rawres.extract(ctx);
      s.event.run(captureId, num, ts, e.cpu, e.tid, p ?? null, eventInfo(e.type)?.name ?? `unknown-${e.type}`, e.type, r ?? null,
        procName.extract(ctx) ?? null, ctx.fdNum ?? null, fdName.extract(ctx) ?? null, v.thread ?? null, v.fd ?? null, packValue(e.params), extraOf(ctx));
      for (const a of pending) {
        const process = ctx.thread === undefined ? undefined : tracker.processOf(ctx.thread);
        s.alert.run(captureId, a.evtNum, timeBase + BigInt(a.ts), a.rule.name, a.rule.priorityName, a.rule.priority, a.rule.source,
          JSON.stringify(a.rule.tags), a.output, JSON.stringify(a.outputFields, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x)), process ?? null);
        alerts++;
      }
      pending.length = 0;
      if (num % BATCH === 0) {
        db.exec('COMMIT');
        db.exec('BEGIN');
      }
    },
    onEnd: (state) => writeIdentities(db, captureId, state),
  });
  if (!result.ok) {
    db.exec('ROLLBACK');
    createIndexes(db);
    return result;
  }
  const sum = result.summary;
  db.prepare(`UPDATE captures SET hostname = ?, kernel = ?, time_base = ?, first_num = ?, last_num = ?, first_ts = ?, last_ts = ?, events = ?,
    alerts = ?, drops = ?, damaged = ? WHERE id = ?`).run(sum.hostname, '', timeBase, num > 0 ? 1 : null, num > 0 ? num : null,
    firstTs ?? null, firstTs === undefined ? null : lastTs, sum.events, alerts, sum.stats?.drops ?? 0, sum.damage.length, captureId);
  createIndexes(db);
  db.exec('COMMIT');
  return { ok: true, summary: { captureId, replaced, replay: sum, damage: sum.damage } };
}

function writeIdentities(db: CaseDb, captureId: number, state: StateEngine): void {
  const { users, groups, containers } = state.identities();
  const u = db.prepare('INSERT INTO users (capture_id, container, uid, gid, name, home, shell) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const x of users) u.run(captureId, x.container, x.uid, x.gid, x.name, x.home, x.shell);
  const g = db.prepare('INSERT INTO groups (capture_id, container, gid, name) VALUES (?, ?, ?, ?)');
  for (const x of groups) g.run(captureId, x.container, x.gid, x.name);
  const c = db.prepare('INSERT INTO containers (capture_id, id, info) VALUES (?, ?, ?)');
  for (const x of containers) c.run(captureId, x.id, JSON.stringify(x));
}
