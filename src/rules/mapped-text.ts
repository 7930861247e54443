// Condition text that remembers where each character came from. Falco builds
// a rule's condition by string surgery (exceptions appended, list names
// replaced by their items) before parsing it; to point an error at the
// file:line:col the user wrote, every piece of the final text keeps a map back
// to its source.
import type { LineCounter, Scalar } from 'yaml';
import type { FilePosition } from './rules-problem.js';

interface Span {
  start: number;
  end: number;
  /** File position of the character `k` places into the span. */
  origin: (k: number) => FilePosition;
}

export class MappedText {
  private constructor(readonly text: string, private readonly spans: readonly Span[]) {}

  /** Text with no better origin than one position (generated text). */
  static at(text: string, pos: FilePosition): MappedText {
    return new MappedText(text, [{ start: 0, end: text.length, origin: () => pos }]);
  }

  /** A YAML scalar's value, mapped character by character onto its source. */
  static fromScalar(node: Scalar, file: string, source: string, lines: LineCounter): MappedText {
    const value = String(node.value ?? '');
    const [from = 0, to = from] = node.range ?? [];
    const offsets = alignValueToSource(value, source, from, to);
    const toPos = (offset: number): FilePosition => {
      const lp = lines.linePos(offset);
      return { file, line: lp.line, col: lp.col };
    };
    return new MappedText(value, [{ start: 0, end: value.length, origin: (k) => toPos(offsets[Math.min(k, offsets.length - 1)] ?? from) }]);
  }

  static concat(parts: readonly MappedText[]): MappedText {
    const spans: Span[] = [];
    let text = '';
    for (const part of parts) {
      for (const s of part.spans) spans.push({ start: s.start + text.length, end: s.end + text.length, origin: s.origin });
      text += part.text;
    }
    return new MappedText(text, spans);
  }

  positionAt(offset: number): FilePosition {
    const spans = this.spans;
    let lo = 0;
    let hi = spans.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (spans[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    const span = spans[lo];
    if (span === undefined) return { file: '', line: 1, col: 1 };
    return span.origin(Math.max(0, Math.min(offset, span.end) - span.start));
  }

  /**
   * Replaces [start, end) ranges with new strings (sorted, non-overlapping);
   * a replacement maps to the position of what it replaced.
   */
  replaceRanges(edits: readonly { start: number; end: number; text: string }[]): MappedText {
    if (edits.length === 0) return this;
    const parts: MappedText[] = [];
    let at = 0;
    for (const edit of edits) {
      if (edit.start > at) parts.push(this.slice(at, edit.start));
      parts.push(MappedText.at(edit.text, this.positionAt(edit.start)));
      at = edit.end;
    }
    if (at < this.text.length) parts.push(this.slice(at, this.text.length));
    return MappedText.concat(parts);
  }

  slice(start: number, end: number): MappedText {
    const spans: Span[] = [];
    for (const s of this.spans) {
      const a = Math.max(s.start, start);
      const b = Math.min(s.end, end);
      if (a >= b) continue;
      const shift = a - s.start;
      spans.push({ start: a - start, end: b - start, origin: (k) => s.origin(k + shift) });
    }
    return new MappedText(this.text.slice(start, end), spans);
  }
}

/**
 * For each character of a scalar's value, the source offset it was read from.
 * Folding, indentation, quotes and escapes make the two differ; matching each
 * value character to the next equal source character (within a short window)
 * recovers the layout closely enough to point at the right column.
 */
function alignValueToSource(value: string, source: string, from: number, to: number): number[] {
  const out = new Array<number>(value.length + 1);
  let j = from;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    let k = j;
    const limit = Math.min(to, j + 64);
    while (k < limit && source[k] !== c && !(c === ' ' && source[k] === '\n')) k++;
    if (k < limit) j = k;
    out[i] = j;
    if (k < limit) j++;
  }
  out[value.length] = Math.min(j, Math.max(from, to - 1));
  return out;
}
