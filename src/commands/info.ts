import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { describeCaptureProblem } from '../capture/capture-error.js';
import { summarizeCapture } from '../capture/capture-summary.js';
import { BaseCommand } from '../cli/base-command.js';
import { ExitCode } from '../cli/exit-codes.js';
import { dbInfoJson, renderDbInfoText } from '../output/db-info-report.js';
import { infoJson, renderInfoText } from '../output/info-report.js';
import { isSqliteFile, openReadOnly } from '../store/case-database.js';
import { summarizeDatabase } from '../store/db-summary.js';

export default class Info extends BaseCommand {
  static override summary = 'Describe a capture (header, time range, events by type, drops, integrity) or a case database.';
  static override description = `Reads every block of FILE, checking each one's CRC, and prints the recording's header
(host, kernel, recorder, options), its time range, event counts by type, state sizes,
the recorder's drop counters and the file's integrity.

Given a case database made by "falco-ts index", prints its captures, counts of events by
type, processes and fds, and its alerts in the shape of Falco's summary.

Exit codes: 0 intact; 2 not readable as a capture (missing, not a capture, unsupported
version); 3 damaged (what was recovered is still described, and each damage is named with
its byte offset on stderr).`;

  static override examples = ['<%= config.bin %> info fixtures/demo.fcap', '<%= config.bin %> info --json case.fcap'];

  static override args = {
    file: Args.string({ description: 'capture file or case database to describe', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ description: 'print one JSON document instead of text' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Info);
    if (isSqliteFile(args.file)) return this.describeDatabase(args.file, flags.json);
    const result = summarizeCapture(args.file);
    if (!result.ok) {
      this.fail(describeCaptureProblem(result.error), result.error.code === 'bad-header' ? ExitCode.damaged : ExitCode.usage);
    }
    const summary = result.summary;
    if (flags.json) this.printJson(infoJson(summary));
    else process.stdout.write(renderInfoText(summary, this.colorStdout));
    for (const d of summary.damage) this.warnLine(describeCaptureProblem(d));
    if (summary.damage.length > 0 || summary.footerConsistent === false) this.finish(ExitCode.damaged);
  }

  private describeDatabase(file: string, json: boolean): void {
    const opened = openReadOnly(file);
    if (!opened.ok) this.fail(`${opened.error.file}: ${opened.error.message}`, ExitCode.usage);
    const summary = summarizeDatabase(opened.db);
    opened.db.close();
    if (json) this.printJson(dbInfoJson(file, summary));
    else process.stdout.write(renderDbInfoText(file, summary, this.colorStdout));
  }
}
