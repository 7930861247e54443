// The case database for `npm run bench`: the ingest rate of `falco-ts index`
// (a synthetic capture read back through state, the bundled rules/, version
// tracking and SQLite inserts, then the secondary index build and the close)
// and the latency of `falco-ts query DB` over a large database (open
// read-only + compile the filter + plan + iterate the results + close).
//
// BENCH_INGEST_EVENTS sizes the ingest capture (default 1M, indexed once into
// a fresh database); BENCH_QUERY_EVENTS sizes the query database (default
// 10M). Building that one takes minutes, so it is cached in os.tmpdir() under
// a name with its event count and the schema version, and reused when present
// (delete the file to build it again). BENCH_STORE=0 skips all of this.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CODEC } from '../src/capture/format.js';
import { loadRules } from '../src/engine/load-rules.js';
import { compileQueryFilter } from '../src/engine/query-filter.js';
import { selectRules } from '../src/rules/rule-selection.js';
import type { LoadedRule } from '../src/rules/rules-compiler.js';
import { openForIndexing, openReadOnly } from '../src/store/case-database.js';
import type { CaseDb } from '../src/store/case-database.js';
import { planQuery, queryDatabase } from '../src/store/db-query.js';
import { indexCaptures } from '../src/store/indexer.js';
import { SCHEMA_VERSION } from '../src/store/schema.js';
import { runReadOnlySql } from '../src/store/sql-query.js';
import { writeSyntheticCapture } from './workload.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const INGEST_EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 1_000_000);
const QUERY_EVENTS = Number(process.env.BENCH_QUERY_EVENTS ?? 10_000_000);
const QUERY_RUNS = 7;
/** A worker thread of the synthetic workload (tids = pids 1000..1199). */
const WORKER_PID = 1042;

interface QuerySpec {
  label: string;
  /** A Falco filter run as `query DB FILTER`, or a statement run as `query DB --sql`. */
  filter?: string;
  sql?: string;
  /** Stop after this many results (`--limit`); all results when absent. */
  limit?: number;
  /** The workload guarantees matches: zero results means the bench is broken. */
  expectResults: boolean;
  /** The same count straight from SQL, to check the filter engine's answer against (filters only). */
  checkSql?: string;
}

const QUERIES: QuerySpec[] = [
  {
    label: 'rare: exec of git', filter: 'evt.type = execve and proc.name = git', expectResults: true,
    checkSql: "SELECT count(*) AS n FROM events WHERE type = 'execve' AND proc_name = 'git'",
  },
  { label: 'same, first 100', filter: 'evt.type = execve and proc.name = git', limit: 100, expectResults: true },
  {
    label: 'one pid\'s connects', filter: `proc.pid = ${WORKER_PID} and evt.type = connect`, expectResults: true,
    checkSql: `SELECT count(*) AS n FROM events WHERE pid = ${WORKER_PID} AND type = 'connect'`,
  },
  {
    label: 'writes to a file', filter: 'fd.name = /var/log/app.log and evt.type = write', expectResults: true,
    checkSql: "SELECT count(*) AS n FROM events WHERE fd_name = '/var/log/app.log' AND type = 'write'",
  },
  { label: 'same, first 100', filter: 'fd.name = /var/log/app.log and evt.type = write', limit: 100, expectResults: true },
  { label: '--sql alert count', sql: 'SELECT count(*) AS n FROM alerts', expectResults: true },
  { label: '--sql git processes', sql: "SELECT pid, ppid, cmdline, start_ts, end_ts FROM processes WHERE name = 'git'", expectResults: true },
];

export interface IngestFigures {
  events: number;
  seconds: number;
  eventsPerSec: number;
  /** Replay, state, rules, version tracking and the batched inserts, up to the index build. */
  replaySeconds: number;
  /** The final CREATE INDEX statements and the commit that follows them. */
  indexBuildSeconds: number;
  /** db.close(): the last WAL checkpoint into the database file. */
  closeSeconds: number;
  alerts: number;
  dbBytes: number;
  dbBytesPerEvent: number;
  captureBytes: number;
}

export interface QueryDbInfo {
  file: string;
  events: number;
  schemaVersion: number;
  dbBytes: number;
  builtAt: string;
  node: string;
  cpu: string;
  enabledRules: number;
  captureCodec: string;
  captureBytes: number;
  captureWriteSeconds: number;
  ingest: IngestFigures;
}

export interface QueryFigures {
  label: string;
  query: string;
  kind: 'filter' | 'sql';
  limit: number | null;
  /** Results of the last run (events for a filter, rows for SQL). */
  results: number;
  /** The first row's value for a single-value SQL statement (e.g. a count). */
  value?: string;
  narrowed?: boolean;
  runs: number;
  medianMs: number;
  maxMs: number;
  minMs: number;
}

export interface StoreBenchResult {
  schemaVersion: number;
  enabledRules: number;
  ingest: IngestFigures;
  queryDb: QueryDbInfo & { reused: boolean };
  queries: QueryFigures[];
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const seconds = (t0: bigint, t1 = process.hrtime.bigint()): number => Number(t1 - t0) / 1e9;
const mib = (bytes: number): string => (bytes >= 1 << 30 ? `${(bytes / (1 << 30)).toFixed(2)} GiB` : `${(bytes / 1048576).toFixed(1)} MiB`);
const rate = (perSec: number): string => (perSec >= 1e6 ? `${(perSec / 1e6).toFixed(2)}M` : `${(perSec / 1000).toFixed(1)}k`);

function bundledRules(): { rules: LoadedRule[]; ruleFiles: string[]; enabled: number } {
  const ruleFiles = [path.join(ROOT, 'rules')];
  const loaded = loadRules(ruleFiles);
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(`the bundled rules do not load: ${errors.length} errors, first: ${errors[0]!.message}`);
  const selected = selectRules(loaded.rules, {});
  if (typeof selected === 'string') throw new Error(selected);
  return { rules: selected, ruleFiles, enabled: selected.filter((r) => r.enabled).length };
}

/** The synthetic workload as a capture in the default codec, as `falco-ts record` writes it. */
function writeCapture(file: string, events: number): { seconds: number; bytes: number } {
  const t0 = process.hrtime.bigint();
  const written = writeSyntheticCapture(file, events);
  if (written !== events) throw new Error(`wrote ${written} events, asked for ${events}`);
  return { seconds: seconds(t0), bytes: fs.statSync(file).size };
}

function fileBytes(file: string): number {
  return [file, `${file}-wal`, `${file}-shm`].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}

/** `falco-ts index CAPTURE -o DB` into a fresh DB, timed from open to close. */
function ingest(dbFile: string, capture: string, rules: ReturnType<typeof bundledRules>, events: number): IngestFigures {
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
  gc();
  const t0 = process.hrtime.bigint();
  const opened = openForIndexing(dbFile);
  if (!opened.ok) throw new Error(`${opened.error.file}: ${opened.error.message}`);
  const db = opened.db;
  // Phases, from the statements the indexer runs: its final CREATE INDEX
  // statements start the index build, the COMMIT after them ends it.
  let indexStart: bigint | undefined;
  let indexEnd: bigint | undefined;
  const exec = db.exec.bind(db);
  db.exec = (sql: string): CaseDb => {
    if (indexStart === undefined && sql.startsWith('CREATE INDEX')) indexStart = process.hrtime.bigint();
    exec(sql);
    if (indexStart !== undefined && indexEnd === undefined && sql === 'COMMIT') indexEnd = process.hrtime.bigint();
    return db;
  };
  const result = indexCaptures(db, [capture], { rules: rules.rules, ruleFiles: rules.ruleFiles, matching: 'first' });
  const beforeClose = process.hrtime.bigint();
  db.close();
  const t1 = process.hrtime.bigint();
  if (!result.ok) throw new Error(`index failed: ${result.error.message}`);
  const s = result.summary;
  if (s.damage.length > 0) throw new Error(`index saw damage: ${s.damage[0]!.message}`);
  if (s.replay.events !== events) throw new Error(`indexed ${s.replay.events} events, wrote ${events}`);
  const total = seconds(t0, t1);
  const dbBytes = fileBytes(dbFile);
  return {
    events,
    seconds: total,
    eventsPerSec: Math.round(events / total),
    replaySeconds: seconds(t0, indexStart ?? beforeClose),
    indexBuildSeconds: indexStart === undefined ? 0 : seconds(indexStart, indexEnd ?? beforeClose),
    closeSeconds: seconds(beforeClose, t1),
    alerts: s.replay.counts.reduce((n, c) => n + c.count, 0),
    dbBytes,
    dbBytesPerEvent: Number((dbBytes / events).toFixed(1)),
    captureBytes: 0,
  };
}

function ingestLine(f: IngestFigures): string {
  const pct = (x: number): string => `${((x / f.seconds) * 100).toFixed(0)}%`;
  return `${f.events} events in ${f.seconds.toFixed(1)} s = ${rate(f.eventsPerSec)} events/s; replay + state + rules + versions + inserts ${f.replaySeconds.toFixed(1)} s (${pct(f.replaySeconds)}), `
    + `index build ${f.indexBuildSeconds.toFixed(1)} s (${pct(f.indexBuildSeconds)}), close ${f.closeSeconds.toFixed(1)} s (${pct(f.closeSeconds)}); ${f.alerts} alerts`;
}

/** The cached query database is complete when its one capture finished indexing with all the events. */
function cachedDbEvents(file: string): number | undefined {
  if (!fs.existsSync(file)) return undefined;
  const opened = openReadOnly(file);
  if (!opened.ok) return undefined;
  try {
    const row = opened.db.prepare('SELECT count(*) AS c, min(events) AS lo, sum(events) AS n FROM captures').get() as { c: number; lo: number | null; n: number | null };
    return row.c === 1 && row.lo !== null && row.lo >= 0 ? row.n ?? undefined : undefined;
  } catch {
    return undefined;
  } finally {
    opened.db.close();
  }
}

function queryDatabaseFile(events: number, rules: ReturnType<typeof bundledRules>): QueryDbInfo & { reused: boolean } {
  const file = path.join(os.tmpdir(), `falco-ts-bench-store-v${SCHEMA_VERSION}-${events}ev.db`);
  const infoFile = `${file}.json`;
  if (cachedDbEvents(file) === events) {
    let info: QueryDbInfo | undefined;
    try {
      info = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as QueryDbInfo;
    } catch {
      info = undefined;
    }
    const dbBytes = fileBytes(file);
    if (info === undefined) {
      const unknownIngest: IngestFigures = { events, seconds: 0, eventsPerSec: 0, replaySeconds: 0, indexBuildSeconds: 0, closeSeconds: 0, alerts: 0, dbBytes, dbBytesPerEvent: Number((dbBytes / events).toFixed(1)), captureBytes: 0 };
      return { file, events, schemaVersion: SCHEMA_VERSION, dbBytes, builtAt: 'unknown', node: 'unknown', cpu: 'unknown', enabledRules: rules.enabled, captureCodec: 'unknown', captureBytes: 0, captureWriteSeconds: 0, ingest: unknownIngest, reused: true };
    }
    return { ...info, file, dbBytes, reused: true };
  }
  console.log(`query database: building ${file} from ${events} synthetic events (not cached; takes a while at ingest speed)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-ts-store-bench-build-'));
  try {
    const capture = path.join(dir, 'query.fcap');
    const written = writeCapture(capture, events);
    // Built under another name and renamed when complete, so an interrupted build is never reused.
    const partial = path.join(dir, 'query.db');
    const figures = { ...ingest(partial, capture, rules, events), captureBytes: written.bytes };
    for (const f of [file, `${file}-wal`, `${file}-shm`, infoFile]) fs.rmSync(f, { force: true });
    try {
      fs.renameSync(partial, file);
    } catch {
      fs.copyFileSync(partial, file);
    }
    const info: QueryDbInfo = {
      file, events, schemaVersion: SCHEMA_VERSION, dbBytes: fileBytes(file), builtAt: new Date().toISOString(), node: process.version,
      cpu: os.cpus()[0]?.model ?? 'cpu', enabledRules: rules.enabled, captureCodec: DEFAULT_CODEC, captureBytes: written.bytes,
      captureWriteSeconds: written.seconds, ingest: figures,
    };
    fs.writeFileSync(infoFile, `${JSON.stringify(info, null, 2)}\n`);
    return { ...info, reused: false };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface RunResult {
  results: number;
  value?: string;
  narrowed?: boolean;
}

/** One `falco-ts query DB ...`, without the printing: open, compile, plan, iterate, close. */
function queryOnce(file: string, q: QuerySpec): RunResult {
  const opened = openReadOnly(file);
  if (!opened.ok) throw new Error(`${opened.error.file}: ${opened.error.message}`);
  const db = opened.db;
  try {
    if (q.sql !== undefined) {
      const r = runReadOnlySql(db, q.sql, q.limit);
      if (!r.ok) throw new Error(`SQL error: ${r.message} in ${q.sql}`);
      const only = r.rows.length === 1 && r.columns.length === 1 ? String(r.rows[0]![r.columns[0]!]) : undefined;
      return { results: r.rows.length, ...(only === undefined ? {} : { value: only }) };
    }
    const compiled = compileQueryFilter(q.filter!, []);
    if (!compiled.ok) throw new Error(`filter error: ${compiled.problems[0]?.message ?? '?'} in ${q.filter}`);
    const plan = planQuery(compiled.ast, {});
    let n = 0;
    for (const _ctx of queryDatabase(db, plan, compiled.matches)) {
      if (++n === q.limit) break;
    }
    return { results: n, narrowed: plan.narrowed };
  } finally {
    db.close();
  }
}

function timeQuery(file: string, q: QuerySpec): QueryFigures {
  const ms: number[] = [];
  let last: RunResult | undefined;
  for (let i = 0; i < QUERY_RUNS; i++) {
    gc();
    const t0 = process.hrtime.bigint();
    const r = queryOnce(file, q);
    ms.push(seconds(t0) * 1000);
    if (last !== undefined && (r.results !== last.results || r.value !== last.value)) throw new Error(`${q.label}: ${r.results} results, before ${last.results}`);
    last = r;
  }
  const results = last!;
  if (q.expectResults && (results.results === 0 || results.value === '0')) throw new Error(`${q.label}: no results from ${q.filter ?? q.sql}; the workload should produce some`);
  if (q.checkSql !== undefined) {
    const opened = openReadOnly(file);
    if (!opened.ok) throw new Error(opened.error.message);
    const expected = (opened.db.prepare(q.checkSql).get() as { n: number }).n;
    opened.db.close();
    if (expected !== results.results) throw new Error(`${q.label}: the filter found ${results.results} events, SQL counts ${expected}`);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    label: q.label,
    query: q.filter ?? q.sql!,
    kind: q.sql !== undefined ? 'sql' : 'filter',
    limit: q.limit ?? null,
    results: results.results,
    ...(results.value === undefined ? {} : { value: results.value }),
    ...(results.narrowed === undefined ? {} : { narrowed: results.narrowed }),
    runs: QUERY_RUNS,
    medianMs: Number(sorted[Math.floor(sorted.length / 2)]!.toFixed(2)),
    maxMs: Number(sorted[sorted.length - 1]!.toFixed(2)),
    minMs: Number(sorted[0]!.toFixed(2)),
  };
}

export function storeBench(): StoreBenchResult | undefined {
  if (process.env.BENCH_STORE === '0') {
    console.log('\ncase database: skipped (BENCH_STORE=0)');
    return undefined;
  }
  const rules = bundledRules();

  // 1. Ingest into a fresh database.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-ts-store-bench-'));
  let ingestFigures: IngestFigures;
  try {
    const capture = path.join(dir, 'ingest.fcap');
    const written = writeCapture(capture, INGEST_EVENTS);
    ingestFigures = { ...ingest(path.join(dir, 'ingest.db'), capture, rules, INGEST_EVENTS), captureBytes: written.bytes };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\ncase database (falco-ts index / query DB; schema v${SCHEMA_VERSION}; bundled rules/: ${rules.enabled} enabled rules, rule_matching first)`);
  console.log(`ingest: ${ingestLine(ingestFigures)} (1 run, open to close)`);
  console.log(`ingest: database ${mib(ingestFigures.dbBytes)} = ${ingestFigures.dbBytesPerEvent.toFixed(1)} bytes/event (capture: ${DEFAULT_CODEC}, ${(ingestFigures.captureBytes / ingestFigures.events).toFixed(1)} bytes/event)`);

  // 2. Query latency on a large database, built once and cached.
  const queryDb = queryDatabaseFile(QUERY_EVENTS, rules);
  const how = queryDb.ingest.eventsPerSec > 0
    ? `built ${queryDb.builtAt} by node ${queryDb.node}: ${ingestLine(queryDb.ingest)}`
    : 'how it was built is unknown (no .json beside it)';
  console.log(`query database: ${queryDb.file}, ${queryDb.events} events, ${mib(queryDb.dbBytes)} = ${(queryDb.dbBytes / queryDb.events).toFixed(1)} bytes/event; ${queryDb.reused ? 'reused, ' : ''}${how}`);
  const queries = QUERIES.map((q) => timeQuery(queryDb.file, q));
  console.log(`query latency (open read-only + compile filter + plan + iterate results + close; median / max of ${QUERY_RUNS} runs; all results unless a limit is given)`);
  const shown = (q: QueryFigures): string => (q.kind === 'sql' ? `--sql "${q.query}"` : `"${q.query}"`) + (q.limit !== null ? ` --limit ${q.limit}` : '');
  const width = Math.max(...queries.map((q) => shown(q).length)) + 2;
  for (const q of queries) {
    const what = q.kind === 'sql'
      ? (q.value !== undefined ? `1 row: ${q.value}` : `${q.results} rows`)
      : `${q.results} events${q.narrowed ? '' : ' (NOT narrowed: full scan)'}`;
    console.log(`  ${shown(q).padEnd(width)}${q.medianMs.toFixed(1).padStart(7)} ms / ${q.maxMs.toFixed(1).padStart(7)} ms   ${what}`);
  }
  return { schemaVersion: SCHEMA_VERSION, enabledRules: rules.enabled, ingest: ingestFigures, queryDb, queries };
}
