// A single-valued field may extract several candidates: "either endpoint"
// (libsinsp's fd.ip, fd.net, fd.port, fd.proto), where `!=` needs every
// candidate to differ, or "any ancestor" (proc.aname without an index), where
// every operator, `!=` included, needs just one candidate. No candidates: false.
// List fields are handled by membership instead.
import type { FieldInfo, FieldScalar, FieldValue } from '../../fields/field-access.js';
import type { ValuePred } from './element-predicate.js';
import type { CompareOp } from './value-type.js';

export function onCandidates(pred: ValuePred, op: CompareOp, mode: FieldInfo['candidates']): (v: FieldValue) => boolean {
  if (op === '!=' && mode !== 'any') {
    return (v) => {
      if (!Array.isArray(v)) return pred(v as FieldScalar);
      for (let i = 0; i < v.length; i++) if (!pred(v[i] as FieldScalar)) return false;
      return v.length > 0;
    };
  }
  return (v) => {
    if (!Array.isArray(v)) return pred(v as FieldScalar);
    for (let i = 0; i < v.length; i++) if (pred(v[i] as FieldScalar)) return true;
    return false;
  };
}
