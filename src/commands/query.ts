import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type { Interfaces } from '@oclif/core';
import { describeCaptureProblem } from '../capture/capture-error.js';
import { BaseCommand } from '../cli/base-command.js';
import { ExitCode } from '../cli/exit-codes.js';
import { filterCaptures } from '../engine/filter-captures.js';
import type { WindowBound } from '../engine/replay.js';
import { FILTER_SOURCE, compileQueryFilter } from '../engine/query-filter.js';
import { processTreeText, timelineText } from '../output/investigation-report.js';
import { DEFAULT_QUERY_FORMAT, QueryPrinter, sqlRowsText } from '../output/query-output.js';
import type { QueryStyle } from '../output/query-output.js';
import { formatProblem } from '../rules/rules-problem.js';
import type { CaseDb } from '../store/case-database.js';
import { isSqliteFile, openReadOnly } from '../store/case-database.js';
import { planQuery, queryDatabase } from '../store/db-query.js';
import { alertTimeline, processTree } from '../store/investigation-views.js';
import { runReadOnlySql } from '../store/sql-query.js';

export default class Query extends BaseCommand {
  static override summary = 'Ask a case database or a capture questions: Falco filters, SQL, process trees, alert timelines.';
  static override description = `TARGET is a case database made by "falco-ts index" or a capture file. FILTER is a Falco
condition (lists and macros of the -r files usable); the matching events are printed with
the -p template (sysdig's %field syntax; default "${DEFAULT_QUERY_FORMAT}"),
as one JSON object per line with --json, or as a table when stdout is a terminal.

On a database, the parts of FILTER on evt.type, proc.name, proc.pid and fd.name narrow the
rows SQLite reads through its indexes; the filter engine then decides every row on the
state stored with it, so the answer equals replaying FILTER over the capture.

--sql runs one statement on a read-only connection (statements that write are refused).
--tree PID draws the process tree around PID; --timeline lists the alerts in time order
with the process that raised each (both need a database).

Exit codes: 0 ok (also when nothing matches); 2 usage error, a filter error (with its
line and column), an SQL error (with the statement), a missing or unreadable TARGET, or a
database of another schema version; 3 damaged capture (what was recovered is searched).`;

  static override examples = [
    '<%= config.bin %> query case.db "evt.type = execve and proc.pname = sh"',
    '<%= config.bin %> query fixtures/intrusion.fcap "fd.name startswith /etc/" -p "%evt.time %proc.name %fd.name"',
    '<%= config.bin %> query case.db "open_write and container" -r falco_rules.yaml --json --limit 20',
    '<%= config.bin %> query case.db --sql "SELECT rule, count(*) FROM alerts GROUP BY rule"',
    '<%= config.bin %> query case.db --tree 4242',
    '<%= config.bin %> query case.db --timeline',
  ];

  static override args = {
    target: Args.string({ description: 'case database or capture file', required: true }),
    filter: Args.string({ description: 'Falco filter expression (default: every event)' }),
  };

  static override flags = {
    rules: Flags.string({ char: 'r', description: 'rules file or directory whose lists and macros FILTER may use (repeatable)', multiple: true }),
    format: Flags.string({ char: 'p', description: 'output template of %fields, as sysdig -p' }),
    json: Flags.boolean({ description: 'print one JSON object per line' }),
    limit: Flags.integer({ description: 'stop after this many results', min: 1 }),
    since: Flags.string({ description: 'only events from this time: ISO 8601 or +DURATION after the first event' }),
    until: Flags.string({ description: 'only events up to this time: ISO 8601 or +DURATION after the first event' }),
    sql: Flags.string({ description: 'run this SQL statement (read-only) on the database instead of a filter', exclusive: ['tree', 'timeline', 'format'] }),
    tree: Flags.integer({ description: 'draw the process tree around this pid (database only)', exclusive: ['sql', 'timeline'] }),
    timeline: Flags.boolean({ description: 'list the alerts in time order with their processes (database only)', exclusive: ['sql', 'tree'] }),
  };

  private get style(): QueryStyle {
    return process.stdout.isTTY ? 'table' : 'text';
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Query);
    const viewsOnly = flags.sql !== undefined || flags.tree !== undefined || flags.timeline;
    if (viewsOnly && args.filter !== undefined) this.fail('a FILTER cannot be combined with --sql, --tree or --timeline', ExitCode.usage);
    const isDb = isSqliteFile(args.target);
    if (viewsOnly && !isDb) this.fail(`${args.target}: --sql, --tree and --timeline need a case database (make one with falco-ts index)`, ExitCode.usage);
    if (isDb) this.runOnDatabase(args.target, args.filter, flags);
    else this.runOnCapture(args.target, args.filter ?? '', flags);
  }

  private openDb(file: string): CaseDb {
    const opened = openReadOnly(file);
    if (!opened.ok) this.fail(`${opened.error.file}: ${opened.error.message}`, ExitCode.usage);
    return opened.db;
  }

  private runOnDatabase(file: string, filter: string | undefined, flags: QueryFlags): void {
    const db = this.openDb(file);
    try {
      if (flags.sql !== undefined) return this.printSql(db, flags.sql, flags);
      if (flags.tree !== undefined) {
        const tree = processTree(db, flags.tree);
        if (tree === undefined) this.fail(`${file}: no process with pid ${flags.tree}`, ExitCode.usage);
        process.stdout.write(processTreeText(tree));
        return;
      }
      if (flags.timeline) {
        process.stdout.write(timelineText(alertTimeline(db, flags.limit), flags.json ? 'json' : this.style, this.colorStdout));
        return;
      }
      const compiled = this.compile(filter ?? '', flags);
      const printer = this.printer(flags);
      const plan = planQuery(compiled.ast, this.dbWindow(db, flags));
      let n = 0;
      for (const ctx of queryDatabase(db, plan, compiled.matches)) {
        this.emit(printer, printer.line(ctx));
        if (flags.limit !== undefined && ++n >= flags.limit) break;
      }
      process.stdout.write(printer.table(this.colorStdout));
    } finally {
      db.close();
    }
  }

  private runOnCapture(file: string, filter: string, flags: QueryFlags): void {
    const compiled = this.compile(filter, flags);
    const printer = this.printer(flags);
    let n = 0;
    const result = filterCaptures([file], compiled, {
      onMatch: (ctx) => {
        this.emit(printer, printer.line(ctx));
        return flags.limit === undefined || ++n < flags.limit;
      },
    }, { since: this.timeBound('--since', flags.since), until: this.timeBound('--until', flags.until) });
    if (!result.ok) this.fail(describeCaptureProblem(result.error), result.error.code === 'bad-header' ? ExitCode.damaged : ExitCode.usage);
    process.stdout.write(printer.table(this.colorStdout));
    for (const d of result.summary.damage) this.warnLine(describeCaptureProblem(d));
    if (result.summary.damage.length > 0) this.finish(ExitCode.damaged);
  }

  private emit(printer: QueryPrinter, line: string | undefined): void {
    if (line !== undefined) process.stdout.write(`${line}\n`);
  }

  private compile(filter: string, flags: QueryFlags): Extract<ReturnType<typeof compileQueryFilter>, { ok: true }> {
    const compiled = compileQueryFilter(filter.trim() === '' ? 'evt.num > 0' : filter, flags.rules ?? []);
    if (!compiled.ok) {
      // The filter's own problems as file:line:col of the filter text; problems in -r files as rules problems.
      for (const p of compiled.problems) this.warnLine(p.at.file === FILTER_SOURCE ? `filter:${p.at.line}:${p.at.col}: ${p.message}` : formatProblem(p));
      this.exit(ExitCode.usage);
    }
    return compiled;
  }

  private printer(flags: QueryFlags): QueryPrinter {
    const p = QueryPrinter.create(flags.format ?? DEFAULT_QUERY_FORMAT, flags.json ? 'json' : this.style);
    if (typeof p === 'string') this.fail(`-p: ${p}`, ExitCode.usage);
    return p;
  }

  private printSql(db: CaseDb, sql: string, flags: QueryFlags): void {
    const r = runReadOnlySql(db, sql, flags.limit);
    if (!r.ok) this.fail(`SQL error: ${r.message}\n  in: ${sql}`, ExitCode.usage);
    process.stdout.write(sqlRowsText(r.columns, r.rows, flags.json ? 'json' : 'table', this.colorStdout));
  }

  /** Window bounds as epoch ns; +DURATION counts from the database's first event. */
  private dbWindow(db: CaseDb, flags: QueryFlags): { since?: bigint; until?: bigint } {
    const first = (db.prepare('SELECT min(first_ts) AS t FROM captures').safeIntegers(true).get() as { t: bigint | null }).t ?? 0n;
    const epoch = (b: WindowBound | undefined): bigint | undefined =>
      b === undefined ? undefined : 'epochNs' in b ? b.epochNs : first + BigInt(Math.round(b.afterFirstNs));
    return { since: epoch(this.timeBound('--since', flags.since)), until: epoch(this.timeBound('--until', flags.until)) };
  }
}

type QueryFlags = Interfaces.InferredFlags<typeof Query.flags>;
