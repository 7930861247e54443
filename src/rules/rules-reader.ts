// Reads one rules file (YAML text) into items, as Falco's rule_loader_reader
// does: a sequence of maps per document, the item kind decided by its first
// known key, unknown keys warned about. Every problem is collected (Falco stops
// at the first); each carries file:line:col.
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import { MappedText } from './mapped-text.js';
import type { ExceptionItem, Located, OverrideOp, RuleItem, RulesItem } from './rule-items.js';
import type { ErrorCode, FilePosition, ItemRef, RulesProblem, WarningCode } from './rules-problem.js';

const ITEM_KEYS = ['required_engine_version', 'required_plugin_versions', 'list', 'macro', 'rule'] as const;
const KNOWN_KEYS: Record<string, ReadonlySet<string>> = {
  list: new Set(['list', 'items', 'append', 'override']),
  macro: new Set(['macro', 'condition', 'append', 'override']),
  rule: new Set(['rule', 'desc', 'condition', 'output', 'priority', 'tags', 'enabled', 'exceptions', 'source', 'append',
    'override', 'warn_evttypes', 'skip-if-unknown-filter', 'capture', 'capture_duration']),
  required_engine_version: new Set(['required_engine_version']),
  required_plugin_versions: new Set(['required_plugin_versions']),
};

export interface ReadResult {
  items: RulesItem[];
  problems: RulesProblem[];
}

class FileReader {
  readonly lines = new LineCounter();
  readonly problems: RulesProblem[] = [];
  constructor(readonly file: string, readonly text: string) {}

  pos(node: Node | Pair | undefined, fallback = 0): FilePosition {
    const offset = (node && 'range' in node && node.range ? node.range[0] : undefined) ?? fallback;
    const lp = this.lines.linePos(offset);
    return { file: this.file, line: lp.line, col: lp.col };
  }

  report(severity: 'error' | 'warning', code: ErrorCode | WarningCode, message: string, at: FilePosition, item?: ItemRef): void {
    this.problems.push({ severity, code, message, at, item });
  }
}

export function readRulesText(file: string, text: string): ReadResult {
  const r = new FileReader(file, text);
  const docs = parseAllDocuments(text, { lineCounter: r.lines, prettyErrors: false });
  const items: RulesItem[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    for (const err of doc.errors) r.report('error', 'LOAD_ERR_YAML_PARSE', err.message.split('\n')[0]!, r.pos(undefined, err.pos[0]));
    if (doc.errors.length > 0) continue;
    const root = doc.contents;
    if (root === null || (isScalar(root) && root.value === null)) continue;
    if (!isSeq(root)) {
      r.report('error', 'LOAD_ERR_YAML_VALIDATE', 'Rules content is not yaml array of objects', r.pos(root));
      continue;
    }
    for (const entry of root.items) {
      if (entry === null || (isScalar(entry) && entry.value === null)) continue;
      if (!isMap(entry)) {
        r.report('error', 'LOAD_ERR_YAML_VALIDATE', 'Unexpected element type. Each element should be a yaml associative array.', r.pos(entry as Node));
        continue;
      }
      const item = readItem(r, entry);
      if (item !== undefined) items.push(item);
    }
  }
  return { items, problems: r.problems };
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

function readItem(r: FileReader, map: YAMLMap): RulesItem | undefined {
  const keys = new Map<string, Pair>();
  for (const pair of map.items) keys.set(keyOf(pair), pair);
  const kind = ITEM_KEYS.find((k) => keys.has(k));
  const at = r.pos(map);
  if (kind === undefined) {
    r.report('warning', 'LOAD_UNKNOWN_ITEM', 'Unknown top level item', at);
    return undefined;
  }
  const nameValue = (keys.get(kind)!.value ?? null) as Node | null;
  const name = isScalar(nameValue) ? String(nameValue.value ?? '') : '';
  const ref: ItemRef = { kind, name };
  for (const [key, pair] of keys) {
    if (!KNOWN_KEYS[kind]!.has(key)) r.report('warning', 'LOAD_UNKNOWN_KEY', `Unknown key '${key}'. The key will be ignored.`, r.pos(pair.key as Node), ref);
  }
  const ctx = new ItemContext(r, keys, ref);
  switch (kind) {
    case 'required_engine_version': {
      const v = ctx.scalar('required_engine_version');
      return v === undefined ? undefined : { kind, version: String(v.value), at };
    }
    case 'required_plugin_versions':
      return { kind, plugins: ctx.plugins(), at };
    case 'list': {
      if (!isScalar(nameValue) || name === '') return ctx.missing('list', at);
      return { kind, name, at, items: ctx.stringList('items', true) ?? [], append: ctx.bool('append') ?? false, override: ctx.override() };
    }
    case 'macro': {
      if (!isScalar(nameValue) || name === '') return ctx.missing('macro', at);
      return { kind, name, at, condition: ctx.text('condition', true), append: ctx.bool('append') ?? false, override: ctx.override() };
    }
    case 'rule':
      if (!isScalar(nameValue) || name === '') return ctx.missing('rule', at);
      return readRule(ctx, name, at);
  }
}

function readRule(ctx: ItemContext, name: string, at: FilePosition): RuleItem {
  const keys = new Set([...ctx.keys.keys()].filter((k) => k !== 'rule'));
  const keyAt = new Map([...ctx.keys].map(([k, p]) => [k, ctx.r.pos(p.value as Node)] as const));
  return {
    kind: 'rule', name, at, keys, keyAt,
    condition: ctx.text('condition'),
    output: ctx.string('output'),
    desc: ctx.string('desc'),
    priority: ctx.string('priority'),
    source: ctx.string('source'),
    enabled: ctx.bool('enabled'),
    tags: ctx.stringList('tags')?.map((t) => t.value),
    exceptions: ctx.exceptions(),
    capture: ctx.bool('capture'),
    captureDuration: ctx.number('capture_duration'),
    warnEvttypes: ctx.bool('warn_evttypes'),
    skipIfUnknownFilter: ctx.bool('skip-if-unknown-filter'),
    append: ctx.bool('append') ?? false,
    override: ctx.override(),
  };
}

/** Typed access to one item's keys, reporting type mismatches. */
class ItemContext {
  constructor(readonly r: FileReader, readonly keys: Map<string, Pair>, readonly ref: ItemRef) {}

  missing(key: string, at: FilePosition): undefined {
    this.r.report('error', 'LOAD_ERR_YAML_VALIDATE', `Item has no mapping for key '${key}'`, at, this.ref);
    return undefined;
  }

  private wrongType(key: string, what: string, node: Node | null): void {
    this.r.report('error', 'LOAD_ERR_YAML_VALIDATE', `Value of '${key}' must be ${what}`, this.r.pos(node ?? undefined), this.ref);
  }

  node(key: string): Node | null | undefined {
    const pair = this.keys.get(key);
    return pair === undefined ? undefined : ((pair.value ?? null) as Node | null);
  }

  scalar(key: string): Scalar | undefined {
    const node = this.node(key);
    if (node === undefined) return undefined;
    if (!isScalar(node) || node.value === null || typeof node.value === 'object') {
      this.wrongType(key, 'a scalar', node);
      return undefined;
    }
    return node;
  }

  string(key: string): string | undefined {
    const s = this.scalar(key);
    return s === undefined ? undefined : String(s.value);
  }

  text(key: string, required = false): MappedText | undefined {
    const node = this.node(key);
    if (node === undefined) return required ? this.missing(key, this.r.pos(this.keys.get(this.ref.kind))) : undefined;
    const s = this.scalar(key);
    return s === undefined ? undefined : MappedText.fromScalar(s, this.r.file, this.r.text, this.r.lines);
  }

  bool(key: string): boolean | undefined {
    const node = this.node(key);
    if (node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    if (isScalar(node) && (node.value === 'true' || node.value === 'false')) return node.value === 'true';
    this.wrongType(key, 'a boolean', node);
    return undefined;
  }

  number(key: string): number | undefined {
    const node = this.node(key);
    if (node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'number') return node.value;
    this.wrongType(key, 'a number', node);
    return undefined;
  }

  stringList(key: string, required = false): Located<string>[] | undefined {
    const node = this.node(key);
    if (node === undefined) return required ? this.missing(key, this.r.pos(this.keys.get(this.ref.kind))) : undefined;
    if (node === null) return [];
    if (!isSeq(node)) {
      this.wrongType(key, 'a sequence', node);
      return undefined;
    }
    const out: Located<string>[] = [];
    for (const it of node.items) {
      if (isScalar(it) && it.value !== null && typeof it.value !== 'object') out.push({ value: String(it.value), at: this.r.pos(it) });
      else this.wrongType(`${key}[]`, 'a scalar', it as Node);
    }
    return out;
  }

  override(): Map<string, Located<OverrideOp>> {
    const out = new Map<string, Located<OverrideOp>>();
    const node = this.node('override');
    if (node === undefined) return out;
    if (!isMap(node)) {
      this.wrongType('override', 'a map', node);
      return out;
    }
    for (const pair of node.items) {
      const op = isScalar(pair.value) ? String(pair.value.value) : '';
      const at = this.r.pos(pair.value as Node);
      if (op !== 'append' && op !== 'replace') {
        this.r.report('error', 'LOAD_ERR_YAML_VALIDATE', `Invalid override operation for key '${keyOf(pair)}': '${op}'. Allowed values are: append replace `, at, this.ref);
        continue;
      }
      out.set(keyOf(pair), { value: op, at });
    }
    return out;
  }

  exceptions(): ExceptionItem[] | undefined {
    const node = this.node('exceptions');
    if (node === undefined) return undefined;
    if (node === null) return [];
    if (!isSeq(node)) {
      this.wrongType('exceptions', 'a sequence', node);
      return undefined;
    }
    const out: ExceptionItem[] = [];
    for (const ex of node.items) {
      if (!isMap(ex)) {
        this.wrongType('exceptions[]', 'a map', ex as Node);
        continue;
      }
      const get = (k: string): Node | null | undefined => {
        const p = ex.items.find((pp) => keyOf(pp) === k);
        return p === undefined ? undefined : ((p.value ?? null) as Node | null);
      };
      const nameNode = get('name');
      if (!isScalar(nameNode)) {
        this.r.report('error', 'LOAD_ERR_YAML_VALIDATE', "Item has no mapping for key 'name'", this.r.pos(ex), this.ref);
        continue;
      }
      const valuesNode = get('values');
      out.push({
        name: String(nameNode.value), at: this.r.pos(ex),
        fields: this.scalarOrList(get('fields')), comps: this.scalarOrList(get('comps')),
        values: isSeq(valuesNode) ? valuesNode.items.map((v) => ({ value: (v as Node & { toJSON(): unknown }).toJSON(), at: this.r.pos(v as Node) })) : undefined,
      });
    }
    return out;
  }

  private scalarOrList(node: Node | null | undefined): string | string[] | undefined {
    if (node === undefined || node === null) return undefined;
    if (isScalar(node)) return String(node.value);
    if (isSeq(node)) return node.items.map((i) => (isScalar(i) ? String(i.value) : String(i)));
    return undefined;
  }

  plugins(): { name: string; version: string; alternatives: { name: string; version: string }[] }[] {
    const node = this.node('required_plugin_versions');
    if (!isSeq(node)) return [];
    return node.items.filter(isMap).map((m) => {
      const json = m.toJSON() as { name?: unknown; version?: unknown; alternatives?: { name?: unknown; version?: unknown }[] };
      return {
        name: String(json.name ?? ''), version: String(json.version ?? ''),
        alternatives: (json.alternatives ?? []).map((a) => ({ name: String(a.name ?? ''), version: String(a.version ?? '') })),
      };
    });
  }
}
