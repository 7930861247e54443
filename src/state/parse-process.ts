// Process lifecycle parsers: clone/clone3/fork/vfork, execve/execveat and
// procexit, after libsinsp parse_clone_exit_caller/_child, parse_execve_exit
// and parse_thread_exit.
import { paramAt } from '../capture/event-param.js';
import type { CapturedEvent } from '../capture/model.js';
import { paramIndex } from './event-params.js';
import { cloneFd, isCloseOnExec } from './fd-factory.js';
import type { Handler, ParseContext, ParserTable } from './parse-context.js';
import { big, exact, isEmpty, num, str, strList } from './param-values.js';
import { concatenatePaths } from './path-resolution.js';
import { cwdOf, inheritFromMain, linkCompleted, setCgroups } from './thread-state.js';
import {
  CLONE_STALE_TIME_NS, PPM_CL_ACTIVE, PPM_CL_CHILD_IN_PIDNS, PPM_CL_CLONE_FILES, PPM_CL_CLONE_INVERTED, PPM_CL_CLONE_NEWPID,
  PPM_CL_CLONE_PARENT, PPM_CL_CLONE_THREAD, PPM_CL_CLONE_VFORK, PPM_CL_IS_MAIN_THREAD, PPM_CL_NAME_CHANGED, PPM_CL_PIPE_DST,
  PPM_CL_PIPE_SRC, ThreadEntry,
} from './thread-table.js';
import type { FdInfo } from './state-model.js';

const PPM_EXE_WRITABLE = 1;
const PPM_EXE_UPPER_LAYER = 2;
const PPM_EXE_FROM_MEMFD = 4;
const PPM_EXE_LOWER_LAYER = 8;

interface CloneParams {
  res: number; exe: number; args: number; pid: number; ptid: number; fdlimit: number; comm: number; cgroups: number;
  flags: number; uid: number; gid: number; vtid: number; vpid: number; pidnsInit: number;
}

function cloneParams(code: number): CloneParams {
  const i = (name: string): number => paramIndex(code, name);
  return {
    res: i('res'), exe: i('exe'), args: i('args'), pid: i('pid'), ptid: i('ptid'), fdlimit: i('fdlimit'), comm: i('comm'),
    cgroups: i('cgroups'), flags: i('flags'), uid: i('uid'), gid: i('gid'), vtid: i('vtid'), vpid: i('vpid'),
    pidnsInit: i('pidns_init_start_ts'),
  };
}

function copyFds(from: Map<number, FdInfo>): Map<number, FdInfo> {
  const to = new Map<number, FdInfo>();
  for (const [n, f] of from) to.set(n, cloneFd(f, n));
  return to;
}

/** What a child takes from the thread it is cloned from (caller or lookup thread), when that one is valid. */
function inheritImage(child: ThreadEntry, from: ThreadEntry): void {
  child.exepath = from.exepath;
  child.exeWritable = from.exeWritable;
  child.exeUpperLayer = from.exeUpperLayer;
  child.exeLowerLayer = from.exeLowerLayer;
  child.exeFromMemfd = from.exeFromMemfd;
  child.root = from.root;
  child.sid = from.sid;
  child.vpgid = from.vpgid;
  child.pgid = from.pgid;
  child.tty = from.tty;
  child.loginuid = from.loginuid;
  child.capPermitted = from.capPermitted;
  child.capInheritable = from.capInheritable;
  child.capEffective = from.capEffective;
  child.exeIno = from.exeIno;
  child.exeInoCtime = from.exeInoCtime;
  child.exeInoMtime = from.exeInoMtime;
}

/** exe, comm, args, fdlimit, uid, gid, cgroups and clone time from the event. */
function fillFromEvent(p: ParseContext, child: ThreadEntry, e: CapturedEvent, I: CloneParams): void {
  child.exe = str(paramAt(e, I.exe));
  const comm = paramAt(e, I.comm);
  child.comm = isEmpty(comm) ? child.exe : str(comm);
  child.args = strList(paramAt(e, I.args));
  child.fdlimit = num(paramAt(e, I.fdlimit), -1);
  child.uid = num(paramAt(e, I.uid));
  child.gid = num(paramAt(e, I.gid));
  const cgroups = paramAt(e, I.cgroups);
  if (!isEmpty(cgroups)) setCgroups(child, strList(cgroups));
  child.startTs = p.epochOf(e);
}

function cloneCaller(p: ParseContext, e: CapturedEvent, I: CloneParams, childTid: number, isVfork: boolean): void {
  const table = p.table;
  const callerTid = e.tid;
  const caller = table.getOrCreate(callerTid);
  let validCaller = true;
  if (caller.isInvalid) {
    validCaller = false;
    caller.pid = num(paramAt(e, I.pid), -1);
    caller.ptid = num(paramAt(e, I.ptid), -1);
    const vpid = paramAt(e, I.vpid);
    if (!isEmpty(vpid)) {
      caller.vtid = num(paramAt(e, I.vtid), -1);
      caller.vpid = num(vpid, -1);
    } else {
      caller.vtid = callerTid;
      caller.vpid = -1;
    }
    linkCompleted(table, caller);
  }
  p.thread = caller;

  const flags = num(paramAt(e, I.flags)) >>> 0;
  // A child in a pid namespace is created from its own event, which knows its host tid.
  if ((flags & (PPM_CL_CHILD_IN_PIDNS | PPM_CL_CLONE_NEWPID | PPM_CL_CLONE_PARENT)) !== 0 || callerTid !== caller.vtid) return;
  // vfork: the child may exit before the parent returns; its own event creates it.
  if ((flags & PPM_CL_CLONE_VFORK) !== 0 || isVfork) return;
  if (table.recentlyExited(childTid, callerTid, e.ts)) return;

  let collision = false;
  const existing = table.threads.get(childTid);
  if (existing !== undefined) {
    if ((existing.flags & PPM_CL_CLONE_INVERTED) !== 0) return;
    table.remove(childTid);
    collision = true;
  }

  const child = new ThreadEntry(childTid);
  child.flags = flags;
  if ((flags & PPM_CL_CLONE_THREAD) === 0) {
    if (validCaller) {
      child.ownFds = copyFds(caller.fds);
      child.fds = child.ownFds;
      child.cwd = cwdOf(table, caller);
      child.env = caller.env;
    }
    child.pid = childTid;
    child.ptid = caller.tid;
  } else {
    child.pid = caller.pid;
    child.ptid = caller.ptid;
    child.flags |= PPM_CL_CLONE_FILES;
    child.lastExecTs = caller.lastExecTs;
  }
  child.vtid = child.tid;
  child.vpid = child.pid;
  fillFromEvent(p, child, e, I);
  child.pidnsInitStartTs = p.bootTimeNs ?? caller.pidnsInitStartTs;
  if (validCaller) {
    inheritImage(child, caller);
  } else {
    caller.exe = child.exe;
    caller.comm = child.comm;
    caller.args = child.args;
  }
  table.add(child);
  inheritFromMain(table, child);
  if (collision) p.thread = table.get(callerTid);
}

function cloneChild(p: ParseContext, e: CapturedEvent, I: CloneParams): void {
  const table = p.table;
  const childTid = e.tid;
  const existing = p.thread;
  if (existing !== undefined && existing.startTs !== 0n) {
    // Created by the caller's event moments ago: nothing to add.
    if (p.epochOf(e) - existing.startTs < CLONE_STALE_TIME_NS) return;
    table.remove(childTid);
    p.thread = undefined;
  }

  const child = new ThreadEntry(childTid);
  child.pid = num(paramAt(e, I.pid), -1);
  child.ptid = num(paramAt(e, I.ptid), -1);
  const vpid = paramAt(e, I.vpid);
  if (!isEmpty(vpid)) {
    child.vtid = num(paramAt(e, I.vtid), -1);
    child.vpid = num(vpid, -1);
  } else {
    child.vtid = child.tid;
    child.vpid = -1;
  }
  const flags = num(paramAt(e, I.flags)) >>> 0;
  child.flags = flags | PPM_CL_CLONE_INVERTED;
  const leader = (flags & PPM_CL_CLONE_THREAD) === 0;
  if (!leader) child.flags |= PPM_CL_CLONE_FILES;

  const lookupTid = leader ? child.ptid : child.pid;
  // libsinsp adds a placeholder for an unknown parent too; never one for a tid that cannot exist.
  const lookup = lookupTid > 0 ? table.getOrCreate(lookupTid) : new ThreadEntry(-1);
  let validLookup = true;
  if (lookup.isInvalid) {
    validLookup = false;
    if (!leader) {
      lookup.pid = child.pid;
      lookup.ptid = child.ptid;
      lookup.vpid = child.vpid;
      lookup.vtid = lookup.vpid;
      linkCompleted(table, lookup);
    }
  }

  fillFromEvent(p, child, e, I);
  if (validLookup) {
    inheritImage(child, lookup);
    if (leader) {
      child.ownFds = copyFds(lookup.fds);
      child.fds = child.ownFds;
      child.cwd = cwdOf(table, lookup);
      child.env = lookup.env;
    } else {
      child.lastExecTs = lookup.lastExecTs;
    }
  } else if (!leader) {
    lookup.exe = child.exe;
    lookup.comm = child.comm;
    lookup.args = child.args;
  }

  if ((flags & (PPM_CL_CHILD_IN_PIDNS | PPM_CL_CLONE_NEWPID)) !== 0 || child.tid !== child.vtid) {
    const ns = paramAt(e, I.pidnsInit);
    if (!isEmpty(ns)) child.pidnsInitStartTs = big(ns) + (p.bootTimeNs ?? 0n);
  } else {
    child.pidnsInitStartTs = p.bootTimeNs ?? lookup.pidnsInitStartTs;
  }

  table.add(child);
  inheritFromMain(table, child);
  p.thread = child;
}

function makeClone(code: number, isVfork: boolean): Handler {
  const I = cloneParams(code);
  return (p, e) => {
    const res = num(paramAt(e, I.res), -1);
    if (res < 0) return;
    if (res === 0) cloneChild(p, e, I);
    else cloneCaller(p, e, I, res, isVfork);
  };
}

function makeExecve(code: number): Handler {
  const i = (name: string): number => paramIndex(code, name);
  const I = {
    res: i('res'), exe: i('exe'), args: i('args'), pid: i('pid'), ptid: i('ptid'), fdlimit: i('fdlimit'),
    comm: i('comm'), cgroups: i('cgroups'), env: i('env'), tty: i('tty'), vpgid: i('vpgid'), loginuid: i('loginuid'),
    flags: i('flags'), capInh: i('cap_inheritable'), capPerm: i('cap_permitted'), capEff: i('cap_effective'),
    exeIno: i('exe_ino'), exeCtime: i('exe_ino_ctime'), exeMtime: i('exe_ino_mtime'), uid: i('uid'),
    trusted: i('trusted_exepath'), pgid: i('pgid'), gid: i('gid'), filename: i('filename'),
  };
  return (p, e) => {
    if (num(paramAt(e, I.res), -1) !== 0) return;
    const t = p.thread;
    if (t === undefined) return;
    const table = p.table;
    // A secondary thread's execve when the main thread had exited: the kernel gives it the
    // main thread's tid, so the dead main thread comes back.
    if (t.exited) {
      t.markAlive();
      if (t.group !== undefined) t.group.alive++;
    }
    t.exe = str(paramAt(e, I.exe));
    t.lastExecTs = e.ts;
    const comm = paramAt(e, I.comm);
    t.comm = isEmpty(comm) ? t.exe : str(comm);
    t.args = strList(paramAt(e, I.args));
    t.pid = num(paramAt(e, I.pid), t.pid);
    if (t.isInvalid) {
      t.ptid = num(paramAt(e, I.ptid), -1);
      if ((t.flags & PPM_CL_CHILD_IN_PIDNS) === 0) {
        t.vtid = t.tid;
        t.vpid = t.pid;
      }
      linkCompleted(table, t);
    }
    t.fdlimit = num(paramAt(e, I.fdlimit), -1);
    const env = paramAt(e, I.env);
    if (!isEmpty(env)) t.env = strList(env);
    const cgroups = paramAt(e, I.cgroups);
    if (!isEmpty(cgroups)) setCgroups(t, strList(cgroups));
    const tty = paramAt(e, I.tty);
    if (!isEmpty(tty)) t.tty = num(tty);
    // The cwd parameter is not applied: libsinsp keeps the cwd it tracked (clone, chdir, fchdir).

    const trusted = paramAt(e, I.trusted);
    if (!isEmpty(trusted)) {
      t.exepath = str(trusted);
    } else {
      const filename = paramAt(e, I.filename);
      if (!isEmpty(filename)) {
        const f = str(filename);
        t.exepath = f === '<NA>' ? f : concatenatePaths(cwdOf(table, t), f);
      }
    }
    const vpgid = paramAt(e, I.vpgid);
    if (!isEmpty(vpgid)) t.vpgid = num(vpgid);
    const loginuid = paramAt(e, I.loginuid);
    if (!isEmpty(loginuid)) t.loginuid = num(loginuid);
    const exeFlags = paramAt(e, I.flags);
    if (!isEmpty(exeFlags)) {
      const f = num(exeFlags);
      t.exeWritable = (f & PPM_EXE_WRITABLE) !== 0;
      t.exeUpperLayer = (f & PPM_EXE_UPPER_LAYER) !== 0;
      t.exeFromMemfd = (f & PPM_EXE_FROM_MEMFD) !== 0;
      t.exeLowerLayer = (f & PPM_EXE_LOWER_LAYER) !== 0;
    }
    if (!isEmpty(paramAt(e, I.capEff))) {
      t.capInheritable = exact(paramAt(e, I.capInh));
      t.capPermitted = exact(paramAt(e, I.capPerm));
      t.capEffective = exact(paramAt(e, I.capEff));
    }
    if (!isEmpty(paramAt(e, I.exeMtime))) {
      t.exeIno = exact(paramAt(e, I.exeIno));
      t.exeInoCtime = big(paramAt(e, I.exeCtime));
      t.exeInoMtime = big(paramAt(e, I.exeMtime));
    }
    const uid = paramAt(e, I.uid);
    if (!isEmpty(uid)) t.uid = num(uid);
    const pgid = paramAt(e, I.pgid);
    t.pgid = isEmpty(pgid) ? -1 : num(pgid);
    const gid = paramAt(e, I.gid);
    if (!isEmpty(gid)) t.gid = num(gid);

    // Close-on-exec fds go with the old image.
    const fds = t.fds;
    for (const [n, f] of fds) if (isCloseOnExec(f)) fds.delete(n);

    const kept = t.flags & (PPM_CL_PIPE_SRC | PPM_CL_PIPE_DST | PPM_CL_IS_MAIN_THREAD | PPM_CL_CLONE_INVERTED);
    t.flags = PPM_CL_ACTIVE | kept | PPM_CL_NAME_CHANGED;

    // Every other thread of the process is gone after an exec.
    const g = t.group;
    if (g !== undefined && g.alive > 1) {
      for (const m of [...g.members]) {
        if (m.isMain || m.tid === t.tid) continue;
        table.remove(m.tid);
      }
    }
  };
}

function makeProcexit(code: number): Handler {
  const iReaper = paramIndex(code, 'reaper_tid');
  return (p, e) => {
    const t = p.thread;
    if (t === undefined) return;
    if (t.group !== undefined && !t.exited) t.group.alive--;
    t.markDead();
    p.tidToRemove = e.tid;
    if (t.children === undefined || t.children.size === 0) return;
    const reaper = paramAt(e, iReaper);
    if (iReaper < 0) t.reaperTid = -1;
    else if (!isEmpty(reaper)) t.reaperTid = num(reaper);
  };
}

export const PROCESS_PARSERS: ParserTable = [
  ['SYSCALL_CLONE_20_X', (c) => makeClone(c, false)],
  ['SYSCALL_CLONE3_X', (c) => makeClone(c, false)],
  ['SYSCALL_FORK_20_X', (c) => makeClone(c, false)],
  ['SYSCALL_VFORK_20_X', (c) => makeClone(c, true)],
  ['SYSCALL_EXECVE_19_X', makeExecve],
  ['SYSCALL_EXECVEAT_X', makeExecve],
  ['PROCEXIT_1_E', makeProcexit],
];
