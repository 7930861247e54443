// `in` / `intersects` against literal values: hashed where the value type
// allows (strings, numbers, IPv4, booleans), scanned otherwise (buffers,
// IPv6, networks). On a list field, `in` requires every extracted element to
// be a member (an empty list passes) and `intersects` requires one; on a
// single value both are plain membership.
import type { FieldScalar, FieldValue } from '../../fields/field-access.js';
import { bytesEqual } from './buffer-compare.js';
import type { ValuePred } from './element-predicate.js';
import { inNet, ipEquals, newIpScratch, readIp, type IpAddr, type IpNet } from './ip.js';
import { toComparable } from './numeric.js';
import { asBool, asBytes, asString } from './scalar-ops.js';
import type { Scalar } from './value-parser.js';
import type { ValueType } from './value-type.js';

export function membershipPredicate(type: ValueType, values: readonly Scalar[]): ValuePred {
  switch (type.kind) {
    case 'string':
      return stringMembers(values);
    case 'number':
    case 'port':
      return numberMembers(values);
    case 'bool':
      return boolMembers(values);
    case 'buffer':
      return bufferMembers(values);
    case 'ipaddr':
      return addrMembers(values.filter((v): v is IpAddr => isIpOf(v, 'ipaddr')));
    case 'ipnet':
      return netMembers(values.filter((v): v is IpNet => isIpOf(v, 'ipnet')));
  }
}

/** Applies a membership test to an extracted value: every element of a list, or the value itself. */
export function listMembership(member: ValuePred, op: 'in' | 'intersects'): (v: FieldValue) => boolean {
  if (op === 'in') {
    return (v) => {
      if (!Array.isArray(v)) return member(v as FieldScalar);
      for (let i = 0; i < v.length; i++) if (!member(v[i] as FieldScalar)) return false;
      return true;
    };
  }
  return (v) => {
    if (!Array.isArray(v)) return member(v as FieldScalar);
    for (let i = 0; i < v.length; i++) if (member(v[i] as FieldScalar)) return true;
    return false;
  };
}

function isIpOf(v: Scalar, kind: 'ipaddr' | 'ipnet'): boolean {
  return typeof v === 'object' && !(v instanceof Uint8Array) && v.kind === kind;
}

function stringMembers(values: readonly Scalar[]): ValuePred {
  const set = new Set(values.filter((v): v is string => typeof v === 'string'));
  return (v) => set.has(typeof v === 'string' ? v : asString(v));
}

/** Numbers exact as doubles go in one set, larger ones in a bigint set; both sides are normalised the same way. */
function numberMembers(values: readonly Scalar[]): ValuePred {
  const nums = new Set<number>();
  const bigs = new Set<bigint>();
  for (const v of values) {
    if (typeof v !== 'bigint') continue;
    const c = toComparable(v);
    if (typeof c === 'number') nums.add(c);
    else bigs.add(c);
  }
  return (v) => {
    if (typeof v === 'number') return nums.has(v) || (bigs.size > 0 && Number.isInteger(v) && bigs.has(BigInt(v)));
    if (typeof v === 'bigint') return bigs.has(v) || nums.has(Number(v));
    return false;
  };
}

function boolMembers(values: readonly Scalar[]): ValuePred {
  const hasTrue = values.includes(true);
  const hasFalse = values.includes(false);
  return (v) => (asBool(v) ? hasTrue : hasFalse);
}

function bufferMembers(values: readonly Scalar[]): ValuePred {
  const list = values.filter((v): v is Uint8Array => v instanceof Uint8Array);
  return (v) => {
    const bytes = asBytes(v);
    for (const b of list) if (bytesEqual(bytes, b)) return true;
    return false;
  };
}

function addrMembers(addrs: readonly IpAddr[]): ValuePred {
  const v4 = new Set(addrs.filter((a) => a.family === 4).map((a) => a.v4));
  const v6 = addrs.filter((a) => a.family === 6);
  const scratch = newIpScratch();
  return (v) => {
    const ip = readIp(v, scratch);
    if (ip.family === 4) return v4.has(ip.v4);
    if (ip.family === 6) for (const a of v6) if (ipEquals(ip, a)) return true;
    return false;
  };
}

function netMembers(nets: readonly IpNet[]): ValuePred {
  const scratch = newIpScratch();
  return (v) => {
    const ip = readIp(v, scratch);
    if (ip.family === 0) return false;
    for (const n of nets) if (inNet(ip, n)) return true;
    return false;
  };
}
