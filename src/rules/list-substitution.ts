// Lists are substituted into conditions as text, before parsing, exactly as
// Falco's resolve_list does: every occurrence of a list name delimited by the
// start/end of the text or one of ` \t\n\r(),=` is replaced by
// " item1, item2 " (blanks around the name swallowed; items with a space
// quoted); an empty list also removes one adjacent comma.
import type { MappedText } from './mapped-text.js';

const DELIMITERS = ' \t\n\r(),=';
const BLANKS = ' \t\n\r';

export interface ExpandedList {
  name: string;
  items: string[];
}

function quoteItem(v: string): string {
  return v.includes(' ') && !v.startsWith("'") && !v.startsWith('"') ? `"${v}"` : v;
}

/** Occurrence edits for one list in `text`: [start, end) ranges to replace. */
function listEdits(text: string, list: ExpandedList): { start: number; end: number; text: string }[] {
  const edits: { start: number; end: number; text: string }[] = [];
  const name = list.name;
  let from = 0;
  for (;;) {
    const at = text.indexOf(name, from);
    if (at < 0) break;
    const end = at + name.length;
    from = end;
    const before = at === 0 ? '' : text[at - 1]!;
    const after = end === text.length ? '' : text[end]!;
    if ((before !== '' && !DELIMITERS.includes(before)) || (after !== '' && !DELIMITERS.includes(after))) continue;
    let start = at;
    let stop = end;
    while (start > 0 && BLANKS.includes(text[start - 1]!)) start--;
    while (stop < text.length && BLANKS.includes(text[stop]!)) stop++;
    if (list.items.length === 0) {
      // Drop one adjacent comma so "(a, empty_list)" stays well-formed.
      if (stop < text.length && text[stop] === ',') stop++;
      else if (start > 0 && text[start - 1] === ',') start--;
      edits.push({ start, end: stop, text: '' });
    } else {
      edits.push({ start, end: stop, text: ` ${list.items.map(quoteItem).join(', ')} ` });
    }
  }
  return edits;
}

/**
 * Substitutes every list (in definition order) into `text`; returns the new
 * text and the names of the lists that occurred.
 */
export function substituteLists(text: MappedText, lists: readonly ExpandedList[]): { text: MappedText; used: string[] } {
  let current = text;
  const used: string[] = [];
  for (const list of lists) {
    if (!current.text.includes(list.name)) continue;
    const edits = mergeOverlaps(listEdits(current.text, list));
    if (edits.length === 0) continue;
    used.push(list.name);
    current = current.replaceRanges(edits);
  }
  return { text: current, used };
}

/** Swallowed blanks of neighbouring occurrences can overlap; merge them. */
function mergeOverlaps(edits: { start: number; end: number; text: string }[]): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  for (const e of edits) {
    const last = out[out.length - 1];
    if (last !== undefined && e.start < last.end) {
      last.text += e.text;
      last.end = Math.max(last.end, e.end);
    } else {
      out.push({ ...e });
    }
  }
  return out;
}
