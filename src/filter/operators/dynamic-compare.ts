// Comparison against a field on the right (`val(f)` or a transformer): both
// sides are extracted per event (libsinsp compare_nocache with a rhs check).
// The types are equal (checked at compile time). List against list: `in` =
// every left element appears on the right, `intersects` = one does. A single
// value compared with several right values (an "either endpoint" field)
// matches any of them for `in`/`intersects` and uses the first otherwise.
import type { FieldScalar, FieldValue } from '../../fields/field-access.js';
import { binaryOp, type BinaryFn } from './scalar-ops.js';
import type { CompareOp, ValueType } from './value-type.js';

export type DynamicCompare = (l: FieldValue, r: FieldValue) => boolean;

const NEVER: DynamicCompare = () => false;

export function dynamicComparator(type: ValueType, op: CompareOp): DynamicCompare {
  if (type.isList) return listComparator(type, op);
  const fn = binaryOp(type, op);
  if (fn === undefined) return NEVER;
  if (op === 'in' || op === 'intersects') return (l, r) => anyRight(fn, first(l), r);
  return (l, r) => fn(first(l), first(r));
}

function listComparator(type: ValueType, op: CompareOp): DynamicCompare {
  const eq = binaryOp({ ...type, isList: false }, '=');
  if (eq === undefined || (op !== 'in' && op !== 'intersects')) return NEVER;
  if (op === 'in') {
    return (l, r) => {
      for (const item of items(l)) if (!anyRight(eq, item, r)) return false;
      return true;
    };
  }
  return (l, r) => {
    for (const item of items(l)) if (anyRight(eq, item, r)) return true;
    return false;
  };
}

function anyRight(fn: BinaryFn, l: FieldScalar, r: FieldValue): boolean {
  if (!Array.isArray(r)) return fn(l, r as FieldScalar);
  for (const item of r as readonly FieldScalar[]) if (fn(l, item)) return true;
  return false;
}

const NO_ITEMS: readonly FieldScalar[] = [];

/** Only list-typed values reach this; a stray scalar counts as no elements rather than allocating. */
function items(v: FieldValue): readonly FieldScalar[] {
  return Array.isArray(v) ? (v as readonly FieldScalar[]) : NO_ITEMS;
}

function first(v: FieldValue): FieldScalar {
  return Array.isArray(v) ? ((v as readonly FieldScalar[])[0] ?? '') : (v as FieldScalar);
}
