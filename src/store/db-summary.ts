// What `falco-ts info case.db` reports: the captures in the database and the
// counts an investigation starts from (events by type, processes, fds,
// alerts by severity and by rule, rules in the order they first fired).
import type { CaseDb } from './case-database.js';
import { SCHEMA_VERSION } from './schema.js';

export interface DbCaptureInfo {
  id: number;
  path: string;
  hostname: string;
  firstTs: bigint | null;
  lastTs: bigint | null;
  events: number;
  alerts: number;
  drops: number;
  damaged: number;
  rules: string[];
  indexedAt: string;
  /** Indexing did not finish (the recorder of this row was interrupted). */
  incomplete: boolean;
}

export interface DbSummary {
  schemaVersion: number;
  captures: DbCaptureInfo[];
  events: number;
  eventsByType: { type: string; count: number }[];
  processes: number;
  fds: number;
  alerts: number;
  /** Priority number (0 emergency .. 7 debug) → alerts. */
  alertsBySeverity: { priority: number; count: number }[];
  /** In the order rules first fired, as Falco lists triggered rules. */
  alertsByRule: { rule: string; count: number }[];
}

const count = (db: CaseDb, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

export function summarizeDatabase(db: CaseDb): DbSummary {
  const captures = (db.prepare(`SELECT id, path, hostname, CAST(first_ts AS TEXT) AS first_ts, CAST(last_ts AS TEXT) AS last_ts, events, alerts,
    drops, damaged, rules, indexed_at FROM captures ORDER BY id`).all() as Record<string, unknown>[]).map((r): DbCaptureInfo => ({
    id: r.id as number, path: r.path as string, hostname: r.hostname as string,
    firstTs: r.first_ts === null ? null : BigInt(r.first_ts as string), lastTs: r.last_ts === null ? null : BigInt(r.last_ts as string),
    events: r.events as number, alerts: r.alerts as number, drops: r.drops as number, damaged: r.damaged as number,
    rules: JSON.parse(r.rules as string) as string[], indexedAt: r.indexed_at as string, incomplete: (r.events as number) < 0,
  }));
  return {
    schemaVersion: SCHEMA_VERSION,
    captures,
    events: count(db, 'SELECT count(*) AS n FROM events'),
    eventsByType: db.prepare('SELECT type, count(*) AS count FROM events GROUP BY type ORDER BY count DESC, type').all() as { type: string; count: number }[],
    processes: count(db, 'SELECT count(*) AS n FROM processes'),
    fds: count(db, 'SELECT count(DISTINCT capture_id || \':\' || fd_table || \':\' || fd || \':\' || seq) AS n FROM fd_versions'),
    alerts: count(db, 'SELECT count(*) AS n FROM alerts'),
    alertsBySeverity: db.prepare('SELECT priority_num AS priority, count(*) AS count FROM alerts GROUP BY priority_num ORDER BY priority_num').all() as { priority: number; count: number }[],
    alertsByRule: db.prepare('SELECT rule, count(*) AS count FROM alerts GROUP BY rule ORDER BY min(id)').all() as { rule: string; count: number }[],
  };
}
