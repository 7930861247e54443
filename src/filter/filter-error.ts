// Problems found in a condition, as values. `pos` is in the condition text;
// the rules loader maps it to file:line:col.
import type { Position } from './ast.js';

export interface FilterProblem {
  message: string;
  pos: Position;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: FilterProblem };
