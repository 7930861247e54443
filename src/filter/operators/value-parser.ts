// Right-hand literals, parsed once for the type they are compared with
// (libsinsp value_parser.cpp and filter.cpp add_filtercheck_value). List
// fields parse each element with the element type.
import { decodeHex, utf8Bytes } from './buffer-compare.js';
import { parseIpAddrLiteral, parseIpNetLiteral, type IpAddr, type IpNet } from './ip.js';
import { parseInteger } from './numeric.js';
import { lookupServicePort } from './services.js';
import type { CompareOp, ValueType } from './value-type.js';

export type Scalar = string | bigint | boolean | Uint8Array | IpAddr | IpNet;
export type LiteralResult = { ok: true; value: Scalar } | { ok: false; error: string };

export function parseLiteral(text: string, type: ValueType, op: CompareOp): LiteralResult {
  if (op === 'bcontains' || op === 'bstartswith') return parseHex(text);
  if (type.kind === 'buffer') return ok(utf8Bytes(text));
  if (text.includes('\0')) return fail('filter error: filter value cannot contain a NUL byte (\\x00)');
  return parseTyped(text, type);
}

function parseTyped(text: string, type: ValueType): LiteralResult {
  switch (type.kind) {
    case 'string':
      return ok(text);
    case 'number':
      return parseNumber(text, type.ptType);
    case 'port':
      return parsePort(text);
    case 'bool':
      return parseBool(text);
    case 'ipaddr':
      return fromIp(parseIpAddrLiteral(text));
    case 'ipnet':
      return fromIp(parseIpNetLiteral(text));
    case 'buffer':
      return ok(utf8Bytes(text));
  }
}

function parseHex(text: string): LiteralResult {
  const bytes = decodeHex(text);
  return bytes === undefined ? fail('filter error: bcontains and bstartswith operator support hex strings only') : ok(bytes);
}

function parseNumber(text: string, ptType: string): LiteralResult {
  const n = parseInteger(text, ptType);
  return n === undefined ? fail(`${text} is not a valid number`) : ok(n);
}

/** Digits only → the number (stored in 16 bits); otherwise a service name; "" is port 0. */
function parsePort(text: string): LiteralResult {
  if (/^[0-9]*$/.test(text)) {
    const n = text === '' ? 0n : BigInt(text);
    // std::stoi throws beyond INT_MAX before the 16-bit store.
    return n > 2147483647n ? fail(`${text} is not a valid number`) : ok(BigInt.asUintN(16, n));
  }
  const port = lookupServicePort(text);
  return port === undefined ? fail(`unrecognized protocol ${text}`) : ok(BigInt(port));
}

function parseBool(text: string): LiteralResult {
  if (text === 'true') return ok(true);
  if (text === 'false') return ok(false);
  return fail(`filter error: unrecognized boolean value ${text}`);
}

function fromIp(v: IpAddr | IpNet | string): LiteralResult {
  return typeof v === 'string' ? fail(v) : ok(v);
}

function ok(value: Scalar): LiteralResult {
  return { ok: true, value };
}

function fail(error: string): LiteralResult {
  return { ok: false, error };
}
