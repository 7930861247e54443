// `query DB --sql`: a statement run on a read-only connection. Statements that
// do not return rows are refused before they run; anything that tries to write
// fails in SQLite itself (the connection is opened read-only, query_only set).
import type { CaseDb } from './case-database.js';

export type SqlResult =
  | { ok: true; columns: string[]; rows: Record<string, unknown>[] }
  | { ok: false; message: string };

export function runReadOnlySql(db: CaseDb, sql: string, limit?: number): SqlResult {
  try {
    db.pragma('query_only = ON');
    const st = db.prepare(sql);
    if (!st.reader) return { ok: false, message: 'only statements that return rows are allowed (SELECT, WITH, read-only PRAGMA); the database is opened read-only' };
    // Exact integers: event times in ns exceed 2^53.
    st.safeIntegers(true);
    const rows: Record<string, unknown>[] = [];
    for (const r of st.iterate() as Iterable<Record<string, unknown>>) {
      if (limit !== undefined && rows.length >= limit) break;
      rows.push(r);
    }
    return { ok: true, columns: st.columns().map((c) => c.name), rows };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}
