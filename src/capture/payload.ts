// msgpack encoding of block payloads. Each payload is self-describing, so any
// block can be decoded alone (seeking, resynchronising after damage). State,
// stats and footer objects use msgpackr records (key lists stored once per
// block); events use tuples, see StoredEvent.
import { createRequire } from 'node:module';
import type { Packr, Unpackr } from 'msgpackr';
import type {
  CaptureHeader, CaptureStats, CapturedEvent, FooterIndex, ParamValue, StateSnapshot, ThreadSnapshot,
} from './model.js';

/**
 * msgpackr is loaded on the first payload rather than imported: commands on
 * .scap files never need it, and loading it is ~25 ms of start-up.
 */
interface Msgpack {
  packr: Packr;
  unpackr: Unpackr;
}
let codec: Msgpack | undefined;

function msgpack(): Msgpack {
  if (codec === undefined) {
    const lib = createRequire(import.meta.url)('msgpackr') as typeof import('msgpackr');
    codec = {
      packr: new lib.Packr({ useRecords: true }),
      // 'auto' (numbers when exact, bigint beyond 2^53) is supported at run time but missing from msgpackr's types.
      unpackr: new lib.Unpackr({ useRecords: true, int64AsType: 'auto' as 'number', mapsAsObjects: true }),
    };
  }
  return codec;
}

export function packValue(value: unknown): Uint8Array {
  return msgpack().packr.pack(value);
}

export function unpackValue(data: Uint8Array): unknown {
  return msgpack().unpackr.unpack(data);
}

/** Integers in one canonical form: numbers when exact, bigint only beyond 2^53. */
export function canonicalParam(value: ParamValue): ParamValue {
  if (typeof value === 'bigint' && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return Number(value);
  }
  return value;
}

/**
 * On disk an event is the tuple [tsDelta, cpu, tid, type, params]; tsDelta is
 * from the previous event of the block (the first: from the time base).
 * Tuples rather than msgpackr records: records are re-declared in every
 * self-contained block, and objects built from many declarations make every
 * later property access megamorphic (measured: 0.9M vs 3.5M events/s decoded).
 */
type StoredEvent = [tsDelta: number, cpu: number, tid: number, type: number, params: ParamValue[], flags?: number];

/** Bit of the optional 6th element (format 1.1): a .scap event flagged SCAP_DF_STATE_ONLY. */
const EVENT_FLAG_STATE_ONLY = 1;

/** One class, so every decoded event shares a single hidden class. */
class DecodedEvent implements CapturedEvent {
  readonly #flags: number;

  constructor(public ts: number, public cpu: number, public tid: number, public type: number, public params: ParamValue[], flags: number) {
    this.#flags = flags;
  }

  /** An accessor, so that the event's own properties stay those of a plain CapturedEvent. */
  get stateOnly(): boolean {
    return (this.#flags & EVENT_FLAG_STATE_ONLY) !== 0;
  }
}

export function encodeEvents(events: readonly CapturedEvent[]): Uint8Array {
  const stored: StoredEvent[] = new Array(events.length);
  let prev = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const tuple: StoredEvent = [e.ts - prev, e.cpu, e.tid, e.type, e.params.map(canonicalParam)];
    if (e.stateOnly === true) tuple.push(EVENT_FLAG_STATE_ONLY);
    stored[i] = tuple;
    prev = e.ts;
  }
  return msgpack().packr.pack(stored);
}

export function decodeEvents(data: Uint8Array): CapturedEvent[] {
  const stored = msgpack().unpackr.unpack(data) as unknown;
  if (!Array.isArray(stored)) throw new Error('events payload is not a list');
  const events: CapturedEvent[] = new Array(stored.length);
  let ts = 0;
  for (let i = 0; i < stored.length; i++) {
    const e = stored[i] as StoredEvent;
    if (!Array.isArray(e) || typeof e[0] !== 'number' || !Array.isArray(e[4])) throw new Error(`event ${i} of the block is malformed`);
    ts += e[0];
    events[i] = new DecodedEvent(ts, e[1], e[2], e[3], e[4], e[5] ?? 0);
  }
  return events;
}

const toBig = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(typeof v === 'number' ? v : 0));

function decodeThread(t: ThreadSnapshot): ThreadSnapshot {
  t.startTs = toBig(t.startTs);
  t.pidnsInitStartTs = toBig(t.pidnsInitStartTs);
  t.exeInoCtime = toBig(t.exeInoCtime);
  t.exeInoMtime = toBig(t.exeInoMtime);
  return t;
}

export function decodeSnapshot(data: Uint8Array): StateSnapshot {
  const s = msgpack().unpackr.unpack(data) as StateSnapshot;
  if (s === null || typeof s !== 'object' || !Array.isArray(s.threads)) throw new Error('snapshot payload is malformed');
  s.threads.forEach(decodeThread);
  return s;
}

export function decodeStats(data: Uint8Array): CaptureStats {
  const s = msgpack().unpackr.unpack(data) as CaptureStats;
  if (s === null || typeof s !== 'object' || typeof s.events !== 'number') throw new Error('stats payload is malformed');
  return s;
}

export function decodeFooter(data: Uint8Array): FooterIndex {
  const f = msgpack().unpackr.unpack(data) as FooterIndex;
  if (f === null || typeof f !== 'object' || !Array.isArray(f.blocks)) throw new Error('footer payload is malformed');
  return f;
}

const HEADER_STRINGS = ['hostname', 'kernelRelease', 'recorderVersion', 'eventSchemaSource', 'codec'] as const;

export function decodeHeader(data: Uint8Array): CaptureHeader {
  const h = msgpack().unpackr.unpack(data) as CaptureHeader;
  if (h === null || typeof h !== 'object') throw new Error('header payload is not a map');
  for (const key of HEADER_STRINGS) {
    if (typeof h[key] !== 'string') throw new Error(`header field ${key} is missing`);
  }
  h.bootTimeNs = toBig(h.bootTimeNs);
  h.captureStartNs = toBig(h.captureStartNs);
  h.timeBaseNs = toBig(h.timeBaseNs);
  h.options ??= {};
  return h;
}
