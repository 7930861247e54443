// `op oneof|anyof|allof (r1, r2, ...)`: the base operator against each
// element, then exactly one / at least one / all must hold
// (sinsp_filter_check::compare_rhs_with_mod). An empty list is false for every
// modifier. `= anyof` is set membership and `!= allof` its negation, as in
// libsinsp's fast path.
import type { ListModifier } from '../ast.js';
import type { ValuePred } from './element-predicate.js';

const NEVER: ValuePred = () => false;

export function modifierPredicate(modifier: ListModifier, preds: readonly ValuePred[]): ValuePred {
  if (preds.length === 0) return NEVER;
  switch (modifier) {
    case 'anyof':
      return anyOf(preds);
    case 'allof':
      return allOf(preds);
    case 'oneof':
      return oneOf(preds);
  }
}

function anyOf(preds: readonly ValuePred[]): ValuePred {
  return (v) => {
    for (let i = 0; i < preds.length; i++) if (preds[i]!(v)) return true;
    return false;
  };
}

function allOf(preds: readonly ValuePred[]): ValuePred {
  return (v) => {
    for (let i = 0; i < preds.length; i++) if (!preds[i]!(v)) return false;
    return true;
  };
}

function oneOf(preds: readonly ValuePred[]): ValuePred {
  return (v) => {
    let hits = 0;
    for (let i = 0; i < preds.length; i++) if (preds[i]!(v) && ++hits > 1) return false;
    return hits === 1;
  };
}

/** The set shortcut for `= anyof` / `!= allof`, or undefined when the generic form applies. */
export function membershipShortcut(
  modifier: ListModifier,
  op: string,
  count: number,
  member: () => ValuePred,
): ValuePred | undefined {
  if (count === 0) return undefined;
  if (modifier === 'anyof' && op === '=') return member();
  if (modifier === 'allof' && op === '!=') {
    const m = member();
    return (v) => !m(v);
  }
  return undefined;
}
