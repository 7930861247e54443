// Parses condition text into an AST whose positions point into the rules
// files: the parser reports offsets in the text it was given, and the text
// knows (MappedText) which file character each offset came from.
import type { Expr, Position } from '../filter/ast.js';
import { parseCondition } from '../filter/parser.js';
import type { MappedText } from './mapped-text.js';
import type { FilePosition } from './rules-problem.js';

/** Rewrites every node position from text offsets to file line/col, in place. */
function relocate(node: unknown, text: MappedText): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) relocate(n, text);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'pos' && value !== null && typeof value === 'object' && 'offset' in value) {
      (node as { pos: Position }).pos = toPosition((value as Position).offset, text);
    } else if (value !== null && typeof value === 'object') {
      relocate(value, text);
    }
  }
}

function toPosition(offset: number, text: MappedText): Position {
  const fp = text.positionAt(offset);
  return { offset, line: fp.line, col: fp.col, source: fp.file };
}

export function filePosition(pos: Position, fallback: FilePosition): FilePosition {
  return pos.source === undefined ? fallback : { file: pos.source, line: pos.line, col: pos.col };
}

export type ConditionParse = { ok: true; ast: Expr } | { ok: false; message: string; at: FilePosition };

export function parseMappedCondition(text: MappedText): ConditionParse {
  const r = parseCondition(text.text);
  if (!r.ok) return { ok: false, message: r.error.message, at: text.positionAt(r.error.pos.offset) };
  relocate(r.value, text);
  return { ok: true, ast: r.value };
}
