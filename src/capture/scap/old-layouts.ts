// Older versions of an event (EXECVE_16_X, CLONE_17_X, OPENAT_X, ...) in the
// layout of the current version, as libscap's converter presents them to
// libsinsp. The converter follows an explicit table (converter-table.ts,
// generated from libscap's converter/table.cpp), keyed by event code and the
// number of parameters the file holds; this follows it step by step as
// converter.cpp does. For combinations the table does not list (where
// libscap would fail), the older by-name conversion is kept: each current
// parameter takes the old parameter of the same name, or the enter event's.
// Enter events have no current version (the modern model is exit-only) and
// stay as they are; they are only remembered to complete their exits.
import { allEvents } from '../event-schema.js';
import type { EventInfo } from '../event-schema.js';
import type { ParamValue } from '../model.js';
import { isNumericParamType } from '../scap-event-decoder.js';
import { CONVERTER_TABLE } from './converter-table.js';
import type { ConverterAction } from './converter-table.js';

/** Old parameter names that the current layout renamed. */
const RENAMED: Readonly<Record<string, string>> = { res_or_fd: 'fd' };

interface Conversion {
  to: number;
  /** For each current parameter, the old parameter's index (-1: empty). */
  from: number[];
}

function currentVersionOf(old: EventInfo, events: readonly EventInfo[]): EventInfo | undefined {
  const candidates = events.filter((m) => m.name === old.name && m.direction === old.direction && !m.flags.has('old_version') && !m.flags.has('unused'));
  // The newest: the highest code.
  return candidates.sort((a, b) => b.code - a.code)[0];
}

function buildConversions(): (Conversion | undefined)[] {
  const events = allEvents();
  const table = new Array<Conversion | undefined>(events.length).fill(undefined);
  for (const e of events) {
    if (!e.flags.has('old_version') || e.direction !== 'exit') continue;
    const current = currentVersionOf(e, events);
    if (current === undefined) continue;
    const oldNames = e.params.map((p) => RENAMED[p.name] ?? p.name);
    table[e.code] = { to: current.code, from: current.params.map((p) => oldNames.indexOf(p.name)) };
  }
  return table;
}

const CONVERSIONS = buildConversions();

/** The event's code and parameters in the current layout, by parameter name (unchanged when already current). */
export function currentLayout(type: number, params: ParamValue[]): { type: number; params: ParamValue[] } {
  const c = CONVERSIONS[type];
  if (c === undefined) return { type, params };
  return { type: c.to, params: c.from.map((i) => (i < 0 ? null : params[i] ?? null)) };
}

// ---- The converter table --------------------------------------------------

/** One instruction: O old parameter, E enter parameter, Z empty, D default, C callback. */
interface Instruction {
  readonly kind: 'O' | 'E' | 'Z' | 'D' | 'C';
  readonly param: number;
  /** CIF_FALLBACK_TO_EMPTY: empty rather than the default when the value cannot be had. */
  readonly toEmpty: boolean;
  readonly callback: string | undefined;
}

interface Rule {
  readonly action: ConverterAction;
  /** CHANGE_TYPE's target code. */
  readonly to: number;
  readonly instrs: readonly Instruction[];
}

function parseInstruction(token: string): Instruction {
  const m = /^([OEZDC])(\d*)(~?)(?::(\w+))?$/.exec(token);
  if (m === null) throw new Error(`bad converter instruction ${token}`);
  return { kind: m[1] as Instruction['kind'], param: m[2] === '' ? 0 : Number(m[2]), toEmpty: m[3] === '~', callback: m[4] };
}

function buildRules(): (Map<number, Rule> | undefined)[] {
  const events = allEvents();
  const codes = new Map(events.map((e) => [e.id, e.code]));
  const code = (id: string): number => {
    const c = codes.get(id);
    if (c === undefined) throw new Error(`converter table: no event ${id} in the event table`);
    return c;
  };
  const rules = new Array<Map<number, Rule> | undefined>(events.length).fill(undefined);
  for (const [id, nparams, action, instrs, desired] of CONVERTER_TABLE as readonly (readonly [string, number, ConverterAction, string?, string?])[]) {
    const c = code(id);
    const byCount = (rules[c] ??= new Map());
    byCount.set(nparams, {
      action,
      to: desired === undefined ? c : code(desired),
      instrs: (instrs ?? '').split(' ').filter(Boolean).map(parseInstruction),
    });
  }
  return rules;
}

const RULES = buildRules();

/** libscap's default value for a parameter: 0 for numbers, (uint32)-1 for ids, empty for variable-length types. */
export function defaultValue(type: number, index: number): ParamValue {
  const t = allEvents()[type]?.params[index]?.type;
  if (t === 'UID' || t === 'GID') return 0xffffffff;
  return t !== undefined && isNumericParamType(t) ? 0 : null;
}

function text(v: ParamValue | undefined): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
  return '';
}

/** The converter's callbacks (C_INSTR_FROM_CALLBACK), by name; a throw falls back like a missing value. */
const CALLBACKS: Readonly<Record<string, (params: readonly ParamValue[]) => ParamValue>> = {
  extract_ppme_container_json_e_json_param: (p) => {
    if (p.length < 4) throw new Error('container event without its parameters');
    return `{"id":"${text(p[0])}","type":${String(Number(p[1] ?? 0))},"name":"${text(p[2])}","image":"${text(p[3])}"}`;
  },
};

/** libscap's MAX_CONVERSION_BOUNDARY. */
const MAX_CONVERSIONS = 50;

type Outcome = 'continue' | 'pass' | 'drop' | 'error';

interface Evt {
  type: number;
  params: ParamValue[];
}

/** test_event_convertibility(): whether (and how) an event with `nparams` file parameters needs converting. */
function convertibility(type: number, nparams: number): Outcome {
  const info = allEvents()[type];
  if (info === undefined) return 'pass';
  if (info.flags.has('unused')) return 'drop';
  if (!info.flags.has('converter_managed')) {
    if (!info.flags.has('old_version')) return 'pass';
    return info.direction === 'enter' ? 'drop' : 'error';
  }
  if (info.direction === 'enter') return 'continue';
  if (nparams > info.params.length) return 'error';
  if (info.flags.has('old_version') || nparams !== info.params.length) return 'continue';
  return 'pass';
}

/** Per code, 1 for enter events and old layouts: converted whatever their parameter count. */
const ANY_COUNT = Uint8Array.from(allEvents(), (e) => (e.direction === 'enter' || e.flags.has('old_version') ? 1 : 0));

const LAYOUT_LENGTH = Uint16Array.from(allEvents(), (e) => e.params.length);

function padded(type: number, params: ParamValue[]): ParamValue[] {
  const count = allEvents()[type]?.params.length ?? params.length;
  while (params.length < count) params.push(null);
  return params;
}

/**
 * Old captures hold enter+exit pairs, and their exit layouts often lack what
 * the enter event carried (close's fd, read's fd and size, open's name...).
 * libscap's converter fills the exit from the thread's stored enter event as
 * its table says, or with the type's default (or empty) when there is none;
 * so does this.
 */
export class EnterEvents {
  /** The converter's per-thread storage: the last stored enter event, in its converted layout. */
  private readonly stored = new Map<number, Evt>();
  /** The thread's last enter event as read, for the by-name fallback. */
  private readonly last = new Map<number, Evt>();

  /**
   * Whether convert() could change the event (or must see it): an enter
   * event to remember, an old layout, or an exit whose file holds another
   * number of parameters than its layout. Decided without the parameters, so
   * exit-only captures in the current layout need not have them decoded here.
   */
  affects(type: number, fileParams: number): boolean {
    return ANY_COUNT[type] === 1 || (type < LAYOUT_LENGTH.length && fileParams !== LAYOUT_LENGTH[type]);
  }

  /**
   * Converts an event to the current layout, remembering enter events and
   * completing exits. `params` may be padded with nulls beyond the file's
   * parameters; `fileParams` says how many the file holds (default: all).
   * Enter events are returned unchanged.
   */
  convert(tid: number, type: number, params: ParamValue[], fileParams: number = params.length): { type: number; params: ParamValue[] } {
    const info = allEvents()[type];
    if (info === undefined) return { type, params };
    const n = Math.min(fileParams, params.length);
    if (info.direction === 'enter') {
      this.last.set(tid, { type, params });
      this.run(tid, { type, params: params.slice(0, n) });
      return { type, params };
    }
    // libscap passes such an exit on as the file has it (an exit it does not
    // manage may hold fewer parameters than its layout: they stay null here).
    if (convertibility(type, n) === 'pass') return { type, params };
    const result = this.run(tid, { type, params: params.slice(0, n) });
    if (result.outcome === 'pass') {
      this.last.delete(tid);
      return { type: result.evt.type, params: padded(result.evt.type, result.evt.params) };
    }
    if (result.outcome === 'drop') return { type, params };
    return this.byName(tid, type, params);
  }

  /** The conversion loop of libscap's savefile reader: convert until no rule applies. */
  private run(tid: number, evt: Evt): { outcome: Outcome; evt: Evt } {
    let outcome = convertibility(evt.type, evt.params.length);
    for (let i = 0; i < MAX_CONVERSIONS && outcome === 'continue'; i++) {
      const rule = RULES[evt.type]?.get(evt.params.length);
      if (rule === undefined) return { outcome: 'error', evt };
      const step = this.step(tid, evt, rule);
      if (step === 'error') return { outcome: 'error', evt };
      if (typeof step === 'string') return { outcome: step, evt };
      evt = step;
      outcome = convertibility(evt.type, evt.params.length);
    }
    return { outcome: outcome === 'continue' ? 'error' : outcome, evt };
  }

  /** convert_event(): one table rule applied to one event. */
  private step(tid: number, evt: Evt, rule: Rule): Evt | 'pass' | 'drop' | 'error' {
    switch (rule.action) {
      case 'STORE':
        this.stored.set(tid, evt);
        return 'drop';
      case 'PASS':
        return 'pass';
      case 'STORE_AND_PASS':
        this.stored.set(tid, evt);
        return 'pass';
      case 'ADD_PARAMS':
      case 'CHANGE_TYPE':
        break;
      default:
        return 'error';
    }
    const out: Evt = rule.action === 'ADD_PARAMS' ? { type: evt.type, params: evt.params.slice() } : { type: rule.to, params: [] };
    let usedEnter = false;
    for (const instr of rule.instrs) {
      const index = out.params.length;
      const missing = (): ParamValue => (instr.toEmpty ? null : defaultValue(out.type, index));
      switch (instr.kind) {
        case 'Z':
          out.params.push(null);
          break;
        case 'D':
          out.params.push(defaultValue(out.type, index));
          break;
        case 'C': {
          const callback = instr.callback === undefined ? undefined : CALLBACKS[instr.callback];
          let value: ParamValue;
          try {
            if (callback === undefined) throw new Error(`no converter callback ${instr.callback}`);
            value = callback(evt.params);
          } catch {
            value = missing();
          }
          out.params.push(value);
          break;
        }
        case 'E': {
          const enter = this.stored.get(tid);
          if (enter === undefined) {
            out.params.push(missing());
            break;
          }
          if (enter.type !== evt.type - 1 || enter.params.length <= instr.param) return 'error';
          usedEnter = true;
          out.params.push(enter.params[instr.param]!);
          break;
        }
        case 'O':
          if (evt.params.length <= instr.param) return 'error';
          out.params.push(evt.params[instr.param]!);
          break;
      }
    }
    if (usedEnter) this.stored.delete(tid);
    return out;
  }

  /** The by-name conversion, for what the table does not list. */
  private byName(tid: number, type: number, params: ParamValue[]): { type: number; params: ParamValue[] } {
    const current = currentLayout(type, params);
    const enter = this.last.get(tid);
    if (enter === undefined || enter.type !== type - 1 || !current.params.includes(null)) return current;
    this.last.delete(tid);
    const enterNames = allEvents()[enter.type]!.params.map((p) => p.name);
    const names = allEvents()[current.type]!.params;
    for (let i = 0; i < current.params.length; i++) {
      if (current.params[i] !== null) continue;
      const j = enterNames.indexOf(names[i]!.name);
      if (j >= 0) current.params[i] = enter.params[j] ?? null;
    }
    return current;
  }
}
