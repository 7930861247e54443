// A literal on the right, prepared once (glob compiled, icontains needle
// lowered, regex compiled, numbers in comparable form) and turned into a
// one-argument test for the extracted value.
import type { FieldScalar } from '../../fields/field-access.js';
import { compileGlob, globMatch, type GlobPattern } from './glob.js';
import { inNet, ipEquals, newIpScratch, readIp, type IpAddr, type IpNet } from './ip.js';
import { toComparable } from './numeric.js';
import { compileRe2Posix } from './regex.js';
import { asString, binaryOp } from './scalar-ops.js';
import { asciiLower, containsLowered } from './string-compare.js';
import type { Scalar } from './value-parser.js';
import type { CompareOp, ValueType } from './value-type.js';

export type ValuePred = (v: FieldScalar) => boolean;

export type PreparedElem =
  | { form: 'value'; value: FieldScalar }
  | { form: 'ip'; ip: IpAddr | IpNet }
  | { form: 'glob'; glob: GlobPattern }
  | { form: 'regex'; regex: RegExp }
  | { form: 'lowered'; text: string };

export type PrepareResult = { ok: true; elem: PreparedElem } | { ok: false; error: string };

export function prepareElement(type: ValueType, op: CompareOp, value: Scalar): PrepareResult {
  if (typeof value === 'string' && type.kind === 'string') return prepareString(op, value);
  if (typeof value === 'bigint') return { ok: true, elem: { form: 'value', value: toComparable(value) } };
  if (isIp(value)) return { ok: true, elem: { form: 'ip', ip: value } };
  return { ok: true, elem: { form: 'value', value } };
}

function isIp(v: Scalar): v is IpAddr | IpNet {
  return typeof v === 'object' && !(v instanceof Uint8Array);
}

function prepareString(op: CompareOp, text: string): PrepareResult {
  switch (op) {
    case 'glob':
    case 'iglob':
      return { ok: true, elem: { form: 'glob', glob: compileGlob(text, op === 'iglob') } };
    case 'icontains':
      return { ok: true, elem: { form: 'lowered', text: asciiLower(text) } };
    case 'regex': {
      const r = compileRe2Posix(text);
      return r.ok ? { ok: true, elem: { form: 'regex', regex: r.regex } } : { ok: false, error: `invalid regex pattern: ${r.error}` };
    }
    default:
      return { ok: true, elem: { form: 'value', value: text } };
  }
}

export function elementPredicate(type: ValueType, op: CompareOp, elem: PreparedElem): ValuePred {
  switch (elem.form) {
    case 'glob': {
      const g = elem.glob;
      return (v) => globMatch(g, asString(v));
    }
    case 'regex': {
      const re = elem.regex;
      return (v) => re.test(asString(v));
    }
    case 'lowered': {
      const needle = elem.text;
      return (v) => containsLowered(asString(v), needle);
    }
    case 'ip':
      return elem.ip.kind === 'ipnet' ? netPredicate(op, elem.ip) : addrPredicate(op, elem.ip);
    case 'value':
      return fixedRight(type, op, elem.value);
  }
}

function fixedRight(type: ValueType, op: CompareOp, r: FieldScalar): ValuePred {
  if (type.kind === 'string' && typeof r === 'string') {
    const fast = stringFastPath(op, r);
    if (fast !== undefined) return fast;
  }
  const fn = binaryOp(type, op);
  if (fn === undefined) return () => false;
  return (v) => fn(v, r);
}

/** The most common string checks, without the generic coercion wrapper. */
function stringFastPath(op: CompareOp, r: string): ValuePred | undefined {
  switch (op) {
    case '=':
      return (v) => (typeof v === 'string' ? v === r : asString(v) === r);
    case '!=':
      return (v) => (typeof v === 'string' ? v !== r : asString(v) !== r);
    case 'contains':
      return (v) => asString(v).includes(r);
    case 'startswith':
      return (v) => asString(v).startsWith(r);
    case 'endswith':
      return (v) => asString(v).endsWith(r);
    default:
      return undefined;
  }
}

function addrPredicate(op: CompareOp, addr: IpAddr): ValuePred {
  const negate = op === '!=';
  const scratch = newIpScratch();
  return (v) => {
    const ip = readIp(v, scratch);
    if (ip.family === 0) return false;
    return ip.family === addr.family ? ipEquals(ip, addr) !== negate : negate;
  };
}

/** IPNET fields match by containment; `!=` is "outside the network" (or another family). */
function netPredicate(op: CompareOp, net: IpNet): ValuePred {
  const negate = op === '!=';
  const scratch = newIpScratch();
  return (v) => {
    const ip = readIp(v, scratch);
    if (ip.family === 0) return false;
    return ip.family === net.family ? inNet(ip, net) !== negate : negate;
  };
}
