// Falco's rule_loader_collector: items from every file, in load order, become
// one collection of lists, macros and rules. A plain definition of an existing
// name replaces it in place (keeping its position, so rule order follows first
// definition); append and override extend it.
import { MappedText } from './mapped-text.js';
import type { ExceptionItem, ListItem, Located, MacroItem, OverrideOp, RuleItem } from './rule-items.js';
import type { FilePosition, ItemRef, RulesProblem } from './rules-problem.js';

export interface CollectedList {
  name: string;
  items: Located<string>[];
  at: FilePosition;
  /** Position among all items (first definition): later lists may use earlier ones. */
  index: number;
  visibility: number;
}

export interface CollectedMacro {
  name: string;
  condition: MappedText;
  at: FilePosition;
  index: number;
  visibility: number;
}

export interface CollectedRule {
  name: string;
  at: FilePosition;
  index: number;
  condition: MappedText;
  output: string;
  desc: string;
  priority: Located<string>;
  source: string;
  enabled: boolean;
  tags: Set<string>;
  exceptions: ExceptionItem[];
  capture: boolean;
  captureDuration: number;
  warnEvttypes: boolean;
  skipIfUnknownFilter: boolean;
}

const RULE_APPENDABLE = new Set(['condition', 'output', 'desc', 'tags', 'exceptions']);
const RULE_REPLACEABLE = new Set(['condition', 'output', 'desc', 'priority', 'capture', 'capture_duration', 'tags', 'exceptions',
  'enabled', 'warn_evttypes', 'skip-if-unknown-filter']);
const RULE_DEFINITION_KEYS = ['condition', 'output', 'desc', 'priority'] as const;

export class Collector {
  readonly lists = new Map<string, CollectedList>();
  readonly macros = new Map<string, CollectedMacro>();
  readonly rules = new Map<string, CollectedRule>();
  readonly problems: RulesProblem[] = [];
  private counter = 0;

  private error(message: string, at: FilePosition, item: ItemRef, code: RulesProblem['code'] = 'LOAD_ERR_VALIDATE'): void {
    this.problems.push({ severity: 'error', code, message, at, item });
  }

  private warn(message: string, at: FilePosition, item: ItemRef, code: RulesProblem['code'] = 'LOAD_DEPRECATED_ITEM'): void {
    this.problems.push({ severity: 'warning', code, message, at, item });
  }

  /** Checks append/override use common to lists and macros; returns 'append', 'define' or undefined (reported). */
  private mode(item: ListItem | MacroItem, key: string): 'append' | 'define' | undefined {
    const ref: ItemRef = { kind: item.kind, name: item.name };
    if (item.append && item.override.size > 0) {
      this.error(`Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. '${key}: append') under 'override' instead.`, item.at, ref);
      return undefined;
    }
    if (item.append) this.warn(`'append' key is deprecated. Add an 'append' entry (e.g. '${key}: append') under 'override' instead.`, item.at, ref);
    for (const [k, op] of item.override) {
      if (k !== key) this.error(`Unexpected key '${k}' under 'override'`, op.at, ref);
    }
    return item.append || item.override.get(key)?.value === 'append' ? 'append' : 'define';
  }

  addList(item: ListItem): void {
    const mode = this.mode(item, 'items');
    const visibility = this.counter++;
    if (mode === undefined) return;
    const prev = this.lists.get(item.name);
    if (mode === 'append') {
      if (prev === undefined) {
        this.error("List uses 'append' or 'override.items: append' but no list by that name already exists", item.at, { kind: 'list', name: item.name });
        return;
      }
      prev.items = [...prev.items, ...item.items];
      prev.visibility = visibility;
      return;
    }
    if (!/^[^()"'\s=,]+$/.test(item.name)) this.warn('List has an invalid name. List names should match a regular expression: [^()"\'[:space:]=,]+', item.at, { kind: 'list', name: item.name }, 'LOAD_INVALID_LIST_NAME');
    this.lists.set(item.name, { name: item.name, items: item.items, at: item.at, index: prev?.index ?? visibility, visibility });
  }

  addMacro(item: MacroItem): void {
    const mode = this.mode(item, 'condition');
    const visibility = this.counter++;
    if (mode === undefined || item.condition === undefined) return;
    const prev = this.macros.get(item.name);
    if (mode === 'append') {
      if (prev === undefined) {
        this.error("Macro uses 'append' or 'override.condition: append' but no macro by that name already exists", item.at, { kind: 'macro', name: item.name });
        return;
      }
      prev.condition = joinText(prev.condition, item.condition);
      prev.visibility = visibility;
      return;
    }
    if (!/^[a-zA-Z]+[a-zA-Z0-9_]*$/.test(item.name)) this.warn('Macro has an invalid name. Macro names should match a regular expression: [a-zA-Z]+[a-zA-Z0-9_]*', item.at, { kind: 'macro', name: item.name }, 'LOAD_INVALID_MACRO_NAME');
    this.macros.set(item.name, { name: item.name, condition: item.condition, at: item.at, index: prev?.index ?? visibility, visibility });
  }

  addRule(item: RuleItem): void {
    const visibility = this.counter++;
    const ref: ItemRef = { kind: 'rule', name: item.name };
    if (item.append && item.override.size > 0) {
      this.error("Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.", item.at, ref);
      return;
    }
    if (item.append) return this.appendRule(item, ref);
    if (item.override.size > 0) return this.overrideRule(item, ref);
    const definesSomething = RULE_DEFINITION_KEYS.some((k) => item.keys.has(k));
    if (!definesSomething && item.keys.has('enabled')) return this.enableRule(item, ref);
    this.defineRule(item, ref, visibility);
  }

  private defineRule(item: RuleItem, ref: ItemRef, visibility: number): void {
    const missing = RULE_DEFINITION_KEYS.filter((k) => !item.keys.has(k));
    for (const k of missing) this.error(`Item has no mapping for key '${k}'`, item.at, ref, 'LOAD_ERR_YAML_VALIDATE');
    if (missing.length > 0 || item.condition === undefined || item.output === undefined || item.desc === undefined || item.priority === undefined) return;
    const prev = this.rules.get(item.name);
    const source = item.source ?? 'syscall';
    if (prev !== undefined && prev.source !== source) {
      this.error('Rule has been re-defined with a different source', item.at, ref);
      return;
    }
    this.rules.set(item.name, {
      name: item.name, at: item.at, index: prev?.index ?? visibility,
      condition: item.condition, output: item.output.trim(), desc: item.desc,
      priority: { value: item.priority, at: item.keyAt.get('priority') ?? item.at },
      source, enabled: item.enabled ?? true, tags: new Set(item.tags ?? []), exceptions: item.exceptions ?? [],
      capture: item.capture ?? false, captureDuration: item.captureDuration ?? 0,
      warnEvttypes: item.warnEvttypes ?? true, skipIfUnknownFilter: item.skipIfUnknownFilter ?? false,
    });
  }

  private enableRule(item: RuleItem, ref: ItemRef): void {
    this.warn("The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'override' entry (e.g. 'enabled: replace') under 'override'.", item.at, ref);
    const prev = this.rules.get(item.name);
    if (prev === undefined) {
      this.error("Rule has 'enabled' key but no rule by that name already exists", item.at, ref);
      return;
    }
    prev.enabled = item.enabled ?? prev.enabled;
  }

  private appendRule(item: RuleItem, ref: ItemRef): void {
    this.warn("'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.", item.at, ref);
    if (item.condition === undefined && item.exceptions === undefined) {
      this.error('Appended rule must have exceptions or condition property', item.at, ref);
      return;
    }
    const prev = this.rules.get(item.name);
    if (prev === undefined) {
      this.error("Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists", item.at, ref);
      return;
    }
    if (item.condition !== undefined) prev.condition = joinText(prev.condition, item.condition);
    if (item.exceptions !== undefined) this.appendExceptions(prev, item.exceptions, ref);
  }

  private overrideRule(item: RuleItem, ref: ItemRef): void {
    let ok = true;
    for (const [key, op] of item.override) {
      if (!item.keys.has(key)) {
        this.error(`An ${op.value} override for '${key}' was specified but '${key}' is not defined`, op.at, ref);
        ok = false;
      } else if (op.value === 'append' && !RULE_APPENDABLE.has(key)) {
        this.error(`Key '${key}' cannot be appended to, use 'replace' instead`, op.at, ref);
        ok = false;
      } else if (op.value === 'replace' && !RULE_REPLACEABLE.has(key)) {
        this.error(`Key '${key}' cannot be replaced`, op.at, ref);
        ok = false;
      }
    }
    for (const key of item.keys) {
      if (key !== 'override' && RULE_REPLACEABLE.has(key) && !item.override.has(key)) {
        this.error(`Unexpected key '${key}': no corresponding entry under 'override' is defined.`, item.keyAt.get(key) ?? item.at, ref);
        ok = false;
      }
    }
    if (!ok) return;
    const prev = this.rules.get(item.name);
    if (prev === undefined) {
      const first = [...item.override.entries()][0]!;
      this.error(first[1].value === 'append'
        ? "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists"
        : `An 'override.${first[0]}: replace' to a rule was requested but no rule by that name already exists`, item.at, ref);
      return;
    }
    if (item.source !== undefined && item.source !== prev.source) {
      this.error('Rule has been re-defined with a different source', item.at, ref);
      return;
    }
    // Appends first, then replacements, as Falco applies them.
    for (const [key, op] of item.override) if (op.value === 'append') this.applyAppend(prev, item, key, ref);
    for (const [key, op] of item.override) if (op.value === 'replace') applyReplace(prev, item, key);
  }

  private applyAppend(rule: CollectedRule, item: RuleItem, key: string, ref: ItemRef): void {
    switch (key) {
      case 'condition': if (item.condition) rule.condition = joinText(rule.condition, item.condition); break;
      case 'output': if (item.output !== undefined) rule.output = `${rule.output} ${item.output.trim()}`; break;
      case 'desc': if (item.desc !== undefined) rule.desc = `${rule.desc} ${item.desc}`; break;
      case 'tags': for (const t of item.tags ?? []) rule.tags.add(t); break;
      case 'exceptions': this.appendExceptions(rule, item.exceptions ?? [], ref); break;
    }
  }

  private appendExceptions(rule: CollectedRule, added: ExceptionItem[], ref: ItemRef): void {
    for (const ex of added) {
      const existing = rule.exceptions.find((e) => e.name === ex.name);
      if (existing === undefined) {
        if (ex.fields === undefined || ex.values === undefined) {
          this.error(`Appended exception '${ex.name}' must have fields and values`, ex.at, ref);
          continue;
        }
        rule.exceptions.push(ex);
        continue;
      }
      if (ex.fields !== undefined || ex.comps !== undefined) {
        this.error('Can not append exception fields to existing exception, only values', ex.at, ref);
        continue;
      }
      if (ex.values === undefined) {
        this.warn(`Overriding/appending exception with no values`, ex.at, ref, 'LOAD_APPEND_NO_VALUES');
        continue;
      }
      existing.values = [...(existing.values ?? []), ...ex.values];
    }
  }
}

function applyReplace(rule: CollectedRule, item: RuleItem, key: string): void {
  switch (key) {
    case 'condition': if (item.condition) rule.condition = item.condition; break;
    case 'output': if (item.output !== undefined) rule.output = item.output.trim(); break;
    case 'desc': if (item.desc !== undefined) rule.desc = item.desc; break;
    case 'priority': if (item.priority !== undefined) rule.priority = { value: item.priority, at: item.keyAt.get('priority') ?? item.at }; break;
    case 'tags': rule.tags = new Set(item.tags ?? []); break;
    case 'exceptions': rule.exceptions = item.exceptions ?? []; break;
    case 'enabled': if (item.enabled !== undefined) rule.enabled = item.enabled; break;
    case 'capture': if (item.capture !== undefined) rule.capture = item.capture; break;
    case 'capture_duration': if (item.captureDuration !== undefined) rule.captureDuration = item.captureDuration; break;
    case 'warn_evttypes': if (item.warnEvttypes !== undefined) rule.warnEvttypes = item.warnEvttypes; break;
    case 'skip-if-unknown-filter': if (item.skipIfUnknownFilter !== undefined) rule.skipIfUnknownFilter = item.skipIfUnknownFilter; break;
  }
}

/** `prev + " " + next`, Falco's text append, keeping both origins. */
function joinText(prev: MappedText, next: MappedText): MappedText {
  return MappedText.concat([prev, MappedText.at(' ', next.positionAt(0)), next]);
}

export type { OverrideOp };
