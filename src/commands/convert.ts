import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { describeCaptureProblem } from '../capture/capture-error.js';
import { convertToNative, convertToScap } from '../capture/convert.js';
import { openRecording } from '../capture/recording-reader.js';
import type { ConvertResult } from '../capture/convert.js';
import type { CodecName } from '../capture/model.js';
import { BaseCommand } from '../cli/base-command.js';
import { ExitCode } from '../cli/exit-codes.js';

export default class Convert extends BaseCommand {
  static override summary = 'Convert a recording between the falco-ts format and sysdig/Falco .scap.';
  static override description = `Reads IN (a falco-ts capture, or a .scap file raw or gzip'd: told apart by content) and
writes OUT in the --format asked for (default: the other one). A .scap's old event layouts are
written in the current ones, as the readers present them. A .scap written from a recording
holds its first snapshot as process, fd, user and group lists, then every event (exit-only,
as current Falco reads them); --sysdig-compat writes the layout sysdig 0.29 (2022 libs)
understands instead (enter events rebuilt before exits; dup2/dup3, pipe2 and signalfd4 written as
the 2022 dup, pipe and signalfd; other newer event codes left out). A summary
with both sizes goes to stderr.

Exit codes: 0 converted; 2 usage error or unreadable IN; 3 damaged IN (what was recovered is
converted, and the damage is named).`;

  static override examples = [
    '<%= config.bin %> convert falco_cat_write.scap -o cat_write.fcap',
    '<%= config.bin %> convert case.fcap -o case.scap --format scap',
  ];

  static override args = {
    input: Args.string({ description: 'recording to convert (falco-ts or .scap)', required: true }),
  };

  static override flags = {
    output: Flags.string({ char: 'o', description: 'file to write', required: true }),
    format: Flags.string({ description: 'format of OUT (default: the other format than IN\'s)', options: ['native', 'scap'] }),
    'sysdig-compat': Flags.boolean({ description: 'write a .scap in the layout sysdig 0.29 (2022 libs) understands' }),
    codec: Flags.string({ description: 'block codec of a falco-ts OUT', options: ['none', 'deflate', 'brotli'] }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Convert);
    const probe = openRecording(args.input);
    if (!probe.ok) this.fail(describeCaptureProblem(probe.error), probe.error.code === 'bad-header' ? ExitCode.damaged : ExitCode.usage);
    const from = probe.reader.formatName;
    probe.reader.close();
    const format = flags.format ?? (from === 'falco-ts' ? 'scap' : 'native');
    const result: ConvertResult = format === 'scap'
      ? convertToScap(args.input, flags.output, flags['sysdig-compat'])
      : convertToNative(args.input, flags.output, flags.codec as CodecName | undefined);
    if (!result.ok) this.fail(describeCaptureProblem(result.error), result.error.code === 'bad-header' ? ExitCode.damaged : ExitCode.usage);
    const s = result.summary;
    const ratio = s.outBytes / Math.max(1, s.inBytes);
    const skipped = s.skipped > 0 ? `; ${s.skipped} events sysdig 0.29 cannot hold left out` : '';
    this.warnLine(`converted ${s.events} events from ${args.input} (${from}, ${s.inBytes} bytes) to ${flags.output} (${format}, ${s.outBytes} bytes): ${ratio.toFixed(2)}× the size${skipped}`);
    for (const d of s.damage) this.warnLine(describeCaptureProblem(d));
    if (s.damage.length > 0) this.finish(ExitCode.damaged);
  }
}
