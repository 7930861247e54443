// The CLI edge shared by all commands: one-line errors on stderr and exit
// codes. Library code returns error values; only commands turn them into
// output and a process status.
import path from 'node:path';
import { Command } from '@oclif/core/command';
import { loadRules } from '../engine/load-rules.js';
import type { WindowBound } from '../engine/replay.js';
import type { LoadedRule } from '../rules/rules-compiler.js';
import { selectRules } from '../rules/rule-selection.js';
import type { RuleSelection } from '../rules/rule-selection.js';
import { formatProblem } from '../rules/rules-problem.js';
import { ExitCode } from './exit-codes.js';
import { parseTimeBound } from './time-bounds.js';

export abstract class BaseCommand extends Command {
  /** Whether stdout should get colour: a TTY, and NO_COLOR unset (https://no-color.org). */
  protected get colorStdout(): boolean {
    return Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env);
  }

  /** Prints `falco-ts: message` on stderr. */
  protected warnLine(message: string): void {
    process.stderr.write(`falco-ts: ${message}\n`);
  }

  /** Prints a one-line error and exits with `code`. */
  protected fail(message: string, code: number = ExitCode.usage): never {
    this.warnLine(message);
    this.exit(code);
  }

  /**
   * Ends the command with `code` once everything written has reached stdout and stderr.
   * oclif's exit() ends the process at once, which cuts a large output going to a pipe
   * (a `diff --json | jq` in CI); use this after printing results.
   */
  protected finish(code: number): void {
    process.exitCode = code;
  }

  /** The bundled default rules (the package's rules/ directory). */
  protected get bundledRules(): string[] {
    return [path.join(this.config.root, 'rules')];
  }

  /** Loads rules files and applies the selection; every rules error is printed, then exit 2. */
  protected selectedRules(paths: readonly string[], selection: RuleSelection = {}): LoadedRule[] {
    const loaded = loadRules(paths);
    const errors = loaded.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      for (const p of errors) this.warnLine(formatProblem(p));
      this.exit(ExitCode.usage);
    }
    const selected = selectRules(loaded.rules, selection);
    if (typeof selected === 'string') this.fail(selected, ExitCode.usage);
    return selected;
  }

  /** A --since/--until value (ISO 8601 or +DURATION), or exit 2 saying why it is not one. */
  protected timeBound(flag: string, text: string | undefined): WindowBound | undefined {
    if (text === undefined) return undefined;
    const b = parseTimeBound(flag, text);
    if (typeof b === 'string') this.fail(b, ExitCode.usage);
    return b;
  }

  protected printJson(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }
}
