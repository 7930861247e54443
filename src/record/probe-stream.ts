// Splits the probe helper's output into records: syscall events in the scap
// layout, and the helper's control records (native/probe.h, FTS_REC_*). Event
// timestamps arrive as ns since boot; they become ns since the capture's time
// base with plain double arithmetic on 32-bit halves (no BigInt per event).
import { SCAP_EVENT_HEADER_SIZE, decodeScapParams } from '../capture/scap-event-decoder.js';
import type { CapturedEvent } from '../capture/model.js';
import { timeBaseFor } from '../capture/timestamp.js';
import { toPpmValues } from './ppm-conversion.js';

export const REC_HELLO = 0xf000;
export const REC_STATS = 0xf001;
export const REC_CHILD = 0xf002;
export const REC_EXIT = 0xf003;

export interface ProbeCounters {
  events: number;
  dropsBuffer: number;
  dropsMaxEventSize: number;
  dropsScratch: number;
  perCpu: { cpu: number; events: number; drops: number }[];
}

/** The helper's control records; events go straight to ProbeSink.onEvent. */
export type ProbeRecord =
  | { kind: 'hello'; bootTimeNs: bigint; captureStartNs: bigint; timeBaseNs: bigint; cpus: number; syscalls: number; version: string }
  | { kind: 'stats'; ts: number; counters: ProbeCounters }
  | { kind: 'child'; pid: number; command: string }
  | { kind: 'exit'; status: number | null };

const TWO_32 = 4294967296;

/** Where parsed records go: events on the hot path without a wrapper object. */
export interface ProbeSink {
  onEvent(event: CapturedEvent): void;
  onControl(record: ProbeRecord): void;
}

export class ProbeStreamParser {
  private leftover: Buffer = Buffer.alloc(0);
  /** The time base as ns since boot, split in 32-bit halves. */
  private baseHi = 0;
  private baseLo = 0;
  private sawHello = false;
  /** Bytes consumed so far, for error positions. */
  offset = 0;

  /** Parses what `chunk` completes; a string is a protocol error (with its byte offset). */
  push(chunk: Buffer, into: ProbeSink): string | undefined {
    const buf = this.leftover.length === 0 ? chunk : Buffer.concat([this.leftover, chunk]);
    let at = 0;
    while (buf.length - at >= SCAP_EVENT_HEADER_SIZE) {
      const len = buf.readUInt32LE(at + 16);
      if (len < SCAP_EVENT_HEADER_SIZE) return `probe stream byte ${this.offset + at}: record length ${len} is too small`;
      if (buf.length - at < len) break;
      const problem = this.parseRecord(buf, at, len, into);
      if (problem !== undefined) return `probe stream byte ${this.offset + at}: ${problem}`;
      at += len;
    }
    this.offset += at;
    this.leftover = at === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(at));
    return undefined;
  }

  /** Bytes of an incomplete record held back (non-zero at the end means a cut stream). */
  get pendingBytes(): number {
    return this.leftover.length;
  }

  private relTs(buf: Buffer, at: number): number {
    return (buf.readUInt32LE(at + 4) - this.baseHi) * TWO_32 + (buf.readUInt32LE(at) - this.baseLo);
  }

  private parseRecord(buf: Buffer, at: number, len: number, into: ProbeSink): string | undefined {
    const type = buf.readUInt16LE(at + 20);
    const nparams = buf.readUInt32LE(at + 22);
    if (type < REC_HELLO) {
      if (!this.sawHello) return 'an event came before the probe said hello';
      const params = decodeScapParams(buf, at, len, type, nparams);
      if (typeof params === 'string') return params;
      toPpmValues(type, params);
      // The probe puts the CPU in the top 16 bits of the tid field.
      into.onEvent({ ts: this.relTs(buf, at), cpu: buf.readUInt16LE(at + 14), tid: buf.readUInt32LE(at + 8), type, params });
      return undefined;
    }
    if (SCAP_EVENT_HEADER_SIZE + 2 * nparams > len) return `control record declares ${nparams} parameters in ${len} bytes`;
    const p = this.controlParams(buf, at, nparams);
    switch (type) {
      case REC_HELLO: {
        const bootTimeNs = BigInt(p[0] ?? 0);
        const captureStartNs = bootTimeNs + buf.readBigUInt64LE(at);
        const timeBaseNs = timeBaseFor(captureStartNs);
        const sinceBoot = timeBaseNs - bootTimeNs;
        this.baseHi = Number(sinceBoot >> 32n);
        this.baseLo = Number(sinceBoot & 0xffffffffn);
        this.sawHello = true;
        into.onControl({ kind: 'hello', bootTimeNs, captureStartNs, timeBaseNs, cpus: Number(p[1] ?? 0), syscalls: Number(p[2] ?? 0), version: this.controlString(buf, at, nparams) });
        return undefined;
      }
      case REC_STATS: {
        const n = p.map(Number);
        const cpus = n[4] ?? 0;
        const perCpu = Array.from({ length: Math.min(cpus, (n.length - 5) / 2) }, (_, cpu) => ({ cpu, events: n[5 + 2 * cpu]!, drops: n[6 + 2 * cpu]! }));
        into.onControl({ kind: 'stats', ts: this.relTs(buf, at), counters: { events: n[0] ?? 0, dropsBuffer: n[1] ?? 0, dropsMaxEventSize: n[2] ?? 0, dropsScratch: n[3] ?? 0, perCpu } });
        return undefined;
      }
      case REC_CHILD:
        into.onControl({ kind: 'child', pid: Number(p[0] ?? -1), command: this.controlString(buf, at, nparams) });
        return undefined;
      case REC_EXIT: {
        const status = p[0] === undefined ? -1n : BigInt.asIntN(64, p[0]);
        into.onControl({ kind: 'exit', status: status < 0n ? null : Number(status) });
        return undefined;
      }
      default:
        return `unknown control record 0x${type.toString(16)}`;
    }
  }

  /** The u64 parameters of a control record. */
  private controlParams(buf: Buffer, at: number, nparams: number): bigint[] {
    const out: bigint[] = [];
    let pos = at + SCAP_EVENT_HEADER_SIZE + 2 * nparams;
    for (let i = 0; i < nparams; i++) {
      const len = buf.readUInt16LE(at + SCAP_EVENT_HEADER_SIZE + 2 * i);
      if (len === 8) out.push(buf.readBigUInt64LE(pos));
      pos += len;
    }
    return out;
  }

  /** The trailing string parameter of a control record, if any. */
  private controlString(buf: Buffer, at: number, nparams: number): string {
    let pos = at + SCAP_EVENT_HEADER_SIZE + 2 * nparams;
    for (let i = 0; i < nparams; i++) {
      const len = buf.readUInt16LE(at + SCAP_EVENT_HEADER_SIZE + 2 * i);
      if (len !== 8) return buf.toString('utf8', pos, pos + len).replace(/\0$/, '');
      pos += len;
    }
    return '';
  }
}
