// Built-in views over a case database: a process tree around one pid (its
// ancestors, then everything it started, each process with its command lines
// across execs), and the alerts in time order with the process behind each.
import type { CaseDb } from './case-database.js';

export interface ProcessRow {
  id: number;
  pid: number;
  parent_id: number | null;
  name: string;
  cmdline: string;
  user: string | null;
  container_id: string;
  start_ts: string;
  end_ts: string | null;
}

/** One pid under one parent: its images in exec order (fork copy, then each exec). */
export interface ProcessNode {
  pid: number;
  rows: ProcessRow[];
  children: ProcessNode[];
  /** The pid asked for. */
  subject: boolean;
}

export interface ProcessTree {
  /** From the root down to the subject's parent. */
  ancestors: ProcessRow[];
  /** One node per capture where the pid ran. */
  roots: ProcessNode[];
}

const COLUMNS = 'id, pid, parent_id, name, cmdline, user, container_id, CAST(start_ts AS TEXT) AS start_ts, CAST(end_ts AS TEXT) AS end_ts';

/** Groups rows by pid, keeping first-seen order. */
function byPid(rows: readonly ProcessRow[]): ProcessRow[][] {
  const groups = new Map<number, ProcessRow[]>();
  for (const r of rows) {
    let g = groups.get(r.pid);
    if (g === undefined) groups.set(r.pid, (g = []));
    g.push(r);
  }
  return [...groups.values()];
}

export function processTree(db: CaseDb, pid: number): ProcessTree | undefined {
  const subject = db.prepare(`SELECT ${COLUMNS} FROM processes WHERE pid = ? ORDER BY id`).all(pid) as ProcessRow[];
  if (subject.length === 0) return undefined;
  const byId = db.prepare(`SELECT ${COLUMNS} FROM processes WHERE id = ?`);
  const childrenOf = db.prepare(`SELECT ${COLUMNS} FROM processes WHERE parent_id = ? ORDER BY id`);
  const ancestors: ProcessRow[] = [];
  const seen = new Set<number>();
  for (let p = subject[0]!.parent_id; p !== null && !seen.has(p);) {
    seen.add(p);
    const row = byId.get(p) as ProcessRow | undefined;
    if (row === undefined) break;
    ancestors.unshift(row);
    p = row.parent_id;
  }
  const visited = new Set<number>();
  const node = (rows: ProcessRow[], isSubject: boolean): ProcessNode => {
    for (const r of rows) visited.add(r.id);
    const kids = rows.flatMap((r) => childrenOf.all(r.id) as ProcessRow[]).filter((k) => !visited.has(k.id) && k.pid !== rows[0]!.pid);
    return { pid: rows[0]!.pid, rows, subject: isSubject, children: byPid(kids).map((g) => node(g, false)) };
  };
  return { ancestors, roots: [node(subject, true)] };
}

export interface TimelineRow {
  ts: string;
  priority: string;
  rule: string;
  output: string;
  pid: number | null;
  process: string | null;
  cmdline: string | null;
  container_id: string | null;
}

export function alertTimeline(db: CaseDb, limit?: number): TimelineRow[] {
  const sql = `SELECT CAST(a.ts AS TEXT) AS ts, a.priority, a.rule, a.output, p.pid, p.name AS process, p.cmdline, p.container_id
    FROM alerts a LEFT JOIN processes p ON p.id = a.process_id ORDER BY a.ts, a.id${limit === undefined ? '' : ' LIMIT ?'}`;
  const st = db.prepare(sql);
  return (limit === undefined ? st.all() : st.all(limit)) as TimelineRow[];
}
