import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type { Interfaces } from '@oclif/core';
import { describeCaptureProblem } from '../capture/capture-error.js';
import type { CaptureError } from '../capture/capture-error.js';
import { BaseCommand } from '../cli/base-command.js';
import { ExitCode } from '../cli/exit-codes.js';
import { AlertIdentity } from '../diff/alert-key.js';
import { compareProfiles } from '../diff/compare.js';
import { profileSide } from '../diff/side-profile.js';
import type { SideProfile } from '../diff/side-profile.js';
import { diffJson, diffMarkdown, diffText } from '../output/diff-report.js';
import type { LoadedRule } from '../rules/rules-compiler.js';

export default class Diff extends BaseCommand {
  static override summary = 'Compare two recordings (or databases) under the same rules, or two rule sets on one recording.';
  static override description = `With A and B (captures, or case databases made by "falco-ts index"), both are run through
the same rules (-r; default: the bundled rules/) with replay's options. With one CAPTURE and
--rules-a/--rules-b, the capture is run through each rule set.

Three sections: rules whose alert counts differ (--all: every rule that fired); alerts only
in A or only in B, matched on rule and output fields with volatile fields left out (times,
pids/tids, fd numbers, ephemeral ports, container ids, ...; --ignore adds fields), with how
many more times each was raised; behaviour that is rule-independent (executables, command
lines, files written, sensitive files read, outbound and listening endpoints, users,
containers) present on one side only. Text by default (tables on a terminal), --json
(docs/diff-format.md) or --markdown.

Exit codes: 0 no difference; 1 differences found; 2 usage or rules error, or an unreadable
input; 3 damaged capture (what was recovered is still compared).`;

  static override examples = [
    '<%= config.bin %> diff last-week.fcap today.fcap',
    '<%= config.bin %> diff case.fcap --rules-a rules/ --rules-b my_rules/ --markdown >> "$GITHUB_STEP_SUMMARY"',
    '<%= config.bin %> diff base.db suspect.db -r falco_rules.yaml --json',
  ];

  static override strict = false;

  static override args = {
    a: Args.string({ description: 'recording or case database A (or the one CAPTURE with --rules-a/--rules-b)', required: true }),
    b: Args.string({ description: 'recording or case database B' }),
  };

  static override flags = {
    rules: Flags.string({ char: 'r', description: 'rules for both sides (repeatable); default: the bundled rules/', multiple: true, exclusive: ['rules-a', 'rules-b'] }),
    'rules-a': Flags.string({ description: 'rules of side A, with one CAPTURE (repeatable)', multiple: true, dependsOn: ['rules-b'] }),
    'rules-b': Flags.string({ description: 'rules of side B, with one CAPTURE (repeatable)', multiple: true, dependsOn: ['rules-a'] }),
    'rule-matching': Flags.string({ description: 'count the first matching rule of an event, or all of them', options: ['first', 'all'], default: 'first' }),
    'min-priority': Flags.string({ description: 'leave out rules less severe than this priority' }),
    'enable-rule': Flags.string({ description: 'enable rules whose name matches (wildcard *; repeatable)', multiple: true }),
    'disable-rule': Flags.string({ description: 'disable rules whose name matches (repeatable)', multiple: true }),
    'enable-tag': Flags.string({ description: 'enable rules with this tag (repeatable)', multiple: true }),
    'disable-tag': Flags.string({ description: 'disable rules with this tag (repeatable)', multiple: true }),
    all: Flags.boolean({ description: 'list every rule that fired on either side, not only those whose counts differ' }),
    ignore: Flags.string({ description: 'also leave this output field out when matching alerts (repeatable)', multiple: true }),
    json: Flags.boolean({ description: 'print one JSON document', exclusive: ['markdown'] }),
    markdown: Flags.boolean({ description: 'print Markdown (pull-request comment, CI job summary)', exclusive: ['json'] }),
  };

  async run(): Promise<void> {
    const { args, argv, flags } = await this.parse(Diff);
    if (argv.length > 2) this.fail(`diff takes two inputs (A B) or one CAPTURE with --rules-a/--rules-b, got ${argv.length}`, ExitCode.usage);
    const twoRuleSets = flags['rules-a'] !== undefined;
    if (twoRuleSets && args.b !== undefined) this.fail('--rules-a/--rules-b compare two rule sets on ONE capture: give one input', ExitCode.usage);
    if (!twoRuleSets && args.b === undefined) this.fail('give two inputs A B, or one CAPTURE with --rules-a and --rules-b', ExitCode.usage);
    const bundled = this.bundledRules;
    const rulesA = this.rules(flags['rules-a'] ?? flags.rules ?? bundled, flags);
    const rulesB = twoRuleSets ? this.rules(flags['rules-b']!, flags) : rulesA;
    const identity = new AlertIdentity(flags.ignore ?? []);
    const matching = flags['rule-matching'] as 'first' | 'all';
    const a = this.side([args.a], rulesA, matching, identity);
    const b = this.side([args.b ?? args.a], rulesB, matching, identity);
    if (twoRuleSets) {
      a.label = `${args.a} with ${flags['rules-a']!.join(', ')}`;
      b.label = `${args.a} with ${flags['rules-b']!.join(', ')}`;
    }
    const result = compareProfiles(a, b, { all: flags.all });
    const sides = { a, b };
    if (flags.json) this.printJson(diffJson(sides, result));
    else if (flags.markdown) process.stdout.write(diffMarkdown(sides, result));
    else process.stdout.write(diffText(sides, result, Boolean(process.stdout.isTTY), this.colorStdout));
    const damage = [...a.damage, ...b.damage];
    for (const d of damage) this.warnLine(describeCaptureProblem(d));
    if (damage.length > 0) this.finish(ExitCode.damaged);
    else if (result.differs) this.finish(ExitCode.differences);
  }

  private rules(paths: readonly string[], flags: Interfaces.InferredFlags<typeof Diff.flags>): LoadedRule[] {
    return this.selectedRules(paths, {
      minPriority: flags['min-priority'], enableRules: flags['enable-rule'], disableRules: flags['disable-rule'],
      enableTags: flags['enable-tag'], disableTags: flags['disable-tag'],
    });
  }

  private side(inputs: string[], rules: readonly LoadedRule[], matching: 'first' | 'all', identity: AlertIdentity): SideProfile {
    const r = profileSide(inputs, { rules, matching, identity });
    if (r.ok) return r.profile;
    const e = r.error;
    this.fail('code' in e ? describeCaptureProblem(e as CaptureError) : `${e.file}: ${e.message}`, 'code' in e && e.code === 'bad-header' ? ExitCode.damaged : ExitCode.usage);
  }
}
