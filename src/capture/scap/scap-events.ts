// The event inside an event block: u16 cpu id, u32 flags (EVF blocks only),
// then a ppm_evt_hdr (ts u64, tid u64, len u32, type u16, and nparams u32 in
// v2 layouts) with its parameter lengths and data. Parameter values are
// decoded by the shared scap v2 decoder; v1 events are first rewritten into
// the v2 layout, as libscap does when it reads them.
import { eventInfo } from '../event-schema.js';
import type { ParamValue } from '../model.js';
import { decodeScapParams, SCAP_EVENT_HEADER_SIZE } from '../scap-event-decoder.js';
import type { EventBlockLayout } from './scap-blocks.js';

const V1_HEADER_SIZE = 22;

/** EVF flag SCAP_DF_STATE_ONLY: the event updates state but is hidden from output ("sysdig -F"). */
export const SCAP_DF_STATE_ONLY = 1;

export interface ScapEvent {
  /** Epoch ns. */
  tsNs: bigint;
  cpu: number;
  tid: number;
  type: number;
  /** The EVF flags; 0 for EV blocks. */
  flags: number;
  params: ParamValue[];
  /** How many parameters the file had (the rest, up to our table's count, are null). */
  fileParams: number;
}

/** An event block whose event type is newer than our table: libscap skips these silently. */
export interface UnknownEvent {
  unknownType: number;
}

/** Parses the event of one block body; a string says why it cannot be read. */
export function parseEventBlock(body: Buffer, layout: EventBlockLayout): ScapEvent | UnknownEvent | string {
  const prefix = layout.hasFlags ? 6 : 2;
  const headerSize = layout.v2 ? SCAP_EVENT_HEADER_SIZE : V1_HEADER_SIZE;
  if (body.length < prefix + headerSize) return `event block of ${body.length} bytes is too short for an event header`;
  const cpu = body.readUInt16LE(0);
  const flags = layout.hasFlags ? body.readUInt32LE(2) : 0;
  const at = prefix;
  const len = body.readUInt32LE(at + 16);
  const type = body.readUInt16LE(at + 20);
  if (len < headerSize) return `event declares a length of ${len}, shorter than its header`;
  if (at + len > body.length) return `event declares ${len} bytes, its block holds ${body.length - at}`;
  const info = eventInfo(type);
  if (info === undefined) return { unknownType: type };

  let buf = body;
  let start = at;
  let evLen = len;
  let nparams: number;
  if (layout.v2) {
    nparams = body.readUInt32LE(at + 22);
  } else {
    const inferred = inferNparams(body, at, len, info.params.length, info.flags.has('large_payload') ? 4 : 2);
    if (typeof inferred === 'string') return inferred;
    nparams = inferred;
    // Insert nparams so the one v2 decoder serves both layouts.
    buf = Buffer.allocUnsafe(len + 4);
    body.copy(buf, 0, at, at + V1_HEADER_SIZE);
    buf.writeUInt32LE(len + 4, 16);
    buf.writeUInt32LE(nparams, V1_HEADER_SIZE);
    body.copy(buf, SCAP_EVENT_HEADER_SIZE, at + V1_HEADER_SIZE, at + len);
    start = 0;
    evLen = len + 4;
  }
  const params = decodeScapParams(buf, start, evLen, type, nparams);
  if (typeof params === 'string') return params;
  // Older layouts have fewer parameters than our table: positions keep their meaning, the rest are empty.
  for (let i = params.length; i < info.params.length; i++) params.push(null);
  const tidLo = body.readUInt32LE(at + 8);
  const tidHi = body.readInt32LE(at + 12);
  return { tsNs: body.readBigUInt64LE(at), cpu, tid: tidHi * 4294967296 + tidLo, type, flags, params, fileParams: nparams };
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
