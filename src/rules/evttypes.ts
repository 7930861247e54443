// The event types a rule can match, computed from its condition as libsinsp's
// ppm_event_codes does: `and` intersects, `or` unites, `not` is pushed to the
// leaves (De Morgan); an evt.type check with = == != in names event codes;
// every other check is neutral (all codes). Sets are bitmaps over the event
// table, so the algebra costs a few hundred byte operations per node.
import { EVENT_COUNT, allEvents } from '../capture/event-schema.js';
import { PPM_SC_NAMES } from '../capture/ppm-syscalls.js';
import type { CheckExpr, Expr } from '../filter/ast.js';

export type CodeSet = Uint8Array;

const GENERIC_CODES = [0, 1];

/** Event codes per evt.type name; syscalls without a dedicated event map to the generic event. */
const CODES_BY_NAME: ReadonlyMap<string, readonly number[]> = (() => {
  const m = new Map<string, number[]>();
  for (const e of allEvents()) {
    if (e.name === 'NA') continue;
    (m.get(e.name) ?? m.set(e.name, []).get(e.name)!).push(e.code);
  }
  for (const name of PPM_SC_NAMES) if (name !== null && !m.has(name)) m.set(name, GENERIC_CODES);
  return m;
})();

export function isKnownEventType(name: string): boolean {
  return CODES_BY_NAME.has(name);
}

const all = (): CodeSet => new Uint8Array(EVENT_COUNT).fill(1);
const none = (): CodeSet => new Uint8Array(EVENT_COUNT);

function complement(s: CodeSet): CodeSet {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s[i] ? 0 : 1;
  return out;
}

function combine(sets: CodeSet[], union: boolean): CodeSet {
  const out = union ? none() : all();
  for (const s of sets) for (let i = 0; i < out.length; i++) out[i] = union ? out[i]! | s[i]! : out[i]! & s[i]!;
  return out;
}

function isEvtTypeField(c: CheckExpr): boolean {
  return c.left.kind === 'field' && (c.left.name === 'evt.type' || c.left.name === 'syscall.type') && c.left.arg === undefined;
}

/** The names an evt.type check compares against, when it restricts the set. */
function checkNames(c: CheckExpr): string[] | undefined {
  if (!isEvtTypeField(c) || c.modifier !== undefined) return undefined;
  if (c.op !== '=' && c.op !== '==' && c.op !== '!=' && c.op !== 'in') return undefined;
  const r = c.right;
  if (r?.kind === 'value') return [r.value];
  if (r?.kind === 'list') return r.values.map((v) => v.value);
  return undefined;
}

function checkCodes(c: CheckExpr, negated: boolean): CodeSet {
  if (isEvtTypeField(c) && c.op === 'exists') return negated ? none() : all();
  const names = checkNames(c);
  if (names === undefined) return all(); // neutral, never inverted
  let set = none();
  for (const n of names) for (const code of CODES_BY_NAME.get(n) ?? []) set[code] = 1;
  if (c.op === '!=') set = complement(set);
  return negated ? complement(set) : set;
}

export function eventCodes(e: Expr, negated = false): CodeSet {
  switch (e.kind) {
    case 'and': return combine(e.children.map((c) => eventCodes(c, negated)), negated);
    case 'or': return combine(e.children.map((c) => eventCodes(c, negated)), !negated);
    case 'not': return eventCodes(e.child, !negated);
    case 'check': return checkCodes(e, negated);
    case 'identifier': return all();
  }
}

export function codeList(set: CodeSet): number[] {
  const out: number[] = [];
  for (let i = 0; i < set.length; i++) if (set[i]) out.push(i);
  return out;
}

/** Sorted, distinct evt.type names of a code set (generic codes count as no name). */
export function codeNames(set: CodeSet): string[] {
  const names = new Set<string>();
  for (const e of allEvents()) if (set[e.code] && e.name !== 'NA' && e.code > 1) names.add(e.name);
  return [...names].sort();
}

/** evt.type values in a condition that name no event or syscall: each is a compile error. */
export function unknownEventTypes(e: Expr, out: { name: string; check: CheckExpr }[] = []): { name: string; check: CheckExpr }[] {
  switch (e.kind) {
    case 'and': case 'or': e.children.forEach((c) => unknownEventTypes(c, out)); break;
    case 'not': unknownEventTypes(e.child, out); break;
    case 'check':
      if (isEvtTypeField(e) && e.right !== undefined) {
        const values = e.right.kind === 'value' ? [e.right] : e.right.kind === 'list' ? e.right.values : [];
        for (const v of values) if (!CODES_BY_NAME.has(v.value)) out.push({ name: v.value, check: e });
      }
      break;
    case 'identifier': break;
  }
  return out;
}
