// The type a compiled operand yields: a field's type, possibly changed by
// transformers (len() gives UINT64, getopt() a CHARBUF list, ...). Operator
// compatibility, literal parsing and comparison all key off this.
import type { FieldKind } from '../../fields/field-access.js';
import type { BinaryOperator, Operator } from '../ast.js';

export interface ValueType {
  /** libsinsp PT_* name without the prefix: CHARBUF, FSPATH, UINT64, IPNET, ... */
  ptType: string;
  kind: FieldKind;
  isList: boolean;
}

/** `==` and `=` are the same comparison (libsinsp CO_EQ); everything downstream sees `=`. */
export type CompareOp = Exclude<BinaryOperator, '=='>;
export type CheckOp = Exclude<Operator, '=='>;

export function normalizeOp(op: Operator): CheckOp {
  return op === '==' ? '=' : op;
}

export const CHARBUF: ValueType = { ptType: 'CHARBUF', kind: 'string', isList: false };
export const CHARBUF_LIST: ValueType = { ptType: 'CHARBUF', kind: 'string', isList: true };
export const UINT64: ValueType = { ptType: 'UINT64', kind: 'number', isList: false };

export function sameType(a: ValueType, b: ValueType): boolean {
  return a.ptType === b.ptType && a.isList === b.isList;
}

/** How libsinsp names a type in messages: `CHARBUF`, `UINT64 (list)`. */
export function typeLabel(t: ValueType): string {
  return t.isList ? `${t.ptType} (list)` : t.ptType;
}
