// Integer literals and integer comparison. libsinsp parses with
// sscanf("%d%c") / ("%u%c"): decimal only, optional sign and leading blanks,
// nothing after the digits, then the result is stored in the field's width
// (so `-1` on a UINT8 field is 255). Values are bigint until the end so that
// UINT64 fields compare exactly; extracted values may be number or bigint and
// are compared mathematically (JS relational/loose-equality operators do that
// across number and bigint without converting).
import type { CompareOp } from './value-type.js';

type IntSpec = { bits: number; signed: boolean };

const INT_SPECS: Readonly<Record<string, IntSpec>> = {
  INT8: { bits: 8, signed: true },
  INT16: { bits: 16, signed: true },
  INT32: { bits: 32, signed: true },
  INT64: { bits: 64, signed: true },
  FD: { bits: 64, signed: true },
  PID: { bits: 64, signed: true },
  ERRNO: { bits: 64, signed: true },
  // PT_DOUBLE literals go through parsed32 (floating point was never supported).
  DOUBLE: { bits: 32, signed: true },
  UINT8: { bits: 8, signed: false },
  FLAGS8: { bits: 8, signed: false },
  ENUMFLAGS8: { bits: 8, signed: false },
  L4PROTO: { bits: 8, signed: false },
  SIGTYPE: { bits: 8, signed: false },
  UINT16: { bits: 16, signed: false },
  FLAGS16: { bits: 16, signed: false },
  ENUMFLAGS16: { bits: 16, signed: false },
  SYSCALLID: { bits: 16, signed: false },
  PORT: { bits: 16, signed: false },
  UINT32: { bits: 32, signed: false },
  FLAGS32: { bits: 32, signed: false },
  ENUMFLAGS32: { bits: 32, signed: false },
  MODE: { bits: 32, signed: false },
  UID: { bits: 32, signed: false },
  GID: { bits: 32, signed: false },
  UINT64: { bits: 64, signed: false },
  RELTIME: { bits: 64, signed: false },
  ABSTIME: { bits: 64, signed: false },
};

const DEFAULT_SPEC: IntSpec = { bits: 64, signed: true };
const SCANF_INT = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/;
const I64_MAX = (1n << 63n) - 1n;
const I64_MIN = -(1n << 63n);
const U64_MAX = (1n << 64n) - 1n;

/** Parses like sinsp_numparser for `ptType`; undefined when libsinsp says "X is not a valid number". */
export function parseInteger(text: string, ptType: string): bigint | undefined {
  const m = SCANF_INT.exec(text);
  if (m === null) return undefined;
  const spec = INT_SPECS[ptType] ?? DEFAULT_SPEC;
  const magnitude = BigInt(m[2] ?? '0');
  const value = m[1] === '-' ? -magnitude : magnitude;
  return fitWidth(saturate(value, spec.signed), spec);
}

/** strtol/strtoul clamp out-of-range input before the store truncates it. */
function saturate(v: bigint, signed: boolean): bigint {
  if (signed) return v > I64_MAX ? I64_MAX : v < I64_MIN ? I64_MIN : v;
  if (v > U64_MAX || v < -U64_MAX) return U64_MAX;
  return v;
}

function fitWidth(v: bigint, spec: IntSpec): bigint {
  return spec.signed ? BigInt.asIntN(spec.bits, v) : BigInt.asUintN(spec.bits, v);
}

export type Numeric = number | bigint;

/** A pre-parsed right-hand number: a plain number when exact, so the common case compares number to number. */
export function toComparable(v: bigint): Numeric {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

export function isNumeric(v: unknown): v is Numeric {
  return typeof v === 'number' || typeof v === 'bigint';
}

export function compareNumeric(op: CompareOp, a: Numeric, b: Numeric): boolean {
  switch (op) {
    case '=':
    case 'in':
    case 'intersects':
      // Loose equality is exact between number and bigint (no rounding).
      return a == b;
    case '!=':
      return a != b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return false;
  }
}
