// File-descriptor parsers: the open family, anonymous fds (eventfd, signalfd,
// timerfd, inotify, epoll, bpf, userfaultfd, io_uring, memfd, pidfd), pipes,
// dup/fcntl duplication and close/close_range. After libsinsp
// parse_open_openat_creat_exit, parse_single_param_fd_exit,
// parse_eventfd_eventfd2_exit, parse_memfd_create_exit, parse_pidfd_*_exit,
// parse_pipe_exit, parse_dup_exit, parse_fcntl_exit, parse_close_exit and
// parse_close_range_exit.
import { paramAt } from '../capture/event-param.js';
import type { CapturedEvent, FdType } from '../capture/model.js';
import { PPM_O_CLOEXEC, PPM_O_DIRECTORY } from '../capture/open-flags.js';
import { paramIndex } from './event-params.js';
import { clearCloseOnExecBits, cloneFd, newFd, PPM_EPOLL_CLOEXEC } from './fd-factory.js';
import type { Handler, ParseContext, ParserTable } from './parse-context.js';
import { isEmpty, num, str } from './param-values.js';
import { asDirBase, concatenatePaths } from './path-resolution.js';
import { cwdOf } from './thread-state.js';
import type { ThreadEntry } from './thread-table.js';
import { PPM_CL_PIPE_DST, PPM_CL_PIPE_SRC } from './thread-table.js';

export const PPM_AT_FDCWD = -100;
const PPM_FD_UPPER_LAYER = 1 << 15;
const PPM_FD_LOWER_LAYER = 1 << 16;
const PPM_FD_UPPER_LAYER_CREAT = 1 << 0;
const PPM_FD_LOWER_LAYER_CREAT = 1 << 1;
const PPM_CLOSE_RANGE_CLOEXEC = 1 << 2;

/** fcntl commands as captures store them: the driver's PPM_FCNTL_* values, as in .scap files. */
export const F_DUPFD = 1;
export const F_SETFD = 3;
export const F_DUPFD_CLOEXEC = 26;
const FD_CLOEXEC = 1;

/**
 * libsinsp parse_dirfd: the base a relative name is joined to ("." for an
 * absolute name, "<UNKNOWN>" for a dirfd not in the table).
 */
function dirfdBase(p: ParseContext, t: ThreadEntry, name: string, dirfd: number): string {
  if (name.length > 0 && name.charCodeAt(0) === 47) return '.';
  if (dirfd === PPM_AT_FDCWD) return cwdOf(p.table, t);
  const f = t.fds.get(dirfd);
  return f === undefined ? '<UNKNOWN>' : asDirBase(f.name);
}

type OpenKind = 'open' | 'creat' | 'openat' | 'by_handle';

function makeOpen(code: number, kind: OpenKind): Handler {
  const i = (name: string): number => paramIndex(code, name);
  const I = {
    fd: i('fd'), name: i(kind === 'by_handle' ? 'path' : 'name'), flags: i('flags'), dev: i('dev'), ino: i('ino'),
    dirfd: i('dirfd'), creatFlags: i('creat_flags'),
  };
  return (p, e) => {
    const t = p.thread;
    if (t === undefined) return;
    const fd = num(paramAt(e, I.fd), -1);
    let name: string;
    let flags = 0;
    let dev = 0;
    let ino: number | bigint = 0;
    let sdir: string;
    const devParam = paramAt(e, I.dev);
    const inoParam = paramAt(e, I.ino);
    if (kind === 'openat') {
      const nameParam = paramAt(e, I.name);
      name = isEmpty(nameParam) ? '<NA>' : str(nameParam);
      const flagsParam = paramAt(e, I.flags);
      if (!isEmpty(flagsParam)) flags = num(flagsParam);
      if (!isEmpty(inoParam)) {
        dev = num(devParam);
        ino = inoParam as number | bigint;
      }
      const dirfd = paramAt(e, I.dirfd);
      sdir = isEmpty(dirfd) ? '' : dirfdBase(p, t, name, num(dirfd));
    } else {
      name = str(paramAt(e, I.name));
      if (kind === 'creat') {
        if (!isEmpty(devParam)) {
          dev = num(devParam);
          if (!isEmpty(inoParam)) {
            ino = inoParam as number | bigint;
            const cf = num(paramAt(e, I.creatFlags));
            if ((cf & PPM_FD_UPPER_LAYER_CREAT) !== 0) flags |= PPM_FD_UPPER_LAYER;
            else if ((cf & PPM_FD_LOWER_LAYER_CREAT) !== 0) flags |= PPM_FD_LOWER_LAYER;
          }
        }
      } else {
        flags = num(paramAt(e, I.flags));
        if (!isEmpty(devParam)) {
          dev = num(devParam);
          if (!isEmpty(inoParam)) ino = inoParam as number | bigint;
        }
      }
      sdir = kind === 'by_handle' ? '' : cwdOf(p.table, t);
    }
    if (fd < 0) return;
    const f = newFd(fd, (flags & PPM_O_DIRECTORY) !== 0 ? 'directory' : 'file', concatenatePaths(sdir, name));
    f.openFlags = flags;
    f.dev = dev;
    f.ino = ino;
    f.nameRaw = name;
    p.addFd(t, fd, f);
  };
}

/**
 * An fd-creating call whose return value is the new fd of a given type; named
 * '' as in libsinsp unless `nameOf` says otherwise (memfd's name, pidfd's /proc/PID).
 */
function makeAnonFd(code: number, type: FdType, flagsOf?: (flags: number) => number, nameOf?: (e: CapturedEvent) => string): Handler {
  const iRet = paramIndex(code, paramIndex(code, 'res') >= 0 ? 'res' : 'fd');
  const iFlags = paramIndex(code, 'flags');
  return (p, e) => {
    const t = p.thread;
    if (t === undefined) return;
    const fd = num(paramAt(e, iRet), -1);
    if (fd < 0) return;
    const f = newFd(fd, type, nameOf?.(e));
    if (flagsOf !== undefined) f.openFlags = flagsOf(num(paramAt(e, iFlags)));
    p.addFd(t, fd, f);
  };
}

const keepFlags = (flags: number): number => flags;
const epollFlags = (flags: number): number => ((flags & PPM_EPOLL_CLOEXEC) !== 0 ? PPM_O_CLOEXEC : 0);

function makeMemfd(code: number): Handler {
  const iName = paramIndex(code, 'name');
  return makeAnonFd(code, 'memfd', keepFlags, (e) => str(paramAt(e, iName)));
}

function makePidfdOpen(code: number): Handler {
  const iPid = paramIndex(code, 'pid');
  return makeAnonFd(code, 'pidfd', keepFlags, (e) => `/proc/${num(paramAt(e, iPid))}`);
}

const PIDFD_NAME = /^\/proc\/(\d+)$/;

/** pidfd_getfd: a copy of the target process's fd, close-on-exec. */
function makePidfdGetfd(code: number): Handler {
  const iFd = paramIndex(code, 'fd');
  const iPidfd = paramIndex(code, 'pid_fd');
  const iTarget = paramIndex(code, 'target_fd');
  return (p, e) => {
    const t = p.thread;
    if (t === undefined) return;
    const fd = num(paramAt(e, iFd), -1);
    if (fd < 0) return;
    const pidfd = t.fds.get(num(paramAt(e, iPidfd), -1));
    if (pidfd === undefined || pidfd.type !== 'pidfd') return;
    const m = PIDFD_NAME.exec(pidfd.name);
    if (m === null) return;
    const owner = p.table.threads.get(Number(m[1]));
    const target = owner?.fds.get(num(paramAt(e, iTarget), -1));
    if (target === undefined) return;
    const f = cloneFd(target, fd);
    clearCloseOnExecBits(f);
    f.openFlags |= PPM_O_CLOEXEC;
    p.addFd(t, fd, f);
  };
}

/** pipe/pipe2: two fifo fds sharing an inode (unnamed, as libsinsp leaves them). */
function makePipe(code: number): Handler {
  const iRes = paramIndex(code, 'res');
  const iFd1 = paramIndex(code, 'fd1');
  const iFd2 = paramIndex(code, 'fd2');
  const iIno = paramIndex(code, 'ino');
  const iFlags = paramIndex(code, 'flags');
  return (p, e) => {
    const t = p.thread;
    if (t === undefined || num(paramAt(e, iRes), -1) < 0) return;
    const ino = paramAt(e, iIno);
    const flags = iFlags < 0 ? 0 : num(paramAt(e, iFlags));
    for (const fd of [num(paramAt(e, iFd1), -1), num(paramAt(e, iFd2), -1)]) {
      const f = newFd(fd, 'fifo');
      f.ino = typeof ino === 'number' || typeof ino === 'bigint' ? ino : 0;
      f.openFlags = flags;
      p.addFd(t, fd, f);
    }
  };
}

/** dup/dup2/dup3: the new fd is a copy of the old one (dup2/dup3 replace whatever had its number). */
function makeDup(code: number, dup3: boolean): Handler {
  const iRes = paramIndex(code, 'res');
  const iFlags = paramIndex(code, 'flags');
  return (p, e) => {
    const t = p.thread;
    if (t === undefined) return;
    const res = num(paramAt(e, iRes), -1);
    if (res < 0 || p.fd === undefined) return;
    if (res === 0) t.flags |= PPM_CL_PIPE_DST;
    if (res === 1) t.flags |= PPM_CL_PIPE_SRC;
    const f = cloneFd(p.fd, res);
    clearCloseOnExecBits(f);
    if (dup3 && (num(paramAt(e, iFlags)) & PPM_O_CLOEXEC) !== 0) f.openFlags |= PPM_O_CLOEXEC;
    p.addFd(t, res, f);
  };
}

function makeFcntl(code: number): Handler {
  const iRes = paramIndex(code, 'res');
  const iCmd = paramIndex(code, 'cmd');
  const iArg = paramIndex(code, 'arg');
  return (p, e) => {
    const t = p.thread;
    if (t === undefined) return;
    const cmd = num(paramAt(e, iCmd), -1);
    const arg = num(paramAt(e, iArg));
    const cloexec = cmd === F_DUPFD_CLOEXEC;
    if (cmd !== F_DUPFD && cmd !== F_SETFD && !cloexec) return;
    const res = num(paramAt(e, iRes), -1);
    if (res < 0 || p.fd === undefined) return;
    if (cmd === F_SETFD) {
      clearCloseOnExecBits(p.fd);
      if ((arg & FD_CLOEXEC) !== 0) p.fd.openFlags |= PPM_O_CLOEXEC;
      return;
    }
    const f = cloneFd(p.fd, res);
    clearCloseOnExecBits(f);
    if (cloexec) f.openFlags |= PPM_O_CLOEXEC;
    p.addFd(t, res, f);
  };
}

/** close: the fd leaves the table; the event still shows it (ParseContext.fd was taken before). */
function makeClose(code: number): Handler {
  const iRes = paramIndex(code, 'res');
  return (p, e) => {
    const t = p.thread;
    if (t === undefined || p.fd === undefined || num(paramAt(e, iRes), -1) < 0) return;
    if (t.fds.get(p.fdNum) === p.fd) t.fds.delete(p.fdNum);
  };
}

function makeCloseRange(code: number): Handler {
  const iRes = paramIndex(code, 'res');
  const iFirst = paramIndex(code, 'first');
  const iLast = paramIndex(code, 'last');
  const iFlags = paramIndex(code, 'flags');
  return (p, e) => {
    const t = p.thread;
    if (t === undefined || num(paramAt(e, iRes), -1) < 0) return;
    const first = num(paramAt(e, iFirst)) >>> 0;
    const last = num(paramAt(e, iLast)) >>> 0;
    const cloexecOnly = (num(paramAt(e, iFlags)) & PPM_CLOSE_RANGE_CLOEXEC) !== 0;
    const fds = t.fds;
    for (const [n, f] of fds) {
      if (n < first || n > last) continue;
      if (cloexecOnly) f.openFlags |= PPM_O_CLOEXEC;
      else fds.delete(n);
    }
  };
}

export const FD_PARSERS: ParserTable = [
  ['SYSCALL_OPEN_X', (c) => makeOpen(c, 'open')],
  ['SYSCALL_CREAT_X', (c) => makeOpen(c, 'creat')],
  ['SYSCALL_OPENAT_2_X', (c) => makeOpen(c, 'openat')],
  ['SYSCALL_OPENAT2_X', (c) => makeOpen(c, 'openat')],
  ['SYSCALL_OPEN_BY_HANDLE_AT_X', (c) => makeOpen(c, 'by_handle')],
  ['SYSCALL_EVENTFD_X', (c) => makeAnonFd(c, 'event')],
  ['SYSCALL_EVENTFD2_X', (c) => makeAnonFd(c, 'event', keepFlags)],
  ['SYSCALL_SIGNALFD_X', (c) => makeAnonFd(c, 'signalfd')],
  ['SYSCALL_SIGNALFD4_X', (c) => makeAnonFd(c, 'signalfd', keepFlags)],
  ['SYSCALL_TIMERFD_CREATE_X', (c) => makeAnonFd(c, 'timerfd', keepFlags)],
  ['SYSCALL_INOTIFY_INIT_X', (c) => makeAnonFd(c, 'inotify')],
  ['SYSCALL_INOTIFY_INIT1_X', (c) => makeAnonFd(c, 'inotify', keepFlags)],
  ['SYSCALL_BPF_2_X', (c) => makeAnonFd(c, 'bpf')],
  ['SYSCALL_USERFAULTFD_X', (c) => makeAnonFd(c, 'userfaultfd')],
  ['SYSCALL_IO_URING_SETUP_X', (c) => makeAnonFd(c, 'io_uring')],
  ['SYSCALL_EPOLL_CREATE_X', (c) => makeAnonFd(c, 'eventpoll')],
  ['SYSCALL_EPOLL_CREATE1_X', (c) => makeAnonFd(c, 'eventpoll', epollFlags)],
  ['SYSCALL_MEMFD_CREATE_X', makeMemfd],
  ['SYSCALL_PIDFD_OPEN_X', makePidfdOpen],
  ['SYSCALL_PIDFD_GETFD_X', makePidfdGetfd],
  ['SYSCALL_PIPE_X', makePipe],
  ['SYSCALL_PIPE2_X', makePipe],
  ['SYSCALL_DUP_1_X', (c) => makeDup(c, false)],
  ['SYSCALL_DUP2_X', (c) => makeDup(c, false)],
  ['SYSCALL_DUP3_X', (c) => makeDup(c, true)],
  ['SYSCALL_FCNTL_X', makeFcntl],
  ['SYSCALL_CLOSE_X', makeClose],
  ['SYSCALL_CLOSE_RANGE_X', makeCloseRange],
];
