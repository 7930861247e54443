// One comparison between two single values of the same type, resolved once
// per check so evaluation does not dispatch on the operator. Used as is when
// the right side is a field (`val()`, transformer) and, with a fixed right
// value, for literals of the types that need no pre-processing.
import type { FieldScalar } from '../../fields/field-access.js';
import { bytesContain, bytesEndWith, bytesEqual, bytesStartWith } from './buffer-compare.js';
import { compileGlob, globMatch } from './glob.js';
import { ipEquals, newIpScratch, readIp } from './ip.js';
import { compareNumeric, isNumeric } from './numeric.js';
import { asciiLower, compareUtf8, containsLowered } from './string-compare.js';
import type { CompareOp, ValueType } from './value-type.js';

export type BinaryFn = (l: FieldScalar, r: FieldScalar) => boolean;

/** undefined for operators that need a prepared right side (regex, pmatch) or do not apply. */
export function binaryOp(type: ValueType, op: CompareOp): BinaryFn | undefined {
  switch (type.kind) {
    case 'string':
      return stringOp(op);
    case 'number':
    case 'port':
      return numericOp(op);
    case 'bool':
      return boolOp(op);
    case 'buffer':
      return bufferOp(op);
    case 'ipaddr':
      return ipAddrOp(op);
    case 'ipnet':
      return undefined;
  }
}

/** Fields should extract strings for string types; anything else is compared as its text. */
export function asString(v: FieldScalar): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8');
  return String(v);
}

export function asBytes(v: FieldScalar): Uint8Array {
  return v instanceof Uint8Array ? v : Buffer.from(asString(v), 'utf8');
}

export function asBool(v: FieldScalar): boolean {
  return v === true || (typeof v === 'number' && v !== 0) || (typeof v === 'bigint' && v !== 0n);
}

const STRING_OPS: Partial<Record<CompareOp, (l: string, r: string) => boolean>> = {
  '=': (l, r) => l === r,
  in: (l, r) => l === r,
  intersects: (l, r) => l === r,
  '!=': (l, r) => l !== r,
  '<': (l, r) => compareUtf8(l, r) < 0,
  '<=': (l, r) => compareUtf8(l, r) <= 0,
  '>': (l, r) => compareUtf8(l, r) > 0,
  '>=': (l, r) => compareUtf8(l, r) >= 0,
  contains: (l, r) => l.includes(r),
  icontains: (l, r) => containsLowered(l, asciiLower(r)),
  startswith: (l, r) => l.startsWith(r),
  endswith: (l, r) => l.endsWith(r),
  // Only reached with a field on the right, whose value is the pattern.
  glob: (l, r) => globMatch(compileGlob(r, false), l),
  iglob: (l, r) => globMatch(compileGlob(r, true), l),
};

function stringOp(op: CompareOp): BinaryFn | undefined {
  const fn = STRING_OPS[op];
  return fn === undefined ? undefined : (l, r) => fn(asString(l), asString(r));
}

function numericOp(op: CompareOp): BinaryFn | undefined {
  if (!['=', '!=', '<', '<=', '>', '>=', 'in', 'intersects'].includes(op)) return undefined;
  return (l, r) => isNumeric(l) && isNumeric(r) && compareNumeric(op, l, r);
}

function boolOp(op: CompareOp): BinaryFn | undefined {
  if (op === '!=') return (l, r) => asBool(l) !== asBool(r);
  if (op === '=' || op === 'in' || op === 'intersects') return (l, r) => asBool(l) === asBool(r);
  return undefined;
}

const BUFFER_OPS: Partial<Record<CompareOp, (l: Uint8Array, r: Uint8Array) => boolean>> = {
  '=': bytesEqual,
  in: bytesEqual,
  intersects: bytesEqual,
  '!=': (l, r) => !bytesEqual(l, r),
  contains: bytesContain,
  bcontains: bytesContain,
  startswith: bytesStartWith,
  bstartswith: bytesStartWith,
  endswith: bytesEndWith,
};

function bufferOp(op: CompareOp): BinaryFn | undefined {
  const fn = BUFFER_OPS[op];
  return fn === undefined ? undefined : (l, r) => fn(asBytes(l), asBytes(r));
}

/** Addresses of different families are unequal for `=` and equal for nothing: only `!=` holds. */
function ipAddrOp(op: CompareOp): BinaryFn | undefined {
  const negate = op === '!=';
  if (!negate && op !== '=' && op !== 'in' && op !== 'intersects') return undefined;
  const left = newIpScratch();
  const right = newIpScratch();
  return (l, r) => {
    readIp(l, left);
    readIp(r, right);
    if (left.family === 0 || right.family === 0) return false;
    if (left.family !== right.family) return negate;
    return ipEquals(left, right) !== negate;
  };
}
