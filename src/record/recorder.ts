// Runs a recording: the native probe helper streams events, this module takes
// a /proc snapshot once the probe is attached, and writes both into a capture
// with bounded memory. Stopping (limit, signal, command exit) always drains the
// probe and finalises the file with its counters.
import { spawn } from 'node:child_process';
import os from 'node:os';
import type { Readable } from 'node:stream';
import { CaptureWriteError } from '../capture/capture-error.js';
import type { CaptureStats, CapturedEvent } from '../capture/model.js';
import { CaptureWriter } from '../capture/writer.js';
import { readProcSnapshot } from './proc-snapshot.js';
import { ProbeStreamParser } from './probe-stream.js';
import type { ProbeCounters, ProbeRecord } from './probe-stream.js';

/** Syscalls recorded whatever `events` says: without them state (processes, fds) cannot be rebuilt. */
export const STATE_EVENTS: readonly string[] = [
  'clone', 'clone3', 'fork', 'vfork', 'execve', 'execveat', 'open', 'openat', 'openat2', 'creat', 'close', 'close_range',
  'socket', 'socketpair', 'accept', 'accept4', 'connect', 'bind', 'listen', 'pipe', 'pipe2', 'eventfd', 'eventfd2',
  'signalfd4', 'timerfd_create', 'inotify_init1', 'epoll_create1', 'memfd_create', 'userfaultfd', 'pidfd_open',
  'pidfd_getfd', 'dup', 'dup2', 'dup3', 'fcntl', 'chdir', 'fchdir', 'chroot', 'setuid', 'setgid', 'setreuid', 'setregid',
  'setresuid', 'setresgid', 'setsid', 'setpgid', 'prctl', 'mount', 'umount2', 'capset', 'prlimit', 'setrlimit',
  'inotify_init', 'epoll_create', 'signalfd', 'io_uring_setup', 'shutdown', 'sendto', 'recvfrom', 'sendmsg', 'recvmsg',
  'sendmmsg', 'recvmmsg',
];

export interface RecordOptions {
  output: string;
  probePath: string;
  recorderVersion: string;
  /** Record this command's process tree (run directly, no shell) until it exits. */
  command?: string[];
  durationMs?: number;
  maxEvents?: number;
  maxBytes?: number;
  /** Event types (syscall names) to record besides STATE_EVENTS; all the probe knows when absent. */
  events?: string[];
  snaplen: number;
  ringBytes?: number;
  signal?: AbortSignal;
}

export type StopReason = 'command-exit' | 'duration' | 'max-events' | 'max-size' | 'signal' | 'probe-exit';

export interface RecordSummary {
  output: string;
  eventsWritten: number;
  bytes: number;
  durationNs: number;
  counters: ProbeCounters | null;
  stopReason: StopReason;
  /** The recorded command's wait status as a shell reports it (128+signal when killed); null without one. */
  commandExitCode: number | null;
}

export type RecordErrorCode = 'probe-failed' | 'protocol' | 'write';

export interface RecordError {
  code: RecordErrorCode;
  message: string;
  /** What was recorded before the failure; the file is finalised and readable. */
  partial: RecordSummary | null;
}

export type RecordResult = { ok: true; summary: RecordSummary } | { ok: false; error: RecordError };

function probeArgs(o: RecordOptions): string[] {
  const args = ['--out-fd', '3', '--diag-fd', '4', '--snaplen', String(o.snaplen), '--exclude', String(process.pid)];
  if (o.ringBytes !== undefined) args.push('--ring-bytes', String(o.ringBytes));
  if (o.events !== undefined) args.push('--events', [...new Set([...STATE_EVENTS, ...o.events])].join(','));
  if (o.command !== undefined) args.push('--', ...o.command);
  return args;
}

/** The shell's view of a wait status. */
function exitCodeOf(status: number): number {
  const signal = status & 0x7f;
  return signal === 0 ? (status >> 8) & 0xff : 128 + signal;
}

function toCaptureStats(ts: number, c: ProbeCounters): CaptureStats {
  const dropsScratch = c.dropsScratch + c.dropsMaxEventSize;
  return {
    ts, events: c.events, drops: c.dropsBuffer + dropsScratch, dropsBuffer: c.dropsBuffer, dropsScratchMap: dropsScratch,
    dropsPageFault: 0, dropsBug: 0, preemptions: 0, perCpu: c.perCpu,
  };
}

export function record(o: RecordOptions): Promise<RecordResult> {
  return new Promise((resolve) => {
    const child = spawn(o.probePath, probeArgs(o), {
      stdio: [o.command ? 'inherit' : 'ignore', 'inherit', 'inherit', 'pipe', 'pipe'],
    });
    const eventsPipe = child.stdio[3] as Readable;
    const diagPipe = child.stdio[4] as Readable;
    const parser = new ProbeStreamParser();
    let writer: CaptureWriter | null = null;
    let startedAt = 0n;
    let lastTs = 0;
    let counters: ProbeCounters | null = null;
    let statsTs = 0;
    let commandExitCode: number | null = null;
    let stopReason: StopReason | null = null;
    let failure: { code: RecordErrorCode; message: string } | null = null;
    let diagnostics = '';
    let timer: NodeJS.Timeout | undefined;

    const stop = (reason: StopReason): void => {
      if (stopReason !== null) return;
      stopReason = reason;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    };
    const fail = (code: RecordErrorCode, message: string): void => {
      failure ??= { code, message };
      stop('probe-exit');
    };

    const onAbort = (): void => stop('signal');
    if (o.signal?.aborted) stop('signal');
    o.signal?.addEventListener('abort', onAbort, { once: true });
    if (o.durationMs !== undefined) timer = setTimeout(() => stop('duration'), o.durationMs);

    const onEvent = (event: CapturedEvent): void => {
      // After a limit stops the recording, the probe's drained events are not kept.
      if (writer === null || stopReason === 'max-events' || stopReason === 'max-size' || failure !== null) return;
      writer.writeEvent(event);
      lastTs = event.ts;
      if (o.maxEvents !== undefined && writer.eventsWritten >= o.maxEvents) stop('max-events');
      else if (o.maxBytes !== undefined && writer.bytesWritten >= o.maxBytes) stop('max-size');
    };
    const onControl = (r: ProbeRecord): void => {
      switch (r.kind) {
        case 'hello': {
          startedAt = process.hrtime.bigint();
          const snapshot = readProcSnapshot();
          snapshot.ts = Number(r.captureStartNs - r.timeBaseNs);
          writer = CaptureWriter.create(o.output, {
            hostname: os.hostname(), kernelRelease: os.release(), bootTimeNs: r.bootTimeNs,
            captureStartNs: r.captureStartNs, timeBaseNs: r.timeBaseNs, recorderVersion: o.recorderVersion,
            options: {
              command: o.command ?? null, events: o.events ?? 'all', snaplen: o.snaplen, durationMs: o.durationMs ?? null,
              maxEvents: o.maxEvents ?? null, maxBytes: o.maxBytes ?? null, probe: r.version, cpus: r.cpus, syscalls: r.syscalls,
            },
          }, { mode: 0o600 });
          writer.writeSnapshot(snapshot);
          break;
        }
        case 'stats':
          counters = r.counters;
          statsTs = r.ts;
          break;
        case 'child':
          break;
        case 'exit':
          if (r.status !== null) commandExitCode = exitCodeOf(r.status);
          break;
      }
    };
    const sink = { onEvent, onControl };

    eventsPipe.on('data', (chunk: Buffer) => {
      if (failure !== null) return;
      let problem: string | undefined;
      try {
        problem = parser.push(chunk, sink);
      } catch (err) {
        fail('write', err instanceof CaptureWriteError ? err.message : `${o.output}: ${(err as Error).message}`);
      }
      if (problem !== undefined) fail('protocol', problem);
    });
    diagPipe.setEncoding('utf8');
    diagPipe.on('data', (text: string) => {
      diagnostics += text;
    });

    child.on('error', (err) => fail('probe-failed', `cannot start the probe ${o.probePath}: ${err.message}`));
    child.on('close', (code) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      if (code !== 0 && failure === null) {
        const said = diagnostics.trim().split('\n').pop()?.replace(/^falco-ts-probe: /, '');
        failure = { code: 'probe-failed', message: said || `the probe exited with status ${code}` };
      }
      if (parser.pendingBytes > 0 && failure === null) failure = { code: 'protocol', message: `the probe stream ended inside a record (${parser.pendingBytes} bytes)` };
      let summary: RecordSummary | null = null;
      const w = writer as CaptureWriter | null;
      if (w !== null) {
        try {
          if (counters !== null) w.writeStats(toCaptureStats(Math.max(statsTs, lastTs), counters));
          w.close();
        } catch (err) {
          failure ??= { code: 'write', message: (err as Error).message };
        }
        summary = {
          output: o.output, eventsWritten: w.eventsWritten, bytes: w.bytesWritten,
          durationNs: Number(process.hrtime.bigint() - startedAt), counters,
          stopReason: stopReason ?? (o.command ? 'command-exit' : 'probe-exit'), commandExitCode,
        };
      }
      if (failure !== null) resolve({ ok: false, error: { ...failure, partial: summary } });
      else if (summary === null) resolve({ ok: false, error: { code: 'protocol', message: 'the probe ended before it started', partial: null } });
      else resolve({ ok: true, summary });
    });
  });
}
