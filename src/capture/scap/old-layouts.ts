// Older versions of an event (EXECVE_16_X, CLONE_17_X, OPENAT_X, ...) in the
// layout of the current version, as libscap's converter presents them to
// libsinsp: each current parameter takes the old parameter of the same name,
// and what the old layout did not have is empty. The state engine and the
// fields then handle one layout per event. Enter events have no current
// version (the modern model is exit-only) and stay as they are.
import { allEvents } from '../event-schema.js';
import type { EventInfo } from '../event-schema.js';
import type { ParamValue } from '../model.js';

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

/** Per code, 1 for the events convert() always handles: old layouts and enter events. */
const ALWAYS_CONVERTED = Uint8Array.from(allEvents(), (e) => (CONVERSIONS[e.code] !== undefined || e.direction === 'enter' ? 1 : 0));

/** The event's code and parameters in the current layout (unchanged when already current). */
export function currentLayout(type: number, params: ParamValue[]): { type: number; params: ParamValue[] } {
  const c = CONVERSIONS[type];
  if (c === undefined) return { type, params };
  return { type: c.to, params: c.from.map((i) => (i < 0 ? null : params[i] ?? null)) };
}

/**
 * Old captures hold enter+exit pairs, and their exit layouts often lack what
 * the enter event carried (close's fd, read's fd and size, open's name...).
 * libscap's converter fills the exit from the thread's last enter event of
 * the same syscall; so does this, parameter by parameter, by name.
 */
export class EnterEvents {
  private readonly last = new Map<number, { type: number; params: ParamValue[] }>();
  /** Whether any enter event was met: never, in exit-only captures, and then no exit is completed. */
  private sawEnter = false;

  /**
   * Whether convert() could change the event: an old layout, an enter event
   * to remember, or an exit right after its thread's enter event. Decided on
   * the code alone, so exit-only captures in the current layout never need
   * their parameters decoded here.
   */
  affects(tid: number, type: number): boolean {
    if (ALWAYS_CONVERTED[type] === 1) return true;
    return this.sawEnter && this.last.get(tid)?.type === type - 1;
  }

  /** Converts an event to the current layout, remembering enter events and completing exits. */
  convert(tid: number, type: number, params: ParamValue[]): { type: number; params: ParamValue[] } {
    const info = allEvents()[type];
    if (info === undefined) return { type, params };
    if (info.direction === 'enter') {
      this.sawEnter = true;
      this.last.set(tid, { type, params });
      return { type, params };
    }
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
