// Fd lifetimes and names: opens (cwd- and dirfd-relative), dup/dup2/dup3/fcntl,
// close/close_range, close-on-exec, pipes, anonymous fds, chdir/fchdir, and the
// absolute paths of path parameters.
import { describe, expect, it } from 'vitest';
import { PPM_O } from '../../src/capture/builder.js';
import { Replay, baseBuilder } from './replay.js';

const O_DIRECTORY = 1 << 10;
const AT_FDCWD = -100;

function setup(): Replay {
  return new Replay(baseBuilder());
}

describe('opens', () => {
  it('names fds by their absolute path and exposes the new fd', () => {
    const r = setup();
    const ctx = r.emit(100, 'SYSCALL_OPENAT_2_X', {
      fd: 3, dirfd: AT_FDCWD, name: 'notes//./todo.txt', flags: PPM_O.RDWR | PPM_O.CREAT, mode: 0o644, dev: 0x803, ino: 77,
    });
    expect(ctx.fdNum).toBe(3);
    expect(ctx.fd).toMatchObject({
      fd: 3, type: 'file', typechar: 'f', name: '/home/u/notes/todo.txt', nameRaw: 'notes//./todo.txt',
      openFlags: PPM_O.RDWR | PPM_O.CREAT, dev: 0x803, ino: 77, nameChanged: true,
    });
    expect(ctx.absPaths[2]).toBe('/home/u/notes/todo.txt');
    expect(ctx.absPaths[0]).toBeUndefined();
    const read = r.emit(100, 'SYSCALL_READ_X', { res: 5, fd: 3, size: 5 });
    expect(read.fd?.name).toBe('/home/u/notes/todo.txt');
    expect(read.fd?.nameChanged).toBe(false);
    expect(read.absPaths[2]).toBeUndefined();
  });

  it('resolves names against a directory fd', () => {
    const r = setup();
    r.emit(100, 'SYSCALL_OPENAT_2_X', { fd: 4, dirfd: AT_FDCWD, name: '/etc', flags: PPM_O.RDONLY | O_DIRECTORY });
    expect(r.thread(100).fds.get(4)).toMatchObject({ type: 'directory', typechar: 'd', name: '/etc' });
    const ctx = r.emit(100, 'SYSCALL_OPENAT_2_X', { fd: 5, dirfd: 4, name: 'ssh/../passwd', flags: PPM_O.RDONLY });
    expect(ctx.fd?.name).toBe('/etc/passwd');
    expect(ctx.absPaths[2]).toBe('/etc/passwd');
    // An unknown dirfd: libsinsp's "<UNKNOWN>" base for the fd name, an empty base for the argument.
    const unknown = r.emit(100, 'SYSCALL_OPENAT_2_X', { fd: 6, dirfd: 42, name: 'x', flags: PPM_O.RDONLY });
    expect(unknown.fd?.name).toBe('<UNKNOWN>x');
    expect(unknown.absPaths[2]).toBe('x');
    // Absolute names ignore the dirfd and are normalised.
    const abs = r.emit(100, 'SYSCALL_OPENAT_2_X', { fd: 7, dirfd: 42, name: '/tmp//a/', flags: PPM_O.RDONLY });
    expect(abs.fd?.name).toBe('/tmp/a');
    expect(abs.absPaths[2]).toBe('/tmp//a/');
  });

  it('does not add an fd for a failed open but still reports the event', () => {
    const r = setup();
    const ctx = r.emit(100, 'SYSCALL_OPENAT_2_X', { fd: -2, dirfd: AT_FDCWD, name: 'missing', flags: PPM_O.RDONLY });
    expect(ctx.fdNum).toBe(-1);
    expect(ctx.fd).toBeUndefined();
    expect(ctx.absPaths[2]).toBe('/home/u/missing');
    expect(r.engine.fdCount).toBe(3);
  });

  it('handles open, creat and open_by_handle_at', () => {
    const r = setup();
    expect(r.emit(100, 'SYSCALL_OPEN_X', { fd: 3, name: 'a.txt', flags: PPM_O.WRONLY }).fd?.name).toBe('/home/u/a.txt');
    expect(r.emit(100, 'SYSCALL_CREAT_X', { fd: 4, name: '../b.txt', mode: 0o600 }).fd?.name).toBe('/home/b.txt');
    const h = r.emit(100, 'SYSCALL_OPEN_BY_HANDLE_AT_X', { fd: 5, mountfd: 3, flags: PPM_O.RDONLY, path: '/data/c' });
    expect(h.fd?.name).toBe('/data/c');
  });

  it('resolves relative FSPATH and FSRELPATH arguments of other events', () => {
    const r = setup();
    r.emit(100, 'SYSCALL_OPENAT_2_X', { fd: 4, dirfd: AT_FDCWD, name: '/var/lib', flags: O_DIRECTORY });
    const mkdir = r.emit(100, 'SYSCALL_MKDIR_2_X', { res: 0, path: 'build/out', mode: 0o755 });
    expect(mkdir.absPaths[1]).toBe('/home/u/build/out');
    const unlink = r.emit(100, 'SYSCALL_UNLINKAT_2_X', { res: 0, dirfd: 4, name: 'dpkg/lock', flags: 0 });
    expect(unlink.absPaths[2]).toBe('/var/lib/dpkg/lock');
    expect(unlink.fdNum).toBe(4);
    expect(unlink.fd?.name).toBe('/var/lib');
    const rename = r.emit(100, 'SYSCALL_RENAMEAT2_X', {
      res: 0, olddirfd: AT_FDCWD, oldpath: 'x', newdirfd: 4, newpath: '/abs/y', flags: 0,
    });
    expect(rename.absPaths[2]).toBe('/home/u/x');
    expect(rename.absPaths[4]).toBe('/abs/y');
    const execve = r.emit(100, 'SYSCALL_CHMOD_X', { res: 0, filename: '<NA>', mode: 0 });
    expect(execve.absPaths[1]).toBe('<NA>');
  });
});

describe('fd names of events whose fd the thread does not have', () => {
  it('come from the event parameters as libsinsp extract_fdname_from_event', () => {
    const r = setup();
    const failed = r.emit(100, 'SYSCALL_OPENAT_2_X', { fd: -13, dirfd: AT_FDCWD, name: '/etc//shadow', flags: PPM_O.RDONLY });
    expect(failed.fd).toBeUndefined();
    expect(failed.eventFdName).toBe('/etc/shadow');
    expect(r.emit(100, 'SYSCALL_OPENAT_2_X', { fd: -2, dirfd: 77, name: 'x', flags: 0 }).eventFdName).toBe('<UNKNOWN>x');
    expect(r.emit(100, 'SYSCALL_OPENAT_2_X', { fd: -2, dirfd: 77, flags: 0 }).eventFdName).toBeUndefined();
    expect(r.emit(100, 'SYSCALL_OPEN_X', { fd: -2, name: 'rel', flags: 0 }).eventFdName).toBe('/home/u/rel');
    expect(r.emit(100, 'SYSCALL_READ_X', { res: -9, fd: 42, size: 1 }).eventFdName).toBe('');
    const connect = r.emit(100, 'SOCKET_CONNECT_X', { res: -9, tuple: null, fd: 42, addr: null });
    expect(connect.eventFdName).toBe('NULL');
    // With the fd known, or for non-fd events, there is nothing to derive.
    expect(r.emit(100, 'SYSCALL_READ_X', { res: 1, fd: 0, size: 1 }).eventFdName).toBeUndefined();
    expect(r.emit(100, 'SYSCALL_GETUID_X', { uid: 0 }).eventFdName).toBeUndefined();
  });
});

describe('duplication and closing', () => {
  it('dup, dup2 and fcntl copy the fd; dup2 replaces the target', () => {
    const r = setup();
    b(r).openat(100, '/var/log/syslog', 3, PPM_O.RDONLY | PPM_O.CLOEXEC);
    r.run();
    const dup = r.emit(100, 'SYSCALL_DUP_1_X', { res: 4, oldfd: 3 });
    expect(dup.fdNum).toBe(4);
    expect(dup.fd).toMatchObject({ fd: 4, name: '/var/log/syslog' });
    // dup clears close-on-exec (and, as libsinsp, bit 0).
    expect(dup.fd!.openFlags & PPM_O.CLOEXEC).toBe(0);
    const dup2 = r.emit(100, 'SYSCALL_DUP2_X', { res: 1, oldfd: 3, newfd: 1 });
    expect(dup2.fd?.name).toBe('/var/log/syslog');
    expect(r.thread(100).fds.get(1)?.name).toBe('/var/log/syslog');
    const dup3 = r.emit(100, 'SYSCALL_DUP3_X', { res: 9, oldfd: 3, newfd: 9, flags: PPM_O.CLOEXEC });
    expect(dup3.fd!.openFlags & PPM_O.CLOEXEC).toBeTruthy();
    const fcntl = r.emit(100, 'SYSCALL_FCNTL_X', { res: 10, fd: 3, cmd: 26, arg: 10 }); // PPM F_DUPFD_CLOEXEC
    expect(fcntl.fdNum).toBe(10);
    expect(fcntl.fd).toMatchObject({ fd: 10, name: '/var/log/syslog' });
    expect(fcntl.fd!.openFlags & PPM_O.CLOEXEC).toBeTruthy();
    r.emit(100, 'SYSCALL_FCNTL_X', { res: 11, fd: 3, cmd: 1, arg: 11 }); // PPM F_DUPFD
    expect(r.thread(100).fds.get(11)?.name).toBe('/var/log/syslog');
    // F_SETFD toggles close-on-exec on the fd itself.
    r.emit(100, 'SYSCALL_FCNTL_X', { res: 0, fd: 11, cmd: 3, arg: 1 }); // PPM F_SETFD
    expect(r.thread(100).fds.get(11)!.openFlags & PPM_O.CLOEXEC).toBeTruthy();
    // F_GETFD changes nothing.
    r.emit(100, 'SYSCALL_FCNTL_X', { res: 1, fd: 11, cmd: 2, arg: 0 }); // PPM F_GETFD
    expect(r.engine.fdCount).toBe(8);
  });

  it('close removes the fd after exposing it to the event', () => {
    const r = setup();
    b(r).openat(100, '/tmp/f', 3);
    r.run();
    const ctx = r.emit(100, 'SYSCALL_CLOSE_X', { res: 0, fd: 3 });
    expect(ctx.fdNum).toBe(3);
    expect(ctx.fd?.name).toBe('/tmp/f');
    expect(r.thread(100).fds.has(3)).toBe(false);
    const again = r.emit(100, 'SYSCALL_CLOSE_X', { res: -9, fd: 3 });
    expect(again.fdNum).toBe(3);
    expect(again.fd).toBeUndefined();
    // A failed close leaves the fd.
    r.emit(100, 'SYSCALL_CLOSE_X', { res: -4, fd: 0 });
    expect(r.thread(100).fds.has(0)).toBe(true);
  });

  it('close_range closes a range, or only marks it close-on-exec', () => {
    const r = setup();
    for (const fd of [3, 4, 5, 10]) b(r).openat(100, `/tmp/${fd}`, fd);
    r.run();
    r.emit(100, 'SYSCALL_CLOSE_RANGE_X', { res: 0, first: 3, last: 4, flags: 4 });
    const fds = r.thread(100).fds;
    expect(fds.get(3)!.openFlags & PPM_O.CLOEXEC).toBeTruthy();
    expect(fds.get(5)!.openFlags & PPM_O.CLOEXEC).toBe(0);
    const ctx = r.emit(100, 'SYSCALL_CLOSE_RANGE_X', { res: 0, first: 4, last: 0xffffffff, flags: 0 });
    expect(ctx.fd).toBeUndefined();
    expect([...fds.keys()].sort((x, y) => x - y)).toEqual([0, 1, 2, 3]);
  });

  it('drops close-on-exec fds at a successful execve only', () => {
    const r = setup();
    b(r).openat(100, '/etc/keep', 3);
    b(r).openat(100, '/etc/drop', 4, PPM_O.RDONLY | PPM_O.CLOEXEC);
    b(r).exec(100, { exepath: '/bin/false', res: -13 });
    r.run();
    expect(r.thread(100).fds.has(4)).toBe(true);
    b(r).exec(100, { exepath: '/bin/ls' });
    r.run();
    expect(r.thread(100).fds.has(3)).toBe(true);
    expect(r.thread(100).fds.has(4)).toBe(false);
  });
});

describe('pipes and anonymous fds', () => {
  it('creates both ends of a pipe', () => {
    const r = setup();
    const ctx = r.emit(100, 'SYSCALL_PIPE2_X', { res: 0, fd1: 3, fd2: 4, ino: 12345, flags: 0 });
    const fds = r.thread(100).fds;
    expect(fds.get(3)).toMatchObject({ type: 'fifo', typechar: 'p', ino: 12345, name: '' });
    expect(fds.get(4)).toMatchObject({ type: 'fifo', typechar: 'p', ino: 12345 });
    expect(ctx.fdNum).toBe(4);
    // A shell pipeline: the write end becomes stdout of a child.
    b(r).spawn(100, 200);
    r.run();
    const dup2 = r.emit(200, 'SYSCALL_DUP2_X', { res: 1, oldfd: 4, newfd: 1 });
    expect(dup2.fd?.type).toBe('fifo');
    expect(r.thread(200).fds.get(1)?.type).toBe('fifo');
    expect(r.thread(100).fds.get(1)?.type).toBe('file');
  });

  it('creates typed fds for eventfd, epoll, inotify, timerfd, signalfd, memfd, pidfd, bpf', () => {
    const r = setup();
    const cases: [string, Record<string, number | string>, string, string][] = [
      ['SYSCALL_EVENTFD2_X', { res: 3, flags: 0 }, 'event', 'e'],
      ['SYSCALL_EPOLL_CREATE1_X', { res: 4, flags: 1 }, 'eventpoll', 'l'],
      ['SYSCALL_INOTIFY_INIT1_X', { res: 5, flags: 0 }, 'inotify', 'i'],
      ['SYSCALL_TIMERFD_CREATE_X', { res: 6, clockid: 1, flags: 0 }, 'timerfd', 't'],
      ['SYSCALL_SIGNALFD4_X', { res: 7, flags: 0, fd: -1, mask: 0 }, 'signalfd', 's'],
      ['SYSCALL_MEMFD_CREATE_X', { fd: 8, name: 'jit', flags: 0 }, 'memfd', 'm'],
      ['SYSCALL_PIDFD_OPEN_X', { fd: 9, pid: 1, flags: 0 }, 'pidfd', 'P'],
      ['SYSCALL_BPF_2_X', { fd: 10, cmd: 5 }, 'bpf', 'b'],
      ['SYSCALL_USERFAULTFD_X', { res: 11, flags: 0 }, 'userfaultfd', 'u'],
      ['SYSCALL_IO_URING_SETUP_X', { res: 12 }, 'io_uring', 'r'],
    ];
    for (const [id, params, type, typechar] of cases) {
      const ctx = r.emit(100, id, params);
      expect(ctx.fd, id).toMatchObject({ type, typechar });
      expect(ctx.fdNum, id).toBe(ctx.fd!.fd);
    }
    const fds = r.thread(100).fds;
    expect(fds.get(8)?.name).toBe('jit');
    expect(fds.get(9)?.name).toBe('/proc/1');
    // epoll_create1(EPOLL_CLOEXEC) and memfd fds are dropped at exec according to their flags.
    r.emit(100, 'SYSCALL_MEMFD_CREATE_X', { fd: 13, name: 'x', flags: 1 });
    b(r).exec(100, { exepath: '/bin/true' });
    r.run();
    expect(fds.has(4)).toBe(false);
    expect(fds.has(13)).toBe(false);
    expect(fds.has(3)).toBe(true);
    // A failed creation adds nothing.
    r.emit(100, 'SYSCALL_EVENTFD2_X', { res: -24, flags: 0 });
    expect(fds.size).toBe(12);
  });
});

describe('working directory', () => {
  it('follows chdir (relative to the cwd) and fchdir (the fd name)', () => {
    const r = setup();
    r.emit(100, 'SYSCALL_CHDIR_X', { res: 0, path: 'src/../build' });
    expect(r.thread(100).cwd).toBe('/home/u/build/');
    r.emit(100, 'SYSCALL_CHDIR_X', { res: -2, path: '/nonexistent' });
    expect(r.thread(100).cwd).toBe('/home/u/build/');
    r.emit(100, 'SYSCALL_OPENAT_2_X', { fd: 3, dirfd: AT_FDCWD, name: '/srv/www', flags: O_DIRECTORY });
    const fchdir = r.emit(100, 'SYSCALL_FCHDIR_X', { res: 0, fd: 3 });
    expect(fchdir.fd?.name).toBe('/srv/www');
    expect(r.thread(100).cwd).toBe('/srv/www/');
    const open = r.emit(100, 'SYSCALL_OPENAT_2_X', { fd: 4, dirfd: AT_FDCWD, name: 'index.html', flags: PPM_O.RDONLY });
    expect(open.fd?.name).toBe('/srv/www/index.html');
  });

  it('is one per process: a thread chdir moves every thread', () => {
    const r = setup();
    b(r).spawn(100, 101, { thread: true });
    r.run();
    r.emit(101, 'SYSCALL_CHDIR_X', { res: 0, path: '/tmp' });
    expect(r.thread(100).cwd).toBe('/tmp/');
    expect(r.thread(101).cwd).toBe('/tmp/');
  });

  it('chroot sets the root, relative to the cwd', () => {
    const r = setup();
    r.emit(100, 'SYSCALL_CHROOT_X', { res: 0, path: 'jail' });
    expect(r.thread(100).root).toBe('/home/u/jail');
  });
});

function b(r: Replay): Replay['b'] {
  return r.b;
}
