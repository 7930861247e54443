// The CLI edge shared by all commands: one-line errors on stderr and exit
// codes. Library code returns error values; only commands turn them into
// output and a process status.
import { Command } from '@oclif/core';
import { ExitCode } from './exit-codes.js';

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

  protected printJson(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }
}
