// Decodes events in the scap v2 layout (the layout of .scap event blocks and of
// the records our probe emits): ts u64, tid u64, len u32, type u16, nparams
// u32, then u16 (u32 for EF_LARGE_PAYLOAD types) parameter lengths, then the
// parameters. Decoders are compiled once per event type, so the hot path is a
// loop over small functions with no lookups by name.
import { eventInfo } from './event-schema.js';
import { i32, i64, u16, u32, u64 } from './le-bytes.js';
import type { ParamValue } from './model.js';

export const SCAP_EVENT_HEADER_SIZE = 26;

type ParamDecoder = (buf: Buffer, at: number, len: number) => ParamValue;

/**
 * A C string (its NUL dropped): text when it is UTF-8, the raw bytes otherwise.
 * Node's native decoder is the fast path; it marks invalid input with U+FFFD,
 * and only then is the stricter (and slower) check made.
 */
function cString(buf: Buffer, at: number, len: number): ParamValue {
  const end = len > 0 && buf[at + len - 1] === 0 ? at + len - 1 : at + len;
  const text = buf.toString('utf8', at, end);
  if (!text.includes('\uFFFD') || Buffer.from(text, 'utf8').equals(buf.subarray(at, end))) return text;
  return Uint8Array.prototype.slice.call(buf, at, end);
}

function bytes(buf: Buffer, at: number, len: number): ParamValue {
  return Uint8Array.prototype.slice.call(buf, at, at + len);
}

function int64(buf: Buffer, at: number): ParamValue {
  return i64(buf, at) ?? buf.readBigInt64LE(at);
}

function uint64(buf: Buffer, at: number): ParamValue {
  return u64(buf, at) ?? buf.readBigUInt64LE(at);
}

/** By size, for integer types whose width the table fixes. */
function integer(signed: boolean): ParamDecoder {
  return (buf, at, len) => {
    switch (len) {
      case 1: return signed ? buf.readInt8(at) : buf[at]!;
      case 2: return signed ? (u16(buf, at) << 16) >> 16 : u16(buf, at);
      case 4: return signed ? i32(buf, at) : u32(buf, at);
      case 8: return signed ? int64(buf, at) : uint64(buf, at);
      default: return bytes(buf, at, len);
    }
  };
}

const SIGNED = new Set(['INT8', 'INT16', 'INT32', 'INT64', 'ERRNO', 'FD', 'PID', 'FD32', 'PID32']);
const UNSIGNED = new Set([
  'UINT8', 'UINT16', 'UINT32', 'UINT64', 'FLAGS8', 'FLAGS16', 'FLAGS32', 'ENUMFLAGS8', 'ENUMFLAGS16', 'ENUMFLAGS32',
  'UID', 'GID', 'MODE', 'BOOL', 'SIGSET', 'SIGTYPE', 'L4PROTO', 'SOCKFAMILY', 'PORT', 'SYSCALLID', 'RELTIME', 'ABSTIME',
]);

/** Whether a parameter type holds a fixed-width number (the decoder gives a number or bigint). */
export function isNumericParamType(type: string): boolean {
  return SIGNED.has(type) || UNSIGNED.has(type) || type === 'DOUBLE';
}

function decoderFor(type: string): ParamDecoder {
  if (SIGNED.has(type)) return integer(true);
  if (UNSIGNED.has(type)) return integer(false);
  if (type === 'CHARBUF' || type === 'FSPATH' || type === 'FSRELPATH') return cString;
  if (type === 'DOUBLE') return (buf, at, len) => (len === 8 ? buf.readDoubleLE(at) : bytes(buf, at, len));
  return bytes; // BYTEBUF, SOCKADDR, SOCKTUPLE, FDLIST, DYN, arrays: kept in their scap encoding
}

interface TypeDecoder {
  params: ParamDecoder[];
  /** Parameter lengths are u32 (EF_LARGE_PAYLOAD) rather than u16. */
  wide: boolean;
}

const decoders: (TypeDecoder | undefined)[] = [];

function typeDecoder(type: number): TypeDecoder {
  let d = decoders[type];
  if (d === undefined) {
    const info = eventInfo(type);
    d = {
      params: info === undefined ? [] : info.params.map((p) => decoderFor(p.type)),
      wide: info?.flags.has('large_payload') ?? false,
    };
    decoders[type] = d;
  }
  return d;
}

/**
 * Why the parameter lengths of the event at `at` do not fit its declared
 * length `len`, or null when they do. Reads only the length table, so a
 * reader can vouch for an event whose values it decodes later (or never).
 */
export function scapParamsProblem(buf: Buffer, at: number, len: number, type: number, nparams: number): string | null {
  const wide = typeDecoder(type).wide;
  const width = wide ? 4 : 2;
  const table = at + SCAP_EVENT_HEADER_SIZE;
  let total = SCAP_EVENT_HEADER_SIZE + nparams * width;
  if (total > len) return `event of type ${type} declares ${nparams} parameters in ${len} bytes`;
  for (let i = 0; i < nparams; i++) {
    const lenAt = table + i * width;
    total += wide ? u32(buf, lenAt) : u16(buf, lenAt);
    if (total > len) return `parameter ${i} of an event of type ${type} overruns its ${len} bytes`;
  }
  return null;
}

/**
 * The parameters of the event at `at`, whose declared length is `len`; a
 * string says why the lengths do not fit it. Parameters beyond the table's
 * list (a newer producer) are kept as bytes; a length of 0 is an empty
 * parameter (null).
 */
export function decodeScapParams(buf: Buffer, at: number, len: number, type: number, nparams: number): ParamValue[] | string {
  const d = typeDecoder(type);
  const width = d.wide ? 4 : 2;
  const end = at + len;
  let pos = at + SCAP_EVENT_HEADER_SIZE + nparams * width;
  if (pos > end) return `event of type ${type} declares ${nparams} parameters in ${len} bytes`;
  const params: ParamValue[] = new Array(nparams);
  for (let i = 0; i < nparams; i++) {
    const lenAt = at + SCAP_EVENT_HEADER_SIZE + i * width;
    const plen = d.wide ? u32(buf, lenAt) : u16(buf, lenAt);
    if (pos + plen > end) return `parameter ${i} of an event of type ${type} overruns its ${len} bytes`;
    params[i] = plen === 0 ? null : (d.params[i] ?? bytes)(buf, pos, plen);
    pos += plen;
  }
  return params;
}

/**
 * Parameter `index` of the event at `at` alone (null when empty), for readers
 * that decode lazily; the length table must have been checked
 * (scapParamsProblem) and `index` must be below nparams.
 */
export function decodeScapParam(buf: Buffer, at: number, type: number, nparams: number, index: number): ParamValue {
  const d = typeDecoder(type);
  const wide = d.wide;
  const width = wide ? 4 : 2;
  const table = at + SCAP_EVENT_HEADER_SIZE;
  let pos = table + nparams * width;
  let plen = 0;
  for (let i = 0; i <= index; i++) {
    pos += plen;
    const lenAt = table + i * width;
    plen = wide ? u32(buf, lenAt) : u16(buf, lenAt);
  }
  return plen === 0 ? null : (d.params[index] ?? bytes)(buf, pos, plen);
}
