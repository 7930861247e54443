// The event schema our captures share with .scap files: every event is a
// ppm_event_code with the libs parameter layout. Parsed once from the generated
// table into lookup arrays indexed by code, so the hot path does one array load.
import { EVENT_TABLE } from './event-table.js';

/** Bumped when the meaning of stored event parameters changes. */
export const EVENT_SCHEMA_VERSION = 1;
/** Which event table the schema follows (libs commit the table was taken from). */
export const EVENT_SCHEMA_SOURCE = 'falcosecurity/libs@48dfd53cd event table';

export type ParamWireType = string; // the PT_ name without its prefix: 'FD', 'FSPATH', 'SOCKTUPLE', ...

export interface ParamInfo {
  readonly name: string;
  readonly type: ParamWireType;
  readonly format: string; // PF_ name without prefix: 'DEC', 'HEX', 'OCT', 'NA'
  /** For FSRELPATH parameters, the index of the dirfd parameter to resolve against. */
  readonly dirfdParam: number | undefined;
}

export interface EventInfo {
  readonly code: number;
  /** The enum name without PPME_, e.g. SYSCALL_OPENAT_2_X. */
  readonly id: string;
  /** The evt.type name, e.g. openat. */
  readonly name: string;
  readonly direction: 'enter' | 'exit';
  readonly categories: readonly string[];
  readonly flags: ReadonlySet<string>;
  readonly params: readonly ParamInfo[];
}

function parseParam(spec: string): ParamInfo {
  const [name = '', type = '', format = 'NA', dirfd] = spec.split(':');
  return { name, type, format, dirfdParam: dirfd === undefined ? undefined : Number(dirfd) };
}

const EVENTS: readonly EventInfo[] = EVENT_TABLE.map(([id, name, categories, flags, params], code) => ({
  code,
  id,
  name,
  direction: code % 2 === 0 ? 'enter' : 'exit',
  categories: categories.split(' ').filter(Boolean),
  flags: new Set(flags.split(' ').filter(Boolean)),
  params: params.split(' ').filter(Boolean).map(parseParam),
}));

const BY_ID = new Map(EVENTS.map((e) => [e.id, e]));

export const EVENT_COUNT = EVENTS.length;

/** Event info for a code, or undefined for a code newer than our table. */
export function eventInfo(code: number): EventInfo | undefined {
  return EVENTS[code];
}

/** The evt.type name of a code; unknown codes get a stable placeholder. */
export function eventName(code: number): string {
  return EVENTS[code]?.name ?? `unknown(${code})`;
}

/** The user and group tables of a capture, written as events: state, not activity. */
const TABLE_EVENTS = new Set(['useradded', 'userdeleted', 'groupadded', 'groupdeleted']);
const INTERNAL = EVENTS.map((e) => e.categories.includes('internal') || TABLE_EVENTS.has(e.name));

/**
 * Events libsinsp keeps to itself (procinfo, drop, scapevent, old container/k8s/mesos
 * metadata) and the capture's user/group table entries: they feed the state but are
 * not shown (sysdig shows none of them; the expected counts of Falco's samples agree).
 */
export function isInternalEvent(code: number): boolean {
  return INTERNAL[code] === true;
}

/** The code of an enum id such as 'SYSCALL_OPENAT_2_X'; throws on a typo, which is a programming error. */
export function eventCode(id: string): number {
  const info = BY_ID.get(id);
  if (info === undefined) throw new Error(`no event ${id} in the event table`);
  return info.code;
}

export function allEvents(): readonly EventInfo[] {
  return EVENTS;
}
