// Helpers the extractor classes share: per-event-code traits computed once
// from the event table (so extractors index a typed array instead of testing
// flag sets), thread ancestry as libsinsp walks it, time and path formatting.
import { allEvents, EVENT_COUNT } from '../../capture/event-schema.js';
import type { ParamValue } from '../../capture/model.js';
import type { EventContext, StateView } from '../../state/event-context.js';
import type { FdInfo, ThreadInfo } from '../../state/state-model.js';

// ---------------------------------------------------------------------------
// Per-code event traits

function byCode(pred: (code: number) => boolean): Uint8Array {
  const out = new Uint8Array(EVENT_COUNT + 1);
  for (const e of allEvents()) if (pred(e.code)) out[e.code] = 1;
  return out;
}

const EVENTS = allEvents();
const has = (code: number, flag: string): boolean => EVENTS[code]?.flags.has(flag) ?? false;
const inCategory = (code: number, cat: string): boolean => EVENTS[code]?.categories.includes(cat) ?? false;

/** Codes whose events carry an fd (EF_CREATES_FD | EF_USES_FD | EF_DESTROYS_FD): only these have fd.* values. */
export const FD_EVENT = byCode((c) => has(c, 'creates_fd') || has(c, 'uses_fd') || has(c, 'destroys_fd'));
export const READS_FD = byCode((c) => has(c, 'reads_from_fd'));
export const WRITES_FD = byCode((c) => has(c, 'writes_to_fd'));
export const WAITS = byCode((c) => has(c, 'waits'));
export const IS_SYSCALL = byCode((c) => inCategory(c, 'syscall'));
export const IS_METAEVENT = byCode((c) => inCategory(c, 'metaevent'));

const GENERIC_X = EVENTS.findIndex((e) => e.id === 'GENERIC_X');

/**
 * sinsp_evt::has_return_value: a syscall exit event with parameters, except
 * the generic event. The return value is parameter 0 whatever its name.
 */
export const HAS_RETURN = byCode(
  (c) => c !== GENERIC_X && c % 2 === 1 && inCategory(c, 'syscall') && (EVENTS[c]?.params.length ?? 0) > 0,
);

// get_syscall_return_value reads parameter 0 by its width: 4 bytes as int32,
// 8 bytes as int64, anything else as 0.
const WIDTH_32 = new Set(['INT32', 'UINT32', 'UID', 'GID', 'FD32', 'PID32', 'FLAGS32', 'ENUMFLAGS32', 'MODE', 'SIGSET']);
const WIDTH_64 = new Set(['INT64', 'UINT64', 'ERRNO', 'FD', 'PID', 'RELTIME', 'ABSTIME']);
const RET_WIDTH = new Uint8Array(EVENT_COUNT + 1);
for (const e of EVENTS) {
  const t = e.params[0]?.type ?? '';
  RET_WIDTH[e.code] = WIDTH_32.has(t) ? 32 : WIDTH_64.has(t) ? 64 : 0;
}

/**
 * libsinsp has_return_value: a syscall exit (not the generic one) with at
 * least one parameter. An old .scap layout may have none (setsockopt's exit
 * in 2018 captures): then evt.res and its kin are NULL.
 */
export function hasReturnValue(ctx: EventContext): boolean {
  if (HAS_RETURN[ctx.event.type] !== 1) return false;
  const v = ctx.event.params[0];
  return v !== null && v !== undefined;
}

/** The syscall return value (callers check hasReturnValue first). */
export function returnValue(ctx: EventContext): number | bigint {
  const v = ctx.event.params[0];
  if (typeof v === 'number') {
    const w = RET_WIDTH[ctx.event.type];
    return w === 32 ? v | 0 : w === 64 ? v : 0;
  }
  if (typeof v === 'bigint') {
    const s = BigInt.asIntN(64, v);
    const n = Number(s);
    return Number.isSafeInteger(n) ? n : s;
  }
  return 0;
}

/** A numeric parameter as a plain number (bigints only arise for kernel pointers and huge counters). */
export function num(v: ParamValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}

// ---------------------------------------------------------------------------
// Text

const utf8 = new TextDecoder('utf-8');

/** A string parameter as text; byte strings (not valid UTF-8) are decoded lossily, up to a NUL like a C string. */
export function paramText(v: ParamValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) {
    const nul = v.indexOf(0);
    return utf8.decode(nul < 0 ? v : v.subarray(0, nul));
  }
  if (v === null) return '';
  return String(v);
}

// ---------------------------------------------------------------------------
// Threads

/** sinsp_threadinfo::is_main_thread. */
const PPM_CL_IS_MAIN_THREAD = 1 << 30;
const PPM_CL_CHILD_IN_PIDNS = 1 << 29;

export function isMainThread(t: ThreadInfo): boolean {
  return t.tid === t.pid || (t.flags & PPM_CL_IS_MAIN_THREAD) !== 0;
}

export function isInPidNamespace(t: ThreadInfo): boolean {
  return (t.flags & PPM_CL_CHILD_IN_PIDNS) !== 0 || (t.tid !== t.vtid && t.vtid >= 0);
}

/** thread_manager::get_ancestor_process: `n` parent steps from the main thread, each resolved to its main thread. */
export function ancestorProcess(state: StateView, t: ThreadInfo, n: number): ThreadInfo | undefined {
  if (n < 0) return undefined;
  let mt: ThreadInfo | undefined = state.mainThread(t);
  for (let i = 0; i < n && mt !== undefined; i++) mt = state.parent(mt);
  return mt;
}

// One scratch list reused by every walk: extractors consume it before the
// next walk starts, so a walk allocates nothing.
const chain: ThreadInfo[] = [];

/**
 * thread_manager::traverse_parent_state: the raw ptid chain above `t` (not
 * resolved to main threads), stopping at an unknown thread, a tid of -1, or a
 * loop (two-pointer detection, as libsinsp). The returned list is reused by
 * the next call.
 */
export function parentChain(state: StateView, t: ThreadInfo): readonly ThreadInfo[] {
  chain.length = 0;
  let slow = state.thread(t.ptid);
  let fast = slow === undefined ? undefined : state.thread(slow.ptid);
  while (slow !== undefined && slow.tid !== -1) {
    chain.push(slow);
    slow = state.thread(slow.ptid);
    for (let i = 0; i < 2; i++) {
      fast = fast === undefined ? undefined : state.thread(fast.ptid);
      if (slow !== undefined && (slow === fast || slow.tid === slow.ptid)) return chain;
    }
  }
  return chain;
}

/** sinsp_threadinfo::get_cwd: the main thread's cwd, with the trailing slash libsinsp gives every cwd it sets. */
export function threadCwd(state: StateView, t: ThreadInfo): string {
  const cwd = state.mainThread(t).cwd;
  // libsinsp stores a set cwd with a trailing '/'; one never set (a thread first seen mid-way) stays empty.
  return cwd === '' || cwd.endsWith('/') ? cwd : `${cwd}/`;
}

/** cmdline as libsinsp builds it at exec: comm, then " arg" for each argument. */
export function cmdline(t: ThreadInfo): string {
  let s = t.comm;
  const args = t.args;
  for (let i = 0; i < args.length; i++) s += ` ${args[i]}`;
  return s;
}

// ---------------------------------------------------------------------------
// Time

const NS = 1_000_000_000;
let cachedBase: bigint | undefined;
let baseSec = 0;
let baseRemNs = 0;

function syncBase(base: bigint): void {
  if (base !== cachedBase) {
    cachedBase = base;
    const rem = ((base % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n;
    baseSec = Number((base - rem) / 1_000_000_000n);
    baseRemNs = Number(rem);
  }
}

/** Whole epoch seconds of the event, without BigInt arithmetic. */
export function eventEpochSec(ctx: EventContext): number {
  syncBase(ctx.timeBaseNs);
  return baseSec + Math.floor((baseRemNs + ctx.event.ts) / NS);
}

/** The nanoseconds within the event's second. */
export function eventEpochNsec(ctx: EventContext): number {
  syncBase(ctx.timeBaseNs);
  const total = baseRemNs + ctx.event.ts;
  return total - Math.floor(total / NS) * NS;
}

export function eventEpochNs(ctx: EventContext): bigint {
  return ctx.timeBaseNs + BigInt(ctx.event.ts);
}

/** A nanosecond count as a number when exact, else a bigint. */
export function nsValue(ns: bigint): number | bigint {
  const n = Number(ns);
  return Number.isSafeInteger(n) ? n : ns;
}

let zoneOffset: number | undefined;
/** gmt2local(0): the host's current UTC offset in seconds, taken once like libsinsp's per-call "now". */
export function localOffsetSec(): number {
  zoneOffset ??= -new Date().getTimezoneOffset() * 60;
  return zoneOffset;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad9 = (n: number): string => String(n).padStart(9, '0');

/** sinsp_utils::ts_to_string: local time of day (and date), optionally with nanoseconds. */
export function tsToString(sec: number, nsec: number, date: boolean, ns: boolean): string {
  const shifted = sec + localOffsetSec();
  const s = ((shifted % 86400) + 86400) % 86400;
  let out = '';
  if (date) {
    const d = new Date((shifted - s) * 1000);
    out = `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} `;
  }
  out += `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
  return ns ? `${out}.${pad9(nsec)}` : out;
}

/** sinsp_utils::ts_to_iso_8601: UTC with nine fractional digits and a +0000 offset. */
export function tsToIso8601(sec: number, nsec: number): string {
  return `${new Date(sec * 1000).toISOString().slice(0, 19)}.${pad9(nsec)}+0000`;
}

/**
 * An ABSTIME parameter as get_param_as_str prints it: local
 * "YYYY-MM-DD HH:MM:SS.nnnnnnnnn" (libsinsp's nanosecond snprintf overwrites
 * the " %z" suffix with its terminator, so no offset is shown).
 */
export function absTimeString(ns: bigint): string {
  const sec = Number(ns / 1_000_000_000n);
  const nsec = Number(ns % 1_000_000_000n);
  const d = new Date(sec * 1000);
  return `${String(d.getFullYear()).padStart(4, '0')}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} `
    + `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${pad9(nsec)}`;
}

// ---------------------------------------------------------------------------
// Paths

// The state engine's port of sinsp_utils::concatenate_paths, shared so that
// fd names and the paths fields build agree byte for byte.
export { concatenatePaths } from '../../state/path-resolution.js';

// ---------------------------------------------------------------------------
// Sockets

/**
 * sinsp_fdinfo::get_l4proto: a connected socket's protocol once it has a role
 * (raw sockets always), a listening socket's protocol; '' = unknown.
 */
export function fdL4proto(fd: FdInfo): string {
  const proto = fd.tuple?.l4proto;
  if (fd.type === 'ipv4' || fd.type === 'ipv6') {
    if (proto === 'raw') return 'raw';
    if (!fd.isClient && !fd.isServer) return '';
  } else if (fd.type !== 'ipv4-server' && fd.type !== 'ipv6-server') {
    return '';
  }
  return proto === 'tcp' || proto === 'udp' || proto === 'icmp' || proto === 'raw' ? proto : '';
}

// ---------------------------------------------------------------------------
// Addresses

/** inet_ntop(AF_INET) of 4 network-order bytes at `at`. */
export function ipv4Text(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/** glibc inet_ntop(AF_INET6) of 16 bytes at `at`: longest zero run as `::`, embedded IPv4 for mapped/compatible forms. */
export function ipv6Text(b: Uint8Array, at: number): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((b[at + i] ?? 0) << 8) | (b[at + i + 1] ?? 0));
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 7 && words[7] !== 1) || (bestLen === 5 && words[5] === 0xffff))) {
      out += ipv4Text(b, at + 12);
      break;
    }
    out += (words[i] ?? 0).toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out += ':';
  return out;
}
