import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../cli/base-command.js';
import { ExitCode } from '../cli/exit-codes.js';
import { parseDuration, parseSize } from '../cli/units.js';
import { checkProbe } from '../record/probe-binary.js';
import { record } from '../record/recorder.js';
import type { RecordSummary } from '../record/recorder.js';

export default class Record extends BaseCommand {
  static override summary = 'Record syscalls with the eBPF probe into a capture file.';
  static override description = `Loads the CO-RE eBPF probe, snapshots the processes, fds, users and groups of
the machine from /proc, and streams syscall events (one per syscall exit, with arguments and
return value) into FILE, created with mode 0600.

With a COMMAND after "--", runs it directly (no shell, arguments untouched), records its
process tree until it exits, and exits with its status. Without one, records the whole host
until a limit is reached or SIGINT/SIGTERM arrives. Stopping always drains the probe and
finalises the file (footer, drop counters); a summary goes to stderr.

Needs root (CAP_BPF, CAP_PERFMON), a kernel with BTF, and the native probe (npm run build:native).
Exit codes: the command's status (with a COMMAND) or 0; 2 usage or output file error; 4 the
probe is not built or cannot be loaded here.`;

  static override examples = [
    "<%= config.bin %> record -o shadow.fcap -- sh -c 'cat /etc/shadow > /dev/null'",
    '<%= config.bin %> record -o host.fcap --duration 30s --max-size 200M',
    '<%= config.bin %> record -o net.fcap --events connect,accept4,sendto --duration 1m',
  ];

  static override strict = false;

  static override flags = {
    output: Flags.string({ char: 'o', description: 'capture file to write', required: true }),
    duration: Flags.string({ description: 'stop after this long (500ms, 10s, 2m, 1h)' }),
    'max-events': Flags.integer({ description: 'stop after writing this many events', min: 1 }),
    'max-size': Flags.string({ description: 'stop once the file reaches this size (64K, 100M, 2G)' }),
    events: Flags.string({ description: 'comma-separated syscalls to record besides those state needs ("all": every syscall); default: every syscall with its own event type' }),
    snaplen: Flags.integer({ description: 'bytes of I/O data kept per read/write/send/recv event', default: 0, min: 0, max: 4095 }),
    'buffer-size': Flags.string({ description: 'kernel ring buffer size, a power of two (default 16M)' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Record);
    const command = (argv as string[]).length > 0 ? (argv as string[]) : undefined;
    const durationMs = this.parseOr(flags.duration, parseDuration);
    const maxBytes = this.parseOr(flags['max-size'], parseSize);
    const ringBytes = this.parseOr(flags['buffer-size'], parseSize);
    const probe = checkProbe();
    if (!probe.ok) this.fail(probe.reason, ExitCode.environment);
    const events = flags.events?.split(',').map((e) => e.trim()).filter(Boolean);
    const known = new Set([...probe.events, ...probe.generic, 'all']);
    const unknown = events?.filter((e) => !known.has(e)) ?? [];
    if (unknown.length > 0) this.fail(`--events: unknown syscall ${unknown.join(', ')} (event types: ${probe.events.join(', ')}; any other syscall of this machine is recorded as a generic event; "all" records every syscall)`, ExitCode.usage);

    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const result = await record({
      output: flags.output, probePath: probe.path, recorderVersion: `${this.config.name} ${this.config.version}`,
      command, durationMs, maxEvents: flags['max-events'], maxBytes, events, snaplen: flags.snaplen, ringBytes,
      signal: stop.signal,
    });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!result.ok) {
      if (result.error.partial) this.warnLine(describe(result.error.partial));
      this.fail(result.error.message, result.error.code === 'write' ? ExitCode.usage : ExitCode.environment);
    }
    this.warnLine(describe(result.summary));
    if (result.summary.commandExitCode !== null) this.exit(result.summary.commandExitCode);
  }

  private parseOr(text: string | undefined, parse: (t: string) => number | string): number | undefined {
    if (text === undefined) return undefined;
    const v = parse(text);
    if (typeof v === 'string') this.fail(v, ExitCode.usage);
    return v;
  }
}

function describe(s: RecordSummary): string {
  const c = s.counters;
  const drops = c === null ? 'drop counters unavailable'
    : `${c.dropsBuffer + c.dropsMaxEventSize + c.dropsScratch} dropped (buffer ${c.dropsBuffer}, too large ${c.dropsMaxEventSize}, scratch ${c.dropsScratch})`;
  const perEvent = s.eventsWritten > 0 ? (s.bytes / s.eventsWritten).toFixed(1) : '0';
  return `recorded ${s.eventsWritten} events, ${drops}, ${s.bytes} bytes (${perEvent} bytes/event) in ${(s.durationNs / 1e9).toFixed(2)} s to ${s.output} [stopped: ${s.stopReason}]`;
}
