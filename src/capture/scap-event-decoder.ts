// Decodes events in the scap v2 layout (the layout of .scap event blocks and of
// the records our probe emits): ts u64, tid u64, len u32, type u16, nparams
// u32, then u16 (u32 for EF_LARGE_PAYLOAD types) parameter lengths, then the
// parameters. Decoders are compiled once per event type, so the hot path is a
// loop over small functions with no lookups by name.
import { eventInfo } from './event-schema.js';
import type { ParamValue } from './model.js';

export const SCAP_EVENT_HEADER_SIZE = 26;

type ParamDecoder = (buf: Buffer, at: number, len: number) => ParamValue;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A C string (its NUL dropped): text when it is UTF-8, the raw bytes otherwise. */
function cString(buf: Buffer, at: number, len: number): ParamValue {
  const end = len > 0 && buf[at + len - 1] === 0 ? at + len - 1 : at + len;
  try {
    return utf8.decode(buf.subarray(at, end));
  } catch {
    return Uint8Array.prototype.slice.call(buf, at, end);
  }
}

function bytes(buf: Buffer, at: number, len: number): ParamValue {
  return Uint8Array.prototype.slice.call(buf, at, at + len);
}

function int64(buf: Buffer, at: number): ParamValue {
  const lo = buf.readUInt32LE(at);
  const hi = buf.readInt32LE(at + 4);
  const v = hi * 4294967296 + lo;
  return Number.isSafeInteger(v) ? v : buf.readBigInt64LE(at);
}

function uint64(buf: Buffer, at: number): ParamValue {
  const v = buf.readUInt32LE(at + 4) * 4294967296 + buf.readUInt32LE(at);
  return Number.isSafeInteger(v) ? v : buf.readBigUInt64LE(at);
}

/** By size, for integer types whose width the table fixes. */
function integer(signed: boolean): ParamDecoder {
  return (buf, at, len) => {
    switch (len) {
      case 1: return signed ? buf.readInt8(at) : buf[at]!;
      case 2: return signed ? buf.readInt16LE(at) : buf.readUInt16LE(at);
      case 4: return signed ? buf.readInt32LE(at) : buf.readUInt32LE(at);
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
 * The parameters of the event at `at` (its header already read). Parameters
 * beyond the table's list (a newer producer) are kept as bytes; a length of 0
 * is an empty parameter (null).
 */
export function decodeScapParams(buf: Buffer, at: number, type: number, nparams: number): ParamValue[] {
  const d = typeDecoder(type);
  const width = d.wide ? 4 : 2;
  let pos = at + SCAP_EVENT_HEADER_SIZE + nparams * width;
  const params: ParamValue[] = new Array(nparams);
  for (let i = 0; i < nparams; i++) {
    const lenAt = at + SCAP_EVENT_HEADER_SIZE + i * width;
    const len = d.wide ? buf.readUInt32LE(lenAt) : buf.readUInt16LE(lenAt);
    params[i] = len === 0 ? null : (d.params[i] ?? bytes)(buf, pos, len);
    pos += len;
  }
  return params;
}

/** Checks that the lengths of the event at `at` fit its declared size; a string says why not. */
export function checkScapEvent(buf: Buffer, at: number, available: number): string | undefined {
  if (available < SCAP_EVENT_HEADER_SIZE) return `event header needs ${SCAP_EVENT_HEADER_SIZE} bytes, ${available} left`;
  const len = buf.readUInt32LE(at + 16);
  const type = buf.readUInt16LE(at + 20);
  const nparams = buf.readUInt32LE(at + 22);
  if (len < SCAP_EVENT_HEADER_SIZE || len > available) return `event length ${len} does not fit (${available} bytes left)`;
  const width = eventInfo(type)?.flags.has('large_payload') ? 4 : 2;
  let total = SCAP_EVENT_HEADER_SIZE + nparams * width;
  if (total > len) return `event of type ${type} declares ${nparams} parameters in ${len} bytes`;
  for (let i = 0; i < nparams; i++) {
    const lenAt = at + SCAP_EVENT_HEADER_SIZE + i * width;
    total += width === 4 ? buf.readUInt32LE(lenAt) : buf.readUInt16LE(lenAt);
  }
  if (total > len) return `parameters of an event of type ${type} overrun its ${len} bytes`;
  return undefined;
}
