import * as Args from '@oclif/core/args';
import { BaseCommand } from '../../cli/base-command.js';
import { ExitCode } from '../../cli/exit-codes.js';
import { loadRules } from '../../engine/load-rules.js';
import { renderValidation } from '../../output/rules-report.js';

export default class RulesValidate extends BaseCommand {
  static override summary = 'Check Falco rules files, like falco -V.';
  static override description = `Loads the rules files in order (directories contribute their .yaml/.yml files, sorted),
as Falco stacks several -r options, and checks everything Falco checks: YAML structure, items
and keys, list/macro/rule definitions, append and override, exceptions, conditions (syntax,
fields, operators, values, macros, event types) and outputs.

Prints "FILE: Ok", "FILE: Ok, with warnings" or "FILE: Invalid" per file, then every error
and warning, each as FILE:LINE:COL: severity: message (item) [CODE].

Exit codes: 0 clean; 1 warnings only; 2 errors (or a file that cannot be read).`;

  static override examples = ['<%= config.bin %> rules validate rules/', '<%= config.bin %> rules validate falco_rules.yaml my_rules.yaml'];

  static override strict = false;

  static override args = {
    files: Args.string({ description: 'rules files or directories, loaded in order', required: true }),
  };

  async run(): Promise<void> {
    const { argv } = await this.parse(RulesValidate);
    const result = loadRules(argv as string[]);
    process.stdout.write(renderValidation(result));
    if (result.problems.some((p) => p.severity === 'error')) this.finish(ExitCode.usage);
    else if (result.problems.length > 0) this.finish(ExitCode.differences);
  }
}
