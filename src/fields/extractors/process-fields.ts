// proc.* and thread.* fields (sinsp_filtercheck_thread.cpp). Ancestry follows
// libsinsp exactly: indexed forms (proc.aname[N], proc.pname) step from the
// main thread through each parent's main thread; the un-indexed forms walk
// the raw ptid chain above the main thread (traverse_parent_state).
import type { FieldScalar } from '../field-access.js';
import type { EventContext, StateView } from '../../state/event-context.js';
import type { ThreadInfo } from '../../state/state-model.js';
import {
  ancestorProcess, cmdline, eventEpochNs, isInPidNamespace, isMainThread, nsValue, parentChain, threadCwd,
} from './common.js';
import { CAP_NAMES } from './ppm-tables.js';
import type { DisplayTable, Extractor, FieldTable, ResolvedArg } from './types.js';

type Pick = (t: ThreadInfo) => FieldScalar;

const comm: Pick = (t) => t.comm;
const exe: Pick = (t) => t.exe;
const exepath: Pick = (t) => t.exepath;
const pid: Pick = (t) => t.pid;
const args = (t: ThreadInfo): string => t.args.join(' ');

/** An extractor of the event's thread, NULL without one. */
const ofThread = (pick: (t: ThreadInfo, ctx: EventContext) => FieldScalar | undefined): (() => Extractor) =>
  () => (ctx) => (ctx.thread === undefined ? undefined : pick(ctx.thread, ctx));

/** should_extract_xid: ids outside [-1, 2^32-1] are missing. */
const xid = (v: number): number | undefined => (v >= -1 && v <= 0xffffffff ? v : undefined);

/** The parent process (get_ancestor_process with n = 1). */
const ofParent = (pick: (t: ThreadInfo) => FieldScalar | undefined): (() => Extractor) => () => (ctx) => {
  const t = ctx.thread;
  if (t === undefined) return undefined;
  const p = ancestorProcess(ctx.state, t, 1);
  return p === undefined ? undefined : pick(p);
};

/**
 * One value per ancestor above the event's process (candidates for conditions).
 * The list is allocated once per binding and refilled per event: the compiler
 * consumes it at once.
 */
function everyAncestor(value: (state: StateView, a: ThreadInfo) => FieldScalar): Extractor {
  const out: FieldScalar[] = [];
  return (ctx) => {
    const t = ctx.thread;
    if (t === undefined) return undefined;
    const list = parentChain(ctx.state, ctx.state.mainThread(t));
    if (list.length === 0) return undefined;
    out.length = list.length;
    for (let i = 0; i < list.length; i++) out[i] = value(ctx.state, list[i]!);
    return out;
  };
}

/**
 * proc.aname & co.: with an index, that ancestor (0 = the process itself);
 * without, every ancestor above the process for conditions (candidates 'any').
 */
function ancestorField(pick: Pick): (arg: ResolvedArg) => Extractor {
  return (arg) => {
    if (arg.argIndex !== undefined) {
      const n = arg.argIndex;
      return (ctx) => {
        const t = ctx.thread;
        if (t === undefined) return undefined;
        const a = ancestorProcess(ctx.state, t, n);
        return a === undefined ? undefined : pick(a);
      };
    }
    return everyAncestor((_state, a) => pick(a));
  };
}

/** The printed form of the un-indexed ancestor fields: the values joined by spaces, NULL with no ancestor. */
function ancestorDisplay(pick: Pick): (arg: ResolvedArg) => Extractor {
  const indexed = ancestorField(pick);
  return (arg) => {
    if (arg.argIndex !== undefined) return indexed(arg);
    return (ctx) => {
      const t = ctx.thread;
      if (t === undefined) return undefined;
      const list = parentChain(ctx.state, ctx.state.mainThread(t));
      if (list.length === 0) return undefined;
      let s = '';
      for (let i = 0; i < list.length; i++) s += i === 0 ? String(pick(list[i]!)) : ` ${String(pick(list[i]!))}`;
      return s;
    };
  };
}

/** proc.apid prints the process's own pid without an index (ancestor 0). */
function apidDisplay(arg: ResolvedArg): Extractor {
  const n = arg.argIndex ?? 0;
  return (ctx) => {
    const t = ctx.thread;
    if (t === undefined) return undefined;
    const a = ancestorProcess(ctx.state, t, n);
    return a === undefined ? undefined : xid(a.pid);
  };
}

// ---------------------------------------------------------------------------
// Environment

function envOf(state: StateView, t: ThreadInfo): readonly string[] {
  return isMainThread(t) ? t.env : state.mainThread(t).env;
}

/** sinsp_threadinfo::get_env(name): the value, stripped of surrounding spaces; '' when unset. */
function envValue(env: readonly string[], name: string): string {
  const n = name.length;
  for (const entry of env) {
    if (entry.length > n + 1 && entry.charCodeAt(n) === 61 && entry.startsWith(name)) {
      return entry.slice(n + 1).replace(/^ +/, '').replace(/ +$/, '');
    }
  }
  return '';
}

function envField(arg: ResolvedArg): Extractor {
  const name = arg.argIndex === undefined ? arg.arg : undefined;
  if (name !== undefined && name !== '') {
    return (ctx) => (ctx.thread === undefined ? undefined : envValue(envOf(ctx.state, ctx.thread), name));
  }
  // proc.env[3] reads as an index, which proc.env ignores: the whole environment.
  return (ctx) => (ctx.thread === undefined ? undefined : envOf(ctx.state, ctx.thread).join(' '));
}

/** proc.aenv[NAME]: the first non-empty value up the raw ptid chain (at most 20 levels, self excluded). */
function aenvValue(name: string): Extractor {
  return (ctx) => {
    const t = ctx.thread;
    if (t === undefined) return undefined;
    let mt: ThreadInfo | undefined = ctx.state.mainThread(t);
    let value = '';
    for (let j = 0; j < 20 && mt !== undefined; j++) {
      mt = ctx.state.thread(mt.ptid);
      if (mt === undefined) break;
      value = envValue(envOf(ctx.state, mt), name);
      if (value !== '') break;
    }
    return value;
  };
}

const aenvKey = (arg: ResolvedArg): string | undefined =>
  (arg.argIndex === undefined && arg.arg !== undefined && arg.arg !== '' ? arg.arg : undefined);

/**
 * proc.aenv without a variable name: conditions compare every ancestor's
 * whole environment (libsinsp ignores a numeric index there).
 */
function aenvField(arg: ResolvedArg): Extractor {
  const key = aenvKey(arg);
  if (key !== undefined) return aenvValue(key);
  return everyAncestor((state, a) => envOf(state, a).join(' '));
}

/** Printed: proc.aenv / proc.aenv[0] is the process's own environment, proc.aenv[N] ancestor N's (raw ptid steps). */
function aenvDisplay(arg: ResolvedArg): Extractor {
  const key = aenvKey(arg);
  if (key !== undefined) return aenvValue(key);
  const n = arg.argIndex ?? 0;
  if (n < 1) return (ctx) => (ctx.thread === undefined ? undefined : envOf(ctx.state, ctx.thread).join(' '));
  return (ctx) => {
    const t = ctx.thread;
    if (t === undefined) return undefined;
    let mt: ThreadInfo | undefined = ctx.state.mainThread(t);
    for (let j = 0; j < n; j++) {
      mt = ctx.state.thread(mt.ptid);
      if (mt === undefined) return undefined;
    }
    return envOf(ctx.state, mt).join(' ');
  };
}

// ---------------------------------------------------------------------------
// Session and process-group leaders

/**
 * thread_manager::get_ancestor_field_as_string: the thread whose id is the
 * session/group id (looked up directly outside pid namespaces), else the
 * oldest ancestor sharing that id; '' when none.
 */
function leaderField(idOf: (t: ThreadInfo) => number, virtual: boolean, pick: Pick): () => Extractor {
  return () => (ctx) => {
    const t = ctx.thread;
    if (t === undefined) return undefined;
    const id = idOf(t);
    if (id === -1) return '';
    if (!virtual || !isInPidNamespace(t)) {
      const leader = ctx.state.thread(id);
      if (leader !== undefined) return pick(leader);
    }
    let leader: ThreadInfo | undefined;
    for (const a of parentChain(ctx.state, t)) {
      if (idOf(a) !== id) break;
      leader = a;
    }
    return leader === undefined ? '' : pick(leader);
  };
}

// ---------------------------------------------------------------------------
// Misc

const capsCache = new Map<number | bigint, string>();
/** sinsp_utils::caps_to_string: the names of the set bits, space-separated. */
export function capsText(caps: number | bigint): string {
  let text = capsCache.get(caps);
  if (text !== undefined) return text;
  const big = BigInt(caps);
  const lo = Number(big & 0xffffffffn);
  const hi = Number((big >> 32n) & 0xffffffffn);
  const names: string[] = [];
  for (let i = 0; i < CAP_NAMES.length; i++) {
    const set = i < 32 ? (lo >>> i) & 1 : (hi >>> (i - 32)) & 1;
    if (set) names.push(CAP_NAMES[i]!);
  }
  text = names.join(' ');
  if (capsCache.size < 1024) capsCache.set(caps, text);
  return text;
}

/** Nanoseconds since `startNs` at this event; NULL when the start is unknown (0). */
function sinceStart(ctx: EventContext, startNs: bigint): number | bigint | undefined {
  return startNs === 0n ? undefined : nsValue(eventEpochNs(ctx) - startNs);
}

const nonZero = (v: number | bigint): number | bigint | undefined => (v === 0 || v === 0n ? undefined : v);

/** proc.loginshellid: the pid of the oldest process, self included, whose name ends in "sh". */
function loginShellId(ctx: EventContext, t: ThreadInfo): number | undefined {
  const mt = ctx.state.mainThread(t);
  let found: number | undefined;
  if (mt.comm.endsWith('sh')) found = mt.pid;
  for (const a of parentChain(ctx.state, mt)) if (a.comm.endsWith('sh')) found = a.pid;
  return found;
}

const FD_TYPE_STRING: Readonly<Record<string, string>> = {
  file: 'file', directory: 'directory', ipv4: 'ipv4', 'ipv4-server': 'ipv4', ipv6: 'ipv6', 'ipv6-server': 'ipv6',
  unix: 'unix', fifo: 'pipe', event: 'event', signalfd: 'signalfd', eventpoll: 'eventpoll', inotify: 'inotify',
  timerfd: 'timerfd', netlink: 'netlink', bpf: 'bpf', userfaultfd: 'userfaultfd', io_uring: 'io_uring',
  memfd: 'memfd', pidfd: 'pidfd',
};

/** sinsp_fdinfo::get_typestring. */
export function fdTypeString(type: string): string {
  return FD_TYPE_STRING[type] ?? '<NA>';
}

const stdFd = (fd: number, what: 'type' | 'name'): (() => Extractor) => () => (ctx) => {
  const info = ctx.thread?.fds.get(fd);
  if (info === undefined) return undefined;
  return what === 'type' ? fdTypeString(info.type) : info.name;
};

function cgroupsText(t: ThreadInfo): string | undefined {
  return t.cgroups.length === 0 ? undefined : t.cgroups.join(' ');
}

function cgroupField(arg: ResolvedArg): Extractor {
  const prefix = `${arg.arg ?? ''}=`;
  return (ctx) => {
    const t = ctx.thread;
    if (t === undefined) return undefined;
    for (const entry of t.cgroups) if (entry.startsWith(prefix)) return entry.slice(prefix.length);
    return undefined;
  };
}

/** proc.args / proc.args[N] (an index past the end gives ''). */
function argsField(arg: ResolvedArg): Extractor {
  if (arg.argIndex !== undefined) {
    const n = arg.argIndex;
    return (ctx) => (ctx.thread === undefined ? undefined : n >= 0 ? ctx.thread.args[n] ?? '' : '');
  }
  return (ctx) => (ctx.thread === undefined ? undefined : args(ctx.thread));
}

/** proc.aargs: without an index, every ancestor's args joined by spaces (NULL if none). */
function aargsField(arg: ResolvedArg): Extractor {
  if (arg.argIndex !== undefined) return ancestorField(args)(arg);
  return (ctx) => {
    const t = ctx.thread;
    if (t === undefined) return undefined;
    let s = '';
    for (const a of parentChain(ctx.state, ctx.state.mainThread(t))) s = s === '' ? args(a) : `${s} ${args(a)}`;
    return s === '' ? undefined : s;
  };
}

export const processFields: FieldTable = {
  'proc.exe': ofThread(exe),
  'proc.pexe': ofParent(exe),
  'proc.aexe': ancestorField(exe),
  'proc.exepath': ofThread(exepath),
  'proc.pexepath': ofParent(exepath),
  'proc.aexepath': ancestorField(exepath),
  'proc.name': ofThread(comm),
  'proc.pname': ofParent(comm),
  'proc.aname': ancestorField(comm),
  'proc.args': argsField,
  'proc.aargs': aargsField,
  'proc.cmdline': ofThread(cmdline),
  'proc.pcmdline': ofParent(cmdline),
  'proc.acmdline': ancestorField(cmdline),
  'proc.cmdnargs': ofThread((t) => t.args.length),
  'proc.cmdlenargs': ofThread((t) => t.args.reduce((n, a) => n + a.length, 0)),
  'proc.exeline': ofThread((t) => `${t.exe} ${args(t)}`),
  'proc.env': envField,
  'proc.aenv': aenvField,
  'proc.cwd': ofThread((t, ctx) => threadCwd(ctx.state, t)),
  'proc.loginshellid': ofThread((t, ctx) => loginShellId(ctx, t)),
  'proc.tty': ofThread((t) => t.tty),
  'proc.pid': ofThread((t) => xid(t.pid)),
  'proc.ppid': ofParent((t) => xid(t.pid)),
  'proc.apid': ancestorField(pid),
  'proc.vpid': ofThread((t) => (t.vpid === -1 ? undefined : t.vpid)),
  'proc.pvpid': ofThread((t, ctx) => ctx.state.thread(t.ptid)?.vpid),
  'proc.sid': ofThread((t) => t.sid),
  'proc.sname': leaderField((t) => t.sid, true, comm),
  'proc.sid.exe': leaderField((t) => t.sid, true, exe),
  'proc.sid.exepath': leaderField((t) => t.sid, true, exepath),
  'proc.vpgid': ofThread((t) => t.vpgid),
  'proc.vpgid.name': leaderField((t) => t.vpgid, true, comm),
  'proc.vpgid.exe': leaderField((t) => t.vpgid, true, exe),
  'proc.vpgid.exepath': leaderField((t) => t.vpgid, true, exepath),
  'proc.pgid': ofThread((t) => t.pgid),
  'proc.pgid.name': leaderField((t) => t.pgid, false, comm),
  'proc.pgid.exe': leaderField((t) => t.pgid, false, exe),
  'proc.pgid.exepath': leaderField((t) => t.pgid, false, exepath),
  'proc.duration': ofThread((t, ctx) => sinceStart(ctx, t.startTs)),
  'proc.ppid.duration': ofThread((t, ctx) => {
    const p = ancestorProcess(ctx.state, t, 1);
    if (p === undefined) return undefined;
    // libsinsp's case lacks a break for an unknown start: it falls into proc.fdopencount.
    return p.startTs === 0n ? t.fds.size : sinceStart(ctx, p.startTs);
  }),
  'proc.pid.ts': ofThread((t) => nonZero(nsValue(t.startTs))),
  'proc.ppid.ts': ofThread((t, ctx) => {
    const p = ctx.state.thread(t.ptid);
    return p === undefined ? undefined : nsValue(p.startTs);
  }),
  'proc.is_exe_writable': ofThread((t) => t.exeWritable),
  'proc.is_exe_upper_layer': ofThread((t) => t.exeUpperLayer),
  'proc.is_exe_lower_layer': ofThread((t) => t.exeLowerLayer),
  'proc.is_exe_from_memfd': ofThread((t) => t.exeFromMemfd),
  'proc.is_sid_leader': ofThread((t) => t.sid === t.vpid),
  'proc.is_vpgid_leader': ofThread((t) => t.vpgid === t.vpid),
  'proc.is_pgid_leader': ofThread((t) => t.pgid === t.pid),
  'proc.exe_ino': ofThread((t) => nonZero(t.exeIno)),
  'proc.exe_ino.ctime': ofThread((t) => nonZero(nsValue(t.exeInoCtime))),
  'proc.exe_ino.mtime': ofThread((t) => nonZero(nsValue(t.exeInoMtime))),
  // libsinsp computes it at exec, from the clone time, as an unsigned 64-bit difference.
  'proc.exe_ino.ctime_duration_proc_start': ofThread((t) => {
    if (t.startTs === 0n || t.exeInoCtime === 0n) return undefined;
    return nonZero(nsValue(BigInt.asUintN(64, t.startTs - t.exeInoCtime)));
  }),
  'proc.exe_ino.ctime_duration_pidns_start': ofThread((t) => {
    if (t.pidnsInitStartTs === 0n || t.exeInoCtime <= t.pidnsInitStartTs) return undefined;
    return nsValue(t.exeInoCtime - t.pidnsInitStartTs);
  }),
  'proc.pidns_init_start_ts': ofThread((t) => nonZero(nsValue(t.pidnsInitStartTs))),
  'thread.cap_permitted': ofThread((t) => capsText(t.capPermitted)),
  'thread.cap_inheritable': ofThread((t) => capsText(t.capInheritable)),
  'thread.cap_effective': ofThread((t) => capsText(t.capEffective)),
  'proc.fdopencount': ofThread((t) => t.fds.size),
  'proc.fdlimit': ofThread((t) => t.fdlimit),
  'thread.tid': () => (ctx) => xid(ctx.event.tid),
  'thread.ismain': ofThread(isMainThread),
  'thread.nametid': ofThread((t, ctx) => `${t.comm}${ctx.event.tid}`),
  'thread.vtid': ofThread((t) => (t.vtid === -1 ? undefined : t.vtid)),
  'thread.cgroups': ofThread(cgroupsText),
  'thread.cgroup': cgroupField,
  'proc.stdin.type': stdFd(0, 'type'),
  'proc.stdout.type': stdFd(1, 'type'),
  'proc.stderr.type': stdFd(2, 'type'),
  'proc.stdin.name': stdFd(0, 'name'),
  'proc.stdout.name': stdFd(1, 'name'),
  'proc.stderr.name': stdFd(2, 'name'),
};

export const processDisplayFields: DisplayTable = {
  'proc.aname': ancestorDisplay(comm),
  'proc.aexe': ancestorDisplay(exe),
  'proc.aexepath': ancestorDisplay(exepath),
  'proc.acmdline': ancestorDisplay(cmdline),
  'proc.apid': apidDisplay,
  'proc.aenv': aenvDisplay,
};

/** The fields whose un-indexed form extracts several candidates, any of which may match. */
export function anyAncestorField(name: string, arg: ResolvedArg): boolean {
  switch (name) {
    case 'proc.aname': case 'proc.aexe': case 'proc.aexepath': case 'proc.acmdline': case 'proc.apid':
      return arg.argIndex === undefined;
    case 'proc.aenv':
      return aenvKey(arg) === undefined;
    default:
      return false;
  }
}
