import fs from 'node:fs';
import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { describeCaptureProblem } from '../../capture/capture-error.js';
import { BaseCommand } from '../../cli/base-command.js';
import { ExitCode } from '../../cli/exit-codes.js';
import { ProgressLine } from '../../cli/progress-line.js';
import { openForIndexing } from '../../store/case-database.js';
import { indexCaptures } from '../../store/indexer.js';

export default class Index extends BaseCommand {
  static override summary = 'Index recordings into a SQLite case database: events, processes, fds and alerts.';
  static override description = `Replays FILE (several files: merged in time order, one state, as replay does) with the
rules from -r (default: the bundled rules/) and writes into DB, created with mode 0600:
every event (type, time, process, fd and parameters), every version of each thread and fd
(so that query answers Falco filters exactly as a replay would), processes with their
lineage and lifetimes, fds and connections, users and containers, and the alerts.
The schema is documented in docs/index-schema.md. Indexing the same captures again replaces
their earlier rows, so nothing is counted twice; other captures in DB are kept.

Exit codes: 0 indexed; 2 usage or rules error, a missing or unreadable FILE, or a DB that is
not a falco-ts database of this schema version; 3 damaged capture (what was recovered is
indexed, and the damage is named on stderr).`;

  static override examples = [
    '<%= config.bin %> index fixtures/intrusion.fcap -o case.db',
    '<%= config.bin %> index part-1.fcap part-2.fcap -o case.db -r falco_rules.yaml',
  ];

  static override strict = false;

  static override args = {
    file: Args.string({ description: 'capture file to index (more may follow)', required: true }),
  };

  static override flags = {
    output: Flags.string({ char: 'o', description: 'the case database to write (created 0600 if absent)', required: true }),
    rules: Flags.string({ char: 'r', description: 'rules file or directory for the alerts (repeatable); default: the bundled rules/', multiple: true }),
    'rule-matching': Flags.string({ description: 'record the first matching rule of an event, or all of them', options: ['first', 'all'], default: 'first' }),
    'min-priority': Flags.string({ description: 'drop rules less severe than this priority' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Index);
    const files = argv as string[];
    const ruleFiles = flags.rules ?? this.bundledRules;
    const selected = this.selectedRules(ruleFiles, { minPriority: flags['min-priority'] });
    const missing = files.find((f) => !fs.existsSync(f));
    if (missing !== undefined) this.fail(`${missing}: no such file`, ExitCode.usage);
    const opened = openForIndexing(flags.output);
    if (!opened.ok) this.fail(`${opened.error.file}: ${opened.error.message}`, ExitCode.usage);
    const progress = process.stderr.isTTY ? new ProgressLine() : undefined;
    const started = Date.now();
    const result = indexCaptures(opened.db, files, {
      rules: selected, ruleFiles, matching: flags['rule-matching'] as 'first' | 'all',
      onStart: (n) => progress?.start(n),
      onProgress: progress === undefined ? undefined : (n) => progress.update(n),
    });
    progress?.clear();
    opened.db.close();
    if (!result.ok) this.fail(describeCaptureProblem(result.error), result.error.code === 'bad-header' ? ExitCode.damaged : ExitCode.usage);
    const s = result.summary;
    const alerts = s.replay.counts.reduce((n, c) => n + c.count, 0);
    const seconds = (Date.now() - started) / 1000;
    this.warnLine(`indexed ${s.replay.events} events and ${alerts} alerts from ${files.join(', ')} into ${flags.output} in ${seconds.toFixed(2)} s${s.replaced ? ' (replacing the earlier index of the same captures)' : ''}`);
    for (const d of s.damage) this.warnLine(describeCaptureProblem(d));
    if (s.damage.length > 0) this.finish(ExitCode.damaged);
  }
}
