import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../cli/base-command.js';
import { ExitCode } from '../../cli/exit-codes.js';
import { loadRules } from '../../engine/load-rules.js';
import { renderRulesTable, ruleJson } from '../../output/rules-report.js';
import { formatProblem } from '../../rules/rules-problem.js';

export default class RulesList extends BaseCommand {
  static override summary = 'List the rules of Falco rules files, like falco -L.';
  static override description = `Loads the rules files in order, as "rules validate" does, and lists every rule: name,
priority, enabled flag, event types it can match, tags, source, and the file and line it was
defined at. Problems go to stderr; errors make the exit code 2.`;

  static override examples = ['<%= config.bin %> rules list rules/', '<%= config.bin %> rules list --json falco_rules.yaml'];

  static override strict = false;

  static override args = {
    files: Args.string({ description: 'rules files or directories, loaded in order', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ description: 'print a JSON array of rules' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(RulesList);
    const result = loadRules(argv as string[]);
    for (const p of result.problems) this.warnLine(formatProblem(p));
    if (flags.json) this.printJson(result.rules.map(ruleJson));
    else process.stdout.write(renderRulesTable(result.rules, this.colorStdout));
    if (result.problems.some((p) => p.severity === 'error')) this.finish(ExitCode.usage);
  }
}
