// Compiler warnings about constant right-hand values (libsinsp
// sinsp_filter_compiler::check_value_and_add_warnings): a regex that a plain
// operator could replace, a value that names a field (the author probably
// meant val()), and a value that looks like a transformer call. Quoting does
// not matter: libsinsp only sees the value.
import { TRANSFORMER_NAMES } from '../ast.js';
import type { CompareOp } from './value-type.js';

const REGEX_SPECIALS = '.+*?^$()[]{}|\\';
const REGEX_OCCURRENCE = '+*?';
const TRANSFORMER_CALLS = ['val', ...TRANSFORMER_NAMES];

export function valueWarnings(op: CompareOp, value: string, isFieldName: (text: string) => boolean): string[] {
  const out: string[] = [];
  const nospaces = value.replace(/[ \t\n\v\f\r]/g, '');
  if (op === 'regex' && regexIsReplaceable(value)) {
    out.push(`regex check with '${value}' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'`);
  }
  if (isFieldName(nospaces)) out.push(`'${value}' may be a valid field misused as a const string value`);
  for (const t of TRANSFORMER_CALLS) {
    if (nospaces.length >= t.length + 2 && nospaces.startsWith(`${t}(`) && nospaces.endsWith(')')) {
      out.push(`'${value}' may be a valid field transformer misused as a const string value`);
    }
  }
  return out;
}

/** No regex syntax beyond the anchors and a leading/trailing `.*`, `.+` or `.?`. */
function regexIsReplaceable(v: string): boolean {
  const len = v.length;
  for (let i = 0; i < len; i++) {
    if ((i === 0 && v[i] === '^') || (i === len - 1 && v[i] === '$')) continue;
    if (((i === 0 && len > 1) || i === len - 2) && v[i] === '.' && REGEX_OCCURRENCE.includes(v[i + 1] ?? '\0')) {
      i++;
      continue;
    }
    if (REGEX_SPECIALS.includes(v[i]!)) return false;
  }
  return true;
}
