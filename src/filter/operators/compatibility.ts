// Which operators a value type accepts, with libsinsp's wording
// (filter_compare.cpp, flt_is_comparable). The checks run on the type after
// transformers, so `len(proc.args) > 2` is a numeric check.
import type { ListModifier } from '../ast.js';
import type { CheckOp, ValueType } from './value-type.js';

const NUMERIC_OPS: ReadonlySet<CheckOp> = new Set<CheckOp>(['=', '!=', '<', '<=', '>', '>=', 'in', 'intersects', 'exists']);
const BOOL_OPS: ReadonlySet<CheckOp> = new Set<CheckOp>(['=', '!=', 'in', 'intersects', 'exists']);
const STRING_OPS: ReadonlySet<CheckOp> = new Set<CheckOp>([
  '=', '!=', '<', '<=', '>', '>=', 'contains', 'in', 'exists', 'icontains', 'startswith',
  'glob', 'pmatch', 'endswith', 'intersects', 'iglob', 'regex',
]);
const BUFFER_OPS: ReadonlySet<CheckOp> = new Set<CheckOp>([
  '=', '!=', 'contains', 'in', 'exists', 'startswith', 'endswith', 'intersects', 'bcontains', 'bstartswith',
]);
const IP_OPS: ReadonlySet<CheckOp> = new Set<CheckOp>(['=', '!=', 'in', 'exists', 'intersects']);
const LIST_OPS: ReadonlySet<CheckOp> = new Set<CheckOp>(['in', 'exists', 'intersects']);

/** Element types libsinsp can compare in a list field (sinsp_filter_check::compare_rhs). */
const LIST_PT_TYPES: ReadonlySet<string> = new Set(['CHARBUF', 'UINT64', 'RELTIME', 'ABSTIME', 'BOOL', 'IPADDR', 'IPNET']);

/** The error text, prefixed like libsinsp's compiler ("filter error: ..."), or undefined when allowed. */
export function operatorCompatError(op: CheckOp, modifier: ListModifier | undefined, type: ValueType): string | undefined {
  if (op === 'exists') return undefined;
  const err = type.isList ? listError(op, type) : scalarError(op, modifier, type);
  return err === undefined ? undefined : `filter error: ${err}`;
}

function listError(op: CheckOp, type: ValueType): string | undefined {
  if (!LIST_PT_TYPES.has(type.ptType)) return `list filters are not supported for type '${type.ptType}'`;
  // libsinsp's text really lacks the "for".
  return LIST_OPS.has(op) ? undefined : `'${op}' operator not supported list filters`;
}

function scalarError(op: CheckOp, modifier: ListModifier | undefined, type: ValueType): string | undefined {
  switch (type.kind) {
    case 'number':
    case 'port':
      return NUMERIC_OPS.has(op) ? undefined : `'${op}' operator not supported for numeric filters`;
    case 'bool':
      // libsinsp reuses the numeric wording for booleans.
      return BOOL_OPS.has(op) ? undefined : `'${op}' operator not supported for numeric filters`;
    case 'string':
      return STRING_OPS.has(op) ? undefined : `'${op}' operator not supported for string filters`;
    case 'buffer':
      return BUFFER_OPS.has(op) ? undefined : `'${op}' operator not supported for buffer filters`;
    case 'ipaddr':
    case 'ipnet':
      return ipError(op, modifier);
  }
}

function ipError(op: CheckOp, modifier: ListModifier | undefined): string | undefined {
  if (IP_OPS.has(op)) return undefined;
  if (modifier !== undefined) return `'${op}' with modifier not supported for ip address and network filters`;
  return `'${op}' operator not supported for ip address and network filters`;
}
