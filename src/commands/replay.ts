import fs from 'node:fs';
import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { describeCaptureProblem } from '../capture/capture-error.js';
import { BaseCommand } from '../cli/base-command.js';
import { ExitCode } from '../cli/exit-codes.js';
import { replayCaptures } from '../engine/replay.js';
import { compareGolden, goldenAlert, goldenCounts, goldenText, parseGolden } from '../output/golden-file.js';
import type { Golden, GoldenAlert } from '../output/golden-file.js';
import { alertJson, alertText, dropText, summaryTable, summaryText } from '../output/falco-alerts.js';
import { ProgressLine } from '../cli/progress-line.js';

export default class Replay extends BaseCommand {
  static override summary = 'Run Falco rules over recordings and print alerts and the summary as Falco does.';
  static override description = `Replays FILE (several files: merged in timestamp order, one state) through the state engine and the rules loaded from -r (files or directories,
in order, as Falco stacks them; without -r, the bundled default rules in rules/). Each alert is printed as Falco prints it:
"HH:MM:SS.nnnnnnnnn: Priority output" (local time of day), or one JSON object per line with
--json. At the end, Falco's summary ("Events detected", "Rule counts by severity",
"Triggered rules by rule name") goes to stdout and the drop block to stderr.

--expect GOLDEN compares the alerts (time, rule, priority, output) and per-rule counts with a
golden file and prints a unified diff on stderr when they differ; --update-expect writes it
instead (format: docs/golden-files.md). Progress goes to stderr when it is a terminal.

Exit codes: 0 ok; 1 golden mismatch; 2 usage or rules error (or an unreadable FILE or golden
file); 3 damaged capture (what was recovered is still replayed, summarised and compared; 3 wins over 1).`;

  static override examples = ['<%= config.bin %> replay fixtures/demo.fcap', '<%= config.bin %> replay fixtures/demo.fcap -r falco_rules.yaml', '<%= config.bin %> replay case.fcap -r rules/ --json --rule-matching all',
    '<%= config.bin %> replay part-1.fcap part-2.fcap --expect case.golden',
    '<%= config.bin %> replay case.fcap -r my_rules.yaml --expect case.golden --update-expect'];

  // Several FILE arguments: oclif collects the extra ones in argv.
  static override strict = false;

  static override args = {
    file: Args.string({ description: 'capture file to replay (more may follow)', required: true }),
  };

  static override flags = {
    rules: Flags.string({ char: 'r', description: 'rules file or directory (repeatable, loaded in order); default: the bundled rules/', multiple: true }),
    json: Flags.boolean({ description: 'print alerts as JSON objects, one per line' }),
    'rule-matching': Flags.string({ description: 'report the first matching rule of an event, or all of them', options: ['first', 'all'], default: 'first' }),
    summary: Flags.string({ description: 'summary at the end: Falco\'s block, a table (colour on a TTY, NO_COLOR honoured), or none', options: ['falco', 'table', 'none'], default: 'falco' }),
    'min-priority': Flags.string({ description: 'drop rules less severe than this priority (emergency ... debug)' }),
    'enable-rule': Flags.string({ description: 'enable rules whose name matches (wildcard *; repeatable)', multiple: true }),
    'disable-rule': Flags.string({ description: 'disable rules whose name matches (wildcard *; repeatable; wins over enables)', multiple: true }),
    'enable-tag': Flags.string({ description: 'enable rules with this tag (repeatable)', multiple: true }),
    'disable-tag': Flags.string({ description: 'disable rules with this tag (repeatable; wins over enables)', multiple: true }),
    'time-format': Flags.string({ description: 'time prefix of text alerts: Falco\'s local time of day, or ISO 8601 (UTC)', options: ['default', 'iso8601'], default: 'default' }),
    since: Flags.string({ description: 'evaluate rules from this time: ISO 8601 (2026-01-01T00:00:01Z) or +DURATION after the first event (+1.5s, +200ms)' }),
    until: Flags.string({ description: 'stop after this time: ISO 8601 or +DURATION after the first event' }),
    output: Flags.string({ char: 'o', description: 'write alerts to this file instead of stdout (the summary still goes to stdout)' }),
    hostname: Flags.string({ description: 'hostname in JSON alerts (default: FALCO_HOSTNAME, else the host the capture was recorded on)' }),
    expect: Flags.string({ description: 'golden file: compare alerts and per-rule counts with it, exit 1 with a diff when they differ' }),
    'update-expect': Flags.boolean({ description: 'write the --expect golden file from this replay instead of comparing', dependsOn: ['expect'] }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Replay);
    const files = argv as string[];
    const expected = flags.expect !== undefined && !flags['update-expect'] ? this.readGolden(flags.expect) : undefined;
    const selected = this.selectedRules(flags.rules ?? this.bundledRules, {
      minPriority: flags['min-priority'], enableRules: flags['enable-rule'], disableRules: flags['disable-rule'],
      enableTags: flags['enable-tag'], disableTags: flags['disable-tag'],
    });
    const iso = flags['time-format'] === 'iso8601';
    const window = { since: this.timeBound('--since', flags.since), until: this.timeBound('--until', flags.until) };
    let sink: number;
    try {
      sink = flags.output === undefined ? 1 : fs.openSync(flags.output, 'w');
    } catch (err) {
      this.fail(`${flags.output}: cannot write: ${(err as Error).message}`, ExitCode.usage);
    }

    let timeBase = 0n;
    let hostname = '';
    const out: string[] = [];
    const golden: GoldenAlert[] | undefined = flags.expect === undefined ? undefined : [];
    const progress = process.stderr.isTTY ? new ProgressLine() : undefined;
    const write = (text: string): void => {
      if (sink !== 1) fs.writeSync(sink, text);
      else {
        progress?.clear();
        process.stdout.write(text);
      }
    };
    const result = replayCaptures(files, selected, flags['rule-matching'] as 'first' | 'all', {
      onStart: (c) => {
        timeBase = c.timeBaseNs;
        // As Falco: FALCO_HOSTNAME wins; otherwise the host the capture was recorded on.
        hostname = flags.hostname ?? process.env.FALCO_HOSTNAME ?? c.hostname;
        progress?.start(c.expectedEvents);
      },
      onAlert: (a) => {
        out.push(flags.json ? alertJson(a, timeBase, hostname, iso) : alertText(a, timeBase, iso));
        golden?.push(goldenAlert(a, timeBase));
        if (out.length >= 256) write(`${out.splice(0).join('\n')}\n`);
      },
      onProgress: progress === undefined ? undefined : (n) => progress.update(n),
    }, window);
    progress?.clear();
    if (!result.ok) this.fail(describeCaptureProblem(result.error), result.error.code === 'bad-header' ? ExitCode.damaged : ExitCode.usage);
    if (out.length > 0) write(`${out.join('\n')}\n`);
    if (sink !== 1) fs.closeSync(sink);
    const s = result.summary;
    for (const p of s.problems) this.warnLine(`rule '${p.rule}': ${p.message}`);
    if (flags.summary !== 'none') {
      process.stdout.write(flags.summary === 'table' ? summaryTable(s, this.colorStdout) : summaryText(s));
      process.stderr.write(dropText(s.stats?.drops ?? 0));
    }
    for (const d of s.damage) this.warnLine(describeCaptureProblem(d));
    const mismatch = golden !== undefined && !this.settleGolden(flags.expect!, expected, { counts: goldenCounts(s), alerts: golden });
    if (s.damage.length > 0) this.finish(ExitCode.damaged);
    else if (mismatch) this.finish(ExitCode.differences);
  }

  private readGolden(file: string): Golden {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      this.fail(`${file}: cannot read golden file: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (write it with --update-expect)' : (err as Error).message}`, ExitCode.usage);
    }
    const g = parseGolden(text);
    if ('line' in g) this.fail(`${file}:${g.line}: ${g.message}`, ExitCode.usage);
    return g;
  }

  /** Writes the golden file (--update-expect) or compares with it; false on a mismatch. */
  private settleGolden(file: string, expected: Golden | undefined, actual: Golden): boolean {
    if (expected === undefined) {
      try {
        fs.writeFileSync(file, goldenText(actual));
      } catch (err) {
        this.fail(`${file}: cannot write golden file: ${(err as Error).message}`, ExitCode.usage);
      }
      this.warnLine(`${file}: golden file written (${actual.alerts.length} alerts, ${actual.counts.length} rules)`);
      return true;
    }
    const c = compareGolden(expected, actual);
    if (c.same) return true;
    this.warnLine(`${file}: golden mismatch: ${c.headline}`);
    process.stderr.write(`--- ${file} (expected)\n+++ this replay\n${c.diff.map((l) => `${l}\n`).join('')}`);
    return false;
  }

}
