// The event inside an event block: u16 cpu id, u32 flags (EVF blocks only),
// then a ppm_evt_hdr (ts u64, tid u64, len u32, type u16, and nparams u32 in
// v2 layouts) with its parameter lengths and data. v1 events are first
// rewritten into the v2 layout, as libscap does when it reads them.
//
// Reading is the hot path of every .scap command, and most events are never
// looked at beyond their type and thread (a filter on connect skips the reads
// and writes around it): so the header is read at once, the parameter-length
// table is checked at once (damage must be reported where it is), and the
// values are decoded by the shared scap decoder only when something asks for
// `params`.
import { eventInfo } from '../event-schema.js';
import { i32, u16, u32 } from '../le-bytes.js';
import type { CapturedEvent, ParamValue } from '../model.js';
import { SCAP_EVENT_HEADER_SIZE, decodeScapParam, decodeScapParams, scapParamsProblem } from '../scap-event-decoder.js';
import type { EventBlockLayout } from './scap-blocks.js';

const V1_HEADER_SIZE = 22;
const TWO_32 = 4294967296;
/** EVF flag SCAP_DF_STATE_ONLY: the event updates state but libsinsp filters it out of offline captures. */
const SCAP_DF_STATE_ONLY = 1;

/** Epoch ns in the file turned into ns relative to the capture's time base, without BigInt. */
export class ScapClock {
  private readonly hi: number;
  private readonly lo: number;

  constructor(readonly timeBaseNs: bigint) {
    this.hi = Number(timeBaseNs >> 32n);
    this.lo = Number(timeBaseNs & 0xffffffffn);
  }

  /** The u64 at `at`, relative to the time base (exact for 104 days on either side). */
  relative(data: Buffer, at: number): number {
    return (u32(data, at + 4) - this.hi) * TWO_32 + (u32(data, at) - this.lo);
  }
}

/**
 * One event of a .scap file. Its parameters are decoded from the file's bytes
 * on first access; assigning `params` (a converted layout) replaces them.
 * The bytes are kept in private fields, so the event's own properties are
 * those of every CapturedEvent (ts, cpu, tid, type) and `params` is an
 * accessor; toJSON() gives the plain event.
 */
export class ScapEvent implements CapturedEvent {
  ts: number;
  cpu: number;
  tid: number;
  type: number;
  readonly #stateOnly: boolean;
  #decoded: ParamValue[] | null;
  /** The bytes holding the event in the v2 layout (the file's window, or a rewritten v1 event); its header has len and nparams. */
  readonly #data: Buffer;
  readonly #at: number;

  constructor(ts: number, cpu: number, tid: number, type: number, stateOnly: boolean, data: Buffer, at: number) {
    this.ts = ts;
    this.cpu = cpu;
    this.tid = tid;
    this.type = type;
    this.#stateOnly = stateOnly;
    this.#decoded = null;
    this.#data = data;
    this.#at = at;
  }

  /** Flagged SCAP_DF_STATE_ONLY in an EVF block: state only, never shown or matched. */
  get stateOnly(): boolean {
    return this.#stateOnly;
  }

  /** How many parameters the file has (the rest, up to our table's count, read as null). */
  get fileParams(): number {
    return u32(this.#data, this.#at + 22);
  }

  get params(): ParamValue[] {
    let p = this.#decoded;
    if (p === null) p = this.#decoded = this.decode();
    return p;
  }

  set params(values: ParamValue[]) {
    this.#decoded = values;
  }

  /** Parameter `index` (undefined beyond the table's list), decoding only that one until all are asked for. */
  param(index: number): ParamValue | undefined {
    const d = this.#decoded;
    if (d !== null) return d[index];
    const nparams = this.fileParams;
    if (index < nparams) return decodeScapParam(this.#data, this.#at, this.type, nparams, index);
    return index < (eventInfo(this.type)?.params.length ?? 0) ? null : undefined;
  }

  toJSON(): CapturedEvent {
    const plain: CapturedEvent = { ts: this.ts, cpu: this.cpu, tid: this.tid, type: this.type, params: this.params };
    if (this.stateOnly) plain.stateOnly = true;
    return plain;
  }

  private decode(): ParamValue[] {
    const params = decodeScapParams(this.#data, this.#at, u32(this.#data, this.#at + 16), this.type, this.fileParams);
    // The reader checked the length table when it read the event.
    if (typeof params === 'string') throw new Error(`bug: an event vouched for does not decode: ${params}`);
    // Older layouts have fewer parameters than our table: positions keep their meaning, the rest are empty.
    const count = eventInfo(this.type)?.params.length ?? 0;
    for (let i = params.length; i < count; i++) params.push(null);
    return params;
  }
}

/** An event block whose event type is newer than our table: libscap skips these silently. */
export interface UnknownEvent {
  unknownType: number;
}

/**
 * The event of the block whose body is data[bodyAt, bodyAt + bodyLen); a
 * string says why it cannot be read.
 */
export function parseEventBlock(data: Buffer, bodyAt: number, bodyLen: number, layout: EventBlockLayout, clock: ScapClock): ScapEvent | UnknownEvent | string {
  const prefix = layout.hasFlags ? 6 : 2;
  const headerSize = layout.v2 ? SCAP_EVENT_HEADER_SIZE : V1_HEADER_SIZE;
  if (bodyLen < prefix + headerSize) return `event block of ${bodyLen} bytes is too short for an event header`;
  const at = bodyAt + prefix;
  const len = u32(data, at + 16);
  const type = u16(data, at + 20);
  if (len < headerSize) return `event declares a length of ${len}, shorter than its header`;
  if (prefix + len > bodyLen) return `event declares ${len} bytes, its block holds ${bodyLen - prefix}`;
  const info = eventInfo(type);
  if (info === undefined) return { unknownType: type };

  const cpu = u16(data, bodyAt);
  const stateOnly = layout.hasFlags && (u32(data, bodyAt + 2) & SCAP_DF_STATE_ONLY) !== 0;
  const ts = clock.relative(data, at);
  const tid = i32(data, at + 12) * TWO_32 + u32(data, at + 8);
  if (layout.v2) {
    const nparams = u32(data, at + 22);
    const problem = scapParamsProblem(data, at, len, type, nparams);
    if (problem !== null) return problem;
    return new ScapEvent(ts, cpu, tid, type, stateOnly, data, at);
  }
  const nparams = inferNparams(data, at, len, info.params.length, info.flags.has('large_payload') ? 4 : 2);
  if (typeof nparams === 'string') return nparams;
  // Insert nparams so the one v2 decoder serves both layouts.
  const v2 = Buffer.allocUnsafe(len + 4);
  data.copy(v2, 0, at, at + V1_HEADER_SIZE);
  v2.writeUInt32LE(len + 4, 16);
  v2.writeUInt32LE(nparams, V1_HEADER_SIZE);
  data.copy(v2, SCAP_EVENT_HEADER_SIZE, at + V1_HEADER_SIZE, at + len);
  return new ScapEvent(ts, cpu, tid, type, stateOnly, v2, 0);
}

/**
 * v1 events do not store nparams. libscap starts from the table's count and
 * decrements while the declared lengths overshoot the event length; the count
 * whose lengths add up exactly is the answer.
 */
function inferNparams(buf: Buffer, at: number, len: number, tableCount: number, width: number): number | string {
  for (let n = tableCount; n >= 0; n--) {
    let total = V1_HEADER_SIZE + n * width;
    if (total > len) continue;
    for (let i = 0; i < n; i++) {
      const lenAt = at + V1_HEADER_SIZE + i * width;
      total += width === 4 ? buf.readUInt32LE(lenAt) : buf.readUInt16LE(lenAt);
    }
    if (total === len) return n;
    if (total < len) return `v1 event of type ${buf.readUInt16LE(at + 20)}: parameter lengths (${total}) fall short of its length ${len}`;
  }
  return `v1 event of type ${buf.readUInt16LE(at + 20)}: no parameter count fits its length ${len}`;
}
