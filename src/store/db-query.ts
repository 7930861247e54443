// `query` over a case database: the filter's indexed parts narrow the rows
// SQLite reads (sql-narrowing.ts), and the compiled filter decides each row
// on a context rebuilt from the stored versions (row-context.ts), so the
// answer is the one a replay of the filter over the capture gives.
import { isInternalEvent } from '../capture/event-schema.js';
import type { Expr } from '../filter/ast.js';
import type { EventContext } from '../state/event-context.js';
import type { CaseDb } from './case-database.js';
import { EVENT_COLUMNS, RowContexts } from './row-context.js';
import type { EventRow } from './row-context.js';
import { narrowingFor } from './sql-narrowing.js';
import type { NarrowColumns } from './sql-narrowing.js';

/** Filter fields with an indexed events column of the same value. */
export const INDEXED_FIELDS: NarrowColumns = {
  'evt.type': { column: 'type', type: 'text' },
  'proc.name': { column: 'proc_name', type: 'text' },
  'proc.pid': { column: 'pid', type: 'integer' },
  'fd.name': { column: 'fd_name', type: 'text' },
};

export interface DbWindow {
  /** Epoch ns bounds, inclusive. */
  since?: bigint;
  until?: bigint;
}

export interface DbQueryPlan {
  sql: string;
  params: (string | number | bigint)[];
  narrowed: boolean;
}

export function planQuery(ast: Expr, window: DbWindow): DbQueryPlan {
  const n = narrowingFor(ast, INDEXED_FIELDS);
  const where = [n.where];
  const params = [...n.params];
  if (window.since !== undefined) {
    where.push('ts >= ?');
    params.push(window.since);
  }
  if (window.until !== undefined) {
    where.push('ts <= ?');
    params.push(window.until);
  }
  return { sql: `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY id`, params, narrowed: n.narrowed };
}

/** Matching events in capture and event order. */
export function* queryDatabase(db: CaseDb, plan: DbQueryPlan, matches: (ctx: EventContext) => boolean): Generator<EventContext> {
  const contexts = new RowContexts(db);
  for (const row of db.prepare(plan.sql).iterate(...plan.params) as Iterable<EventRow>) {
    if (isInternalEvent(row.code)) continue;
    const ctx = contexts.contextOf(row);
    if (matches(ctx)) yield ctx;
  }
}
