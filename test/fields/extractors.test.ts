// Field extraction against hand-built event contexts: every field the
// upstream rules use (fields.md §1) is extracted with libsinsp's exact
// rendering, plus the missing-value cases that make comparisons false.
// Threads, fds and the state view are test doubles, so these tests do not
// depend on the state engine.
process.env.TZ = 'UTC';

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUILD_START_NS, makeEvent, PPM_O } from '../../src/capture/builder.js';
import type { BuilderParam } from '../../src/capture/builder.js';
import { eventInfo } from '../../src/capture/event-schema.js';
import type { ContainerInfo, FdType, GroupInfo, UserInfo } from '../../src/capture/model.js';
import { PPM_SC_NAMES } from '../../src/capture/ppm-syscalls.js';
import { encodeSockAddr, encodeSockTuple } from '../../src/capture/socket-encoding.js';
import type { FieldValue } from '../../src/fields/field-access.js';
import { compileFilter } from '../../src/filter/compiler.js';
import { parseCondition } from '../../src/filter/parser.js';
import { concatenatePaths } from '../../src/fields/extractors/common.js';
import { formatG } from '../../src/fields/extractors/param-render.js';
import { eventFieldResolver, listFields } from '../../src/fields/field-resolver.js';
import type { EventFieldBinding } from '../../src/fields/field-resolver.js';
import type { EventContext, StateView } from '../../src/state/event-context.js';
import type { FdInfo, ThreadInfo } from '../../src/state/state-model.js';

// ---- test doubles -------------------------------------------------------------

type ThreadInit = Partial<ThreadInfo> & Pick<ThreadInfo, 'tid' | 'comm'>;

function mkThread(init: ThreadInit): ThreadInfo {
  const pid = init.pid ?? init.tid;
  return {
    pid, ptid: 1, vtid: init.tid, vpid: pid, sid: pid, vpgid: pid, pgid: pid,
    exe: init.comm, exepath: `/usr/bin/${init.comm}`, args: [], env: [], cwd: '/', root: '/',
    uid: 0, gid: 0, loginuid: 0xffffffff, tty: 0, cgroups: [],
    capInheritable: 0, capPermitted: 0, capEffective: 0, fdlimit: 1024, flags: 0,
    startTs: 0n, pidnsInitStartTs: 0n, exeIno: 0, exeInoCtime: 0n, exeInoMtime: 0n,
    exeWritable: false, exeUpperLayer: false, exeLowerLayer: false, exeFromMemfd: false,
    containerId: '', fds: new Map(), exited: false,
    ...init,
  };
}

const TYPECHAR: Record<FdType, string> = {
  file: 'f', directory: 'd', ipv4: '4', ipv6: '6', 'ipv4-server': '4', 'ipv6-server': '6', fifo: 'p', unix: 'u',
  event: 'e', signalfd: 's', eventpoll: 'l', inotify: 'i', timerfd: 't', netlink: 'n', bpf: 'b', userfaultfd: 'u',
  io_uring: 'r', memfd: 'm', pidfd: 'P', unsupported: 'X',
};

function mkFd(init: Partial<FdInfo> & Pick<FdInfo, 'fd' | 'type' | 'name'>): FdInfo {
  return {
    typechar: TYPECHAR[init.type], openFlags: 0, ino: 0, dev: 0, tuple: undefined,
    isServer: false, isClient: false, connected: false, nameChanged: false, nameRaw: init.name,
    ...init,
  };
}

class World implements StateView {
  readonly threads = new Map<number, ThreadInfo>();
  readonly users: UserInfo[] = [];
  readonly groups: GroupInfo[] = [];
  readonly containers = new Map<string, ContainerInfo>();

  add(init: ThreadInit): ThreadInfo {
    const t = mkThread(init);
    this.threads.set(t.tid, t);
    return t;
  }

  thread(tid: number): ThreadInfo | undefined {
    return this.threads.get(tid);
  }

  mainThread(t: ThreadInfo): ThreadInfo {
    return this.threads.get(t.pid) ?? t;
  }

  parent(t: ThreadInfo): ThreadInfo | undefined {
    const p = this.threads.get(this.mainThread(t).ptid);
    return p === undefined ? undefined : this.mainThread(p);
  }

  user(uid: number, containerId: string): UserInfo | undefined {
    return this.users.find((u) => u.uid === uid && u.container === containerId);
  }

  group(gid: number, containerId: string): GroupInfo | undefined {
    return this.groups.find((g) => g.gid === gid && g.container === containerId);
  }

  container(id: string): ContainerInfo | undefined {
    return this.containers.get(id);
  }
}

const BASE = DEFAULT_BUILD_START_NS; // 2026-01-01T00:00:00Z, a whole second
const TS = 3_723_000_000_123; // 01:02:03.000000123 after the base
const FIRST_TS = 1_000_000_000;

interface CtxOptions {
  fd?: FdInfo;
  fdNum?: number;
  absPaths?: (string | undefined)[];
  ts?: number;
  num?: number;
  cpu?: number;
}

function mkCtx(world: World, tid: number | undefined, id: string, params: Record<string, BuilderParam>, o: CtxOptions = {}): EventContext {
  const event = makeEvent(o.ts ?? TS, tid ?? 9999, id, params, o.cpu ?? 2);
  return {
    event, info: eventInfo(event.type), num: o.num ?? 42, thread: tid === undefined ? undefined : world.thread(tid),
    fdNum: o.fdNum ?? o.fd?.fd, fd: o.fd, absPaths: o.absPaths ?? [], state: world, timeBaseNs: BASE, firstTs: FIRST_TS,
  };
}

// ---- field access ---------------------------------------------------------------

const resolver = eventFieldResolver();
const extracted = new Set<string>();

function binding(ref: string): EventFieldBinding {
  const m = /^([^[]+)(?:\[(.*)\])?$/.exec(ref)!;
  const b = resolver.resolve(m[1]!, m[2]);
  if (typeof b === 'string') throw new Error(`${ref}: ${b}`);
  extracted.add(ref);
  extracted.add(b.info.name);
  return b;
}

/** The value conditions compare. */
const x = (ref: string, ctx: EventContext): FieldValue | undefined => binding(ref).extract(ctx);
/** The value outputs print. */
const show = (ref: string, ctx: EventContext): FieldValue | undefined => binding(ref).display(ctx);

function matches(condition: string, ctx: EventContext): boolean {
  const parsed = parseCondition(condition);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const compiled = compileFilter(parsed.value, resolver);
  if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join('; '));
  return compiled.filter(ctx);
}

// ---- the scenario ------------------------------------------------------------------

const world = new World();
world.users.push(
  { uid: 0, gid: 0, name: 'root', home: '/root', shell: '/bin/bash', container: '' },
  { uid: 1000, gid: 1000, name: 'alice', home: '/home/alice', shell: '/bin/zsh', container: '' },
  { uid: 65534, gid: 65534, name: 'nobody', home: '/nonexistent', shell: '/usr/sbin/nologin', container: '' },
);
world.groups.push({ gid: 0, name: 'root', container: '' }, { gid: 1000, name: 'alice', container: '' });
world.containers.set('abcdef123456', {
  id: 'abcdef123456', runtime: 'containerd', name: 'web', image: 'docker.io/library/nginx:1.25@sha256:0123',
  imageTag: '', imageDigest: 'sha256:0123', imageId: '6f7e2741b66b', privileged: true,
  labels: { 'io.kubernetes.pod.name': 'web-0', 'io.kubernetes.pod.namespace': 'prod', app: 'web', tier: '', 'annotation.x': 'y' },
});

world.add({ tid: 1, comm: 'systemd', exe: '/sbin/init', exepath: '/usr/lib/systemd/systemd', ptid: 0 });
world.add({ tid: 100, comm: 'sshd', exe: '/usr/sbin/sshd', exepath: '/usr/sbin/sshd', args: ['-D'], ptid: 1 });
world.add({
  tid: 200, comm: 'bash', exe: '-bash', exepath: '/usr/bin/bash', ptid: 100, sid: 200, vpgid: 200, tty: 34816,
  cwd: '/root', uid: 0, loginuid: 1000, env: ['HOME=/root', 'SHELL= /bin/bash '],
});
const cat = world.add({
  tid: 300, comm: 'cat', exe: 'cat', exepath: '/usr/bin/cat', args: ['/etc/shadow'], ptid: 200, sid: 200, vpgid: 300,
  tty: 34816, cwd: '/root', uid: 0, gid: 0, loginuid: 1000, env: ['HOME=/root', 'SHELL= /bin/bash ', 'EMPTY='],
  capPermitted: (1 << 21) | (1 << 12) | 1, capEffective: 1n << 40n, capInheritable: 0,
  startTs: BASE - 1_000_000_000n, exeIno: 4242, exeInoCtime: BASE - 86_400_000_000_000n, exeInoMtime: BASE - 172_800_000_000_000n,
  exeUpperLayer: true, exeFromMemfd: false, cgroups: ['cpuset=/user.slice', 'memory=/user.slice/session-1.scope'],
});
const catThread = world.add({ tid: 301, pid: 300, comm: 'cat-worker', ptid: 200, fds: cat.fds });
const stranger = world.add({ tid: 500, comm: 'daemon', ptid: 4242, uid: 1001, gid: 1001, loginuid: 0xffffffff });
const nginx = world.add({
  tid: 400, comm: 'nginx', exe: 'nginx', ptid: 1, containerId: 'abcdef123456', vtid: 1, vpid: 1,
  pidnsInitStartTs: BASE - 5_000_000_000n,
});
world.add({ tid: 600, comm: 'sh', ptid: 1, containerId: 'deadbeef0000' });

const shadow = mkFd({ fd: 3, type: 'file', name: '/etc/shadow', openFlags: PPM_O.RDONLY | PPM_O.CLOEXEC, ino: 1234, dev: 0x803 });
cat.fds.set(3, shadow);
const conn = mkFd({
  fd: 4, type: 'ipv4', name: '10.0.0.1:5000->1.2.3.4:80', nameChanged: true, isClient: true, connected: true,
  tuple: { l4proto: 'tcp', sip: '10.0.0.1', sport: 5000, dip: '1.2.3.4', dport: 80 },
});
cat.fds.set(4, conn);
const listener = mkFd({ fd: 5, type: 'ipv4-server', name: '0.0.0.0:8080', isServer: true, tuple: { l4proto: 'tcp', sip: '0.0.0.0', sport: 8080, dip: '0.0.0.0', dport: 0 } });
cat.fds.set(5, listener);
const accepted = mkFd({
  fd: 6, type: 'ipv4', name: '5.6.7.8:40000->10.0.0.1:8080', isServer: true, connected: true,
  tuple: { l4proto: 'tcp', sip: '5.6.7.8', sport: 40000, dip: '10.0.0.1', dport: 8080 },
});
cat.fds.set(6, accepted);
const varlib = mkFd({ fd: 9, type: 'directory', name: '/var/lib' });
cat.fds.set(9, varlib);
cat.fds.set(0, mkFd({ fd: 0, type: 'unsupported', name: '/dev/pts/0' }));
cat.fds.set(1, mkFd({ fd: 1, type: 'fifo', name: 'pipe:[77]' }));

const openShadow = mkCtx(world, 300, 'SYSCALL_OPENAT_2_X', {
  fd: 3, dirfd: -100, name: '/etc/shadow', flags: PPM_O.RDONLY | PPM_O.CLOEXEC, mode: 0, dev: 0x803, ino: 1234,
}, { fd: shadow });
const connect = mkCtx(world, 300, 'SOCKET_CONNECT_X', {
  res: 0, tuple: encodeSockTuple('10.0.0.1', 5000, '1.2.3.4', 80), fd: 4, addr: encodeSockAddr('1.2.3.4', 80),
}, { fd: conn });
const execve = mkCtx(world, 200, 'SYSCALL_EXECVE_19_X', {
  res: 0, exe: 'cat', args: ['/etc/shadow'], tid: 300, pid: 300, ptid: 200, flags: 9, filename: '/usr/bin/cat', uid: 0, loginuid: 1000,
});

// ---- evt.* ----------------------------------------------------------------------

describe('evt fields', () => {
  it('names, numbers and directions', () => {
    expect(x('evt.type', openShadow)).toBe('openat');
    expect(x('evt.num', openShadow)).toBe(42);
    expect(x('evt.dir', openShadow)).toBe('<');
    expect(x('evt.cpu', openShadow)).toBe(2);
    expect(x('evt.category', openShadow)).toBe('file');
    expect(x('evt.category', connect)).toBe('net');
    expect(x('evt.category', execve)).toBe('process');
    expect(x('evt.source', openShadow)).toBe('syscall');
    expect(x('evt.latency', openShadow)).toBe(0);
    expect(x('evt.type.is.openat', openShadow)).toBe(0); // libsinsp matches the first "openat" entry (the old one)
    expect(x('evt.type.is.execve', openShadow)).toBe(0);
  });

  it('generic events are named by their syscall and print no args', () => {
    const mlock = PPM_SC_NAMES.indexOf('mlock');
    const generic = mkCtx(world, 300, 'GENERIC_X', { ID: mlock, nativeID: 149 });
    expect(x('evt.type', generic)).toBe('mlock');
    expect(x('syscall.type', generic)).toBe('mlock');
    expect(x('evt.args', generic)).toBe('');
    expect(x('evt.res', generic)).toBeUndefined();
    expect(x('evt.rawres', generic)).toBeUndefined();
  });

  it('times, in UTC here', () => {
    expect(x('evt.time', openShadow)).toBe('01:02:03.000000123');
    expect(x('evt.time.s', openShadow)).toBe('01:02:03');
    expect(x('evt.time.iso8601', openShadow)).toBe('2026-01-01T01:02:03.000000123+0000');
    expect(x('evt.datetime', openShadow)).toBe('2026-01-01 01:02:03.000000123');
    expect(x('evt.datetime.s', openShadow)).toBe('2026-01-01 01:02:03');
    expect(x('evt.rawtime', openShadow)).toBe(BASE + BigInt(TS));
    expect(x('evt.rawtime.s', openShadow)).toBe(Number(BASE / 1_000_000_000n) + 3723);
    expect(x('evt.rawtime.ns', openShadow)).toBe(123);
    expect(x('evt.reltime', openShadow)).toBe(TS - FIRST_TS);
    expect(x('evt.reltime.s', openShadow)).toBe(3722);
    expect(x('evt.reltime.ns', openShadow)).toBe(123);
  });

  it('return values', () => {
    expect(x('evt.res', openShadow)).toBe('SUCCESS');
    expect(x('evt.rawres', openShadow)).toBe(3);
    expect(x('evt.failed', openShadow)).toBe(false);
    const failedOpen = mkCtx(world, 300, 'SYSCALL_OPENAT_2_X', { fd: -2, dirfd: -100, name: 'passwd', flags: PPM_O.RDONLY, mode: 0 }, { fdNum: -2 });
    expect(x('evt.res', failedOpen)).toBe('ENOENT');
    expect(x('evt.rawres', failedOpen)).toBe(-2);
    expect(x('evt.failed', failedOpen)).toBe(true);
    expect(x('evt.count.error', failedOpen)).toBe(1);
    expect(x('evt.count.error.file', failedOpen)).toBe(1);
    expect(x('evt.count.error.net', failedOpen)).toBeUndefined();
    const inProgress = mkCtx(world, 300, 'SOCKET_CONNECT_X', { res: -115, fd: 4 }, { fd: conn });
    expect(x('evt.res', inProgress)).toBe('EINPROGRESS');
    expect(x('evt.count.error.net', inProgress)).toBe(1);
    // An errno libsinsp has no name for prints as the number.
    expect(x('evt.res', mkCtx(world, 300, 'SYSCALL_UNLINK_2_X', { res: -41, path: '/x' }))).toBe('-41');
    // Events without a return value.
    expect(x('evt.res', mkCtx(world, 300, 'PROCEXIT_1_E', { status: 0 }))).toBeUndefined();
  });

  it('evt.arg renders flags, fds, paths and modes as libsinsp does', () => {
    expect(x('evt.arg.flags', openShadow)).toBe('O_RDONLY|O_CLOEXEC');
    expect(x('evt.arg[3]', openShadow)).toBe('O_RDONLY|O_CLOEXEC');
    expect(x('evt.arg.name', openShadow)).toBe('/etc/shadow');
    expect(x('evt.arg.fd', openShadow)).toBe('<f>/etc/shadow');
    expect(x('evt.arg.dirfd', openShadow)).toBe('AT_FDCWD');
    expect(x('evt.arg.mode', openShadow)).toBe('0');
    expect(x('evt.arg.dev', openShadow)).toBe('803');
    expect(x('evt.arg[7]', openShadow)).toBeUndefined();
    expect(x('evt.arg.uid', openShadow)).toBeUndefined();
    expect(x('evt.rawarg.flags', openShadow)).toBe(4097);
    expect(x('evt.rawarg.name', openShadow)).toBe('/etc/shadow');

    const trunc = mkCtx(world, 300, 'SYSCALL_OPEN_X', {
      fd: 3, name: 'notes.txt', flags: PPM_O.RDWR | PPM_O.CREAT | PPM_O.TRUNC, mode: 0o644,
    }, { fd: shadow });
    // Bits consumed in table order: O_RDWR hides O_RDONLY and O_WRONLY.
    expect(x('evt.arg.flags', trunc)).toBe('O_TRUNC|O_CREAT|O_RDWR');
    expect(x('evt.arg.mode', trunc)).toBe('0644');
    // A relative path resolves against the cwd (libsinsp keeps it with a trailing slash).
    expect(x('evt.arg.name', trunc)).toBe('/root/notes.txt');
    expect(x('evt.arg.flags', execve)).toBe('EXE_WRITABLE|EXE_LOWER_LAYER');
    expect(x('evt.arg.filename', execve)).toBe('/usr/bin/cat');
    expect(x('evt.arg.uid', execve)).toBe('root');
  });

  it('evt.arg for the parameters the upstream rules inspect', () => {
    const socket = mkCtx(world, 300, 'SOCKET_SOCKET_X', { fd: 7, domain: 17, type: 3, proto: 0, flags: 0 });
    expect(x('evt.arg.domain', socket)).toBe('AF_PACKET');
    expect(x('evt.arg.flags', socket)).toBe('O_NONE');
    // ENUMFLAGS print every name with the value.
    expect(x('evt.arg.domain', mkCtx(world, 300, 'SOCKET_SOCKET_X', { fd: 7, domain: 1 }))).toBe('AF_LOCAL|AF_UNIX');

    const ptrace = mkCtx(world, 200, 'SYSCALL_PTRACE_X', {
      res: 0, addr: Uint8Array.of(0, 0x00, 0x7f, 0, 0, 0, 0, 0, 0), data: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0), request: 11, pid: 300,
    });
    expect(x('evt.arg.request', ptrace)).toBe('PTRACE_ATTACH');
    expect(x('evt.arg.pid', ptrace)).toBe('cat');
    expect(x('evt.args', ptrace)).toBe('res=0 addr=7F00 data=0 request=11(PTRACE_ATTACH) pid=300(cat)');
    // Dynamic parameters: an index byte picks the value's type.
    const signal = mkCtx(world, 200, 'SYSCALL_PTRACE_X', { res: 0, data: Uint8Array.of(1, 9), request: 8, pid: 300 });
    expect(x('evt.arg.data', signal)).toBe('SIGKILL');
    expect(x('evt.arg.request', signal)).toBe('PTRACE_CONT');
    const sockopt = mkCtx(world, 300, 'SOCKET_SETSOCKOPT_X', { res: 0, fd: 4, val: Uint8Array.of(2, 1, 0, 0, 0) }, { fd: conn });
    expect(x('evt.arg.val', sockopt)).toBe('1');
    expect(x('evt.arg.val', mkCtx(world, 300, 'SOCKET_SETSOCKOPT_X', { res: 0, fd: 4, val: Uint8Array.of(7, 1) }))).toBe('INVALID DYNAMIC PARAMETER');

    const bpf = mkCtx(world, 300, 'SYSCALL_BPF_2_X', { fd: 8, cmd: 5 });
    expect(x('evt.arg.cmd', bpf)).toBe('BPF_PROG_LOAD');
    expect(x('evt.arg.cmd', mkCtx(world, 300, 'SYSCALL_BPF_2_X', { fd: 8, cmd: 10 }))).toBe('BPF_PROG_TEST_RUN|BPF_PROG_RUN');

    const chmod = mkCtx(world, 300, 'SYSCALL_CHMOD_X', { res: 0, filename: 'x.sh', mode: 0o4755 });
    expect(x('evt.arg.mode', chmod)).toBe('S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR|S_ISUID');
    expect(x('evt.arg.filename', chmod)).toBe('/root/x.sh');
    expect(x('evt.args', chmod)).toBe('res=0 filename=x.sh(/root/x.sh) mode=04755(S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR|S_ISUID)');
    expect(x('evt.arg.mode', mkCtx(world, 300, 'SYSCALL_CHMOD_X', { res: 0, filename: '/x', mode: 4 }))).toBe('S_IROTH');

    const mkdir = mkCtx(world, 300, 'SYSCALL_MKDIR_2_X', { res: 0, path: '/tmp/d', mode: 0o755 });
    expect(x('evt.arg.path', mkdir)).toBe('/tmp/d');
    expect(x('evt.arg.mode', mkdir)).toBe('1ED');

    const rename = mkCtx(world, 300, 'SYSCALL_RENAME_X', { res: 0, oldpath: '/tmp/a', newpath: '/tmp/b' });
    expect(x('evt.arg.oldpath', rename)).toBe('/tmp/a');
    expect(x('evt.arg.newpath', rename)).toBe('/tmp/b');

    const renameat2 = mkCtx(world, 300, 'SYSCALL_RENAMEAT2_X', {
      res: 0, olddirfd: 9, oldpath: 'db', newdirfd: -100, newpath: '../srv/./db2', flags: 1,
    }, { fd: varlib });
    expect(x('evt.arg.oldpath', renameat2)).toBe('/var/lib/db');
    expect(x('evt.arg.newpath', renameat2)).toBe('/srv/db2');
    expect(x('evt.arg.olddirfd', renameat2)).toBe('<d>/var/lib');
    expect(x('evt.arg.flags', renameat2)).toBe('RENAME_NOREPLACE');
    // The state engine's resolution wins when it has one.
    const resolved = mkCtx(world, 300, 'SYSCALL_RENAMEAT2_X', { res: 0, olddirfd: 9, oldpath: 'db' }, { absPaths: [undefined, undefined, '/elsewhere/db'] });
    expect(x('evt.arg.oldpath', resolved)).toBe('/elsewhere/db');

    const symlinkat = mkCtx(world, 300, 'SYSCALL_SYMLINKAT_X', { res: 0, target: '/etc/passwd', linkdirfd: -100, linkpath: '/tmp/link' });
    expect(x('evt.arg.target', symlinkat)).toBe('/etc/passwd');
    expect(x('evt.arg.linkpath', symlinkat)).toBe('/tmp/link');

    const setuid = (uid: number): EventContext => mkCtx(world, 300, 'SYSCALL_SETUID_X', { res: 0, uid });
    expect(x('evt.arg.uid', setuid(65534))).toBe('nobody');
    expect(x('evt.arg.uid', setuid(4321))).toBe('<NA>');
    expect(x('evt.arg.uid', setuid(0xffffffff))).toBe('<NONE>');
    expect(x('evt.args', setuid(65534))).toBe('res=0 uid=65534(nobody)');
    expect(x('evt.args', setuid(0xffffffff))).toBe('res=0 uid=-1(<NONE>)');
  });

  it('empty parameters and unknown threads', () => {
    const empty = mkCtx(world, 300, 'SYSCALL_OPENAT_2_X', { fd: 3, dirfd: -100, name: '/etc/shadow' }, { fd: shadow });
    expect(x('evt.arg.flags', empty)).toBe('<NA>');
    expect(x('evt.rawarg.flags', empty)).toBeUndefined();
    const noThread = mkCtx(world, undefined, 'SYSCALL_OPENAT_2_X', { fd: 3, dirfd: -100, name: 'rel', flags: 1 });
    // No thread: fds stay numbers, and paths repeat their raw text as the resolved one.
    expect(x('evt.arg.fd', noThread)).toBe('3');
    expect(x('evt.arg.name', noThread)).toBe('rel');
    expect(x('evt.args', noThread)).toBe('fd=3 dirfd=-100 name=rel(rel) flags=1(O_RDONLY) mode=<NA> dev=<NA> ino=<NA>');
  });

  it('evt.args joins name=raw(resolved)', () => {
    expect(x('evt.args', openShadow)).toBe('fd=3(<f>/etc/shadow) dirfd=-100(AT_FDCWD) name=/etc/shadow flags=4097(O_RDONLY|O_CLOEXEC) mode=0 dev=803 ino=1234');
    expect(x('evt.args', connect)).toBe('res=0 tuple=10.0.0.1:5000->1.2.3.4:80 fd=4(<4t>10.0.0.1:5000->1.2.3.4:80) addr=1.2.3.4:80');
    expect(x('evt.info', connect)).toBe(x('evt.args', connect));
  });

  it('open classification', () => {
    expect(x('evt.is_open_read', openShadow)).toBe(true);
    expect(x('evt.is_open_write', openShadow)).toBe(false);
    expect(x('evt.is_open_exec', openShadow)).toBe(false);
    const create = mkCtx(world, 300, 'SYSCALL_OPENAT_2_X', {
      fd: 3, dirfd: -100, name: '/tmp/run.sh', flags: PPM_O.WRONLY | PPM_O.CREAT | (1 << 14), mode: 0o755,
    }, { fd: shadow });
    expect(x('evt.is_open_write', create)).toBe(true);
    expect(x('evt.is_open_exec', create)).toBe(true);
    expect(x('evt.is_open_create', create)).toBe(true);
    expect(x('evt.is_open_read', create)).toBe(false);
    expect(x('evt.is_open_exec', mkCtx(world, 300, 'SYSCALL_CREAT_X', { fd: 3, name: '/tmp/x', mode: 0o700 }))).toBe(true);
    expect(x('evt.is_open_read', connect)).toBe(false);
  });

  it('I/O buffers compare raw and print with dots', () => {
    const read = mkCtx(world, 300, 'SYSCALL_READ_X', { res: 5, data: Uint8Array.of(0x68, 0x65, 0, 0x6c, 0x6f), fd: 3, size: 5 }, { fd: shadow });
    expect(x('evt.buffer', read)).toEqual(Uint8Array.of(0x68, 0x65, 0, 0x6c, 0x6f));
    expect(show('evt.buffer', read)).toBe('he.lo');
    expect(x('evt.buflen', read)).toBe(5);
    expect(x('evt.is_io_read', read)).toBe(true);
    expect(x('evt.io_dir', read)).toBe('read');
    expect(x('evt.category', read)).toBe('file');
    expect(matches('evt.buffer contains "lo"', read)).toBe(true);
    expect(x('evt.buffer', openShadow)).toBeUndefined();
    expect(x('evt.buffer', mkCtx(world, 300, 'SYSCALL_READ_X', { res: 0, fd: 3 }, { fd: shadow }))).toBeUndefined();
  });

  it('evt.abspath', () => {
    const unlinkat = mkCtx(world, 300, 'SYSCALL_UNLINKAT_2_X', { res: 0, dirfd: 9, name: 'x/../cache', flags: 0 }, { fd: varlib });
    expect(x('evt.abspath', unlinkat)).toBe('/var/lib/cache');
    const renameat = mkCtx(world, 300, 'SYSCALL_RENAMEAT_X', { res: 0, olddirfd: -100, oldpath: 'a', newdirfd: 77, newpath: 'b' });
    expect(x('evt.abspath.src', renameat)).toBe('/root/a');
    expect(x('evt.abspath.dst', renameat)).toBe('<UNKNOWN>/b');
  });
});

// ---- proc.* / thread.* -------------------------------------------------------------

describe('process fields', () => {
  it('the process and its command line', () => {
    expect(x('proc.name', openShadow)).toBe('cat');
    expect(x('proc.exe', openShadow)).toBe('cat');
    expect(x('proc.exepath', openShadow)).toBe('/usr/bin/cat');
    expect(x('proc.args', openShadow)).toBe('/etc/shadow');
    expect(x('proc.args[0]', openShadow)).toBe('/etc/shadow');
    expect(x('proc.args[3]', openShadow)).toBe('');
    expect(x('proc.cmdline', openShadow)).toBe('cat /etc/shadow');
    expect(x('proc.cmdnargs', openShadow)).toBe(1);
    expect(x('proc.cmdlenargs', openShadow)).toBe(11);
    expect(x('proc.exeline', openShadow)).toBe('cat /etc/shadow');
    expect(x('proc.cmdline', execve)).toBe('bash');
    expect(x('proc.tty', openShadow)).toBe(34816);
    expect(x('proc.cwd', openShadow)).toBe('/root/');
    expect(x('proc.pid', openShadow)).toBe(300);
    expect(x('proc.vpid', openShadow)).toBe(300);
    expect(x('proc.sid', openShadow)).toBe(200);
    expect(x('proc.sname', openShadow)).toBe('bash');
    expect(x('proc.vpgid.name', openShadow)).toBe('cat');
    expect(x('proc.is_vpgid_leader', openShadow)).toBe(true);
    expect(x('proc.is_sid_leader', openShadow)).toBe(false);
    expect(x('proc.is_sid_leader', execve)).toBe(true);
    expect(x('proc.loginshellid', openShadow)).toBe(200);
  });

  it('parents and ancestors', () => {
    expect(x('proc.pname', openShadow)).toBe('bash');
    expect(x('proc.pexe', openShadow)).toBe('-bash');
    expect(x('proc.pexepath', openShadow)).toBe('/usr/bin/bash');
    expect(x('proc.pcmdline', openShadow)).toBe('bash');
    expect(x('proc.ppid', openShadow)).toBe(200);
    expect(x('proc.aname[0]', openShadow)).toBe('cat');
    expect(x('proc.aname[1]', openShadow)).toBe('bash');
    expect(x('proc.aname[2]', openShadow)).toBe('sshd');
    expect(x('proc.aname[3]', openShadow)).toBe('systemd');
    expect(x('proc.aname[4]', openShadow)).toBeUndefined();
    expect(x('proc.aexe[2]', openShadow)).toBe('/usr/sbin/sshd');
    expect(x('proc.aexepath[3]', openShadow)).toBe('/usr/lib/systemd/systemd');
    expect(x('proc.acmdline[2]', openShadow)).toBe('sshd -D');
    expect(x('proc.apid[1]', openShadow)).toBe(200);
    // Without an index: every ancestor above the process in conditions, joined by spaces in outputs.
    expect(x('proc.aname', openShadow)).toEqual(['bash', 'sshd', 'systemd']);
    expect(show('proc.aname', openShadow)).toBe('bash sshd systemd');
    expect(x('proc.aexe', openShadow)).toEqual(['-bash', '/usr/sbin/sshd', '/sbin/init']);
    expect(show('proc.aexepath', openShadow)).toBe('/usr/bin/bash /usr/sbin/sshd /usr/lib/systemd/systemd');
    expect(show('proc.apid', openShadow)).toBe(300);
    expect(binding('proc.aname').info.candidates).toBe('any');
    expect(binding('proc.aname[2]').info.candidates).toBeUndefined();
    expect(matches('proc.aname = sshd', openShadow)).toBe(true);
    expect(matches('proc.aname in (sshd, containerd)', openShadow)).toBe(true);
    expect(matches('proc.aname = cat', openShadow)).toBe(false);
    expect(matches('proc.aexe endswith sshd', openShadow)).toBe(true);
    // The first process has no ancestor: missing, and printed as such.
    const init = mkCtx(world, 1, 'SYSCALL_CLOSE_X', { res: 0, fd: 3 });
    expect(x('proc.aname', init)).toBeUndefined();
    expect(show('proc.aname', init)).toBeUndefined();
    expect(x('proc.pname', init)).toBeUndefined();
    expect(matches('proc.aname exists', init)).toBe(false);
  });

  it('threads use their main thread for ancestry and environment', () => {
    const ctx = mkCtx(world, 301, 'SYSCALL_CLOSE_X', { res: 0, fd: 3 });
    expect(x('proc.name', ctx)).toBe('cat-worker');
    expect(x('thread.tid', ctx)).toBe(301);
    expect(x('thread.vtid', ctx)).toBe(301);
    expect(x('thread.ismain', ctx)).toBe(false);
    expect(x('proc.pid', ctx)).toBe(300);
    expect(x('proc.aname[0]', ctx)).toBe('cat');
    expect(x('proc.pname', ctx)).toBe('bash');
    expect(x('proc.env[HOME]', ctx)).toBe('/root');
    expect(catThread.env).toEqual([]);
  });

  it('environment, capabilities, cgroups and exe facts', () => {
    expect(x('proc.env', openShadow)).toBe('HOME=/root SHELL= /bin/bash  EMPTY=');
    expect(x('proc.env[SHELL]', openShadow)).toBe('/bin/bash');
    expect(x('proc.env[EMPTY]', openShadow)).toBe('');
    expect(x('proc.env[NOPE]', openShadow)).toBe('');
    expect(x('proc.aenv[HOME]', openShadow)).toBe('/root');
    expect(x('thread.cap_permitted', openShadow)).toBe('CAP_CHOWN CAP_NET_ADMIN CAP_SYS_ADMIN');
    expect(x('thread.cap_effective', openShadow)).toBe('CAP_CHECKPOINT_RESTORE');
    expect(x('thread.cap_inheritable', openShadow)).toBe('');
    expect(x('thread.cgroups', openShadow)).toBe('cpuset=/user.slice memory=/user.slice/session-1.scope');
    expect(x('thread.cgroup.memory', openShadow)).toBe('/user.slice/session-1.scope');
    expect(x('thread.cgroups', execve)).toBeUndefined();
    expect(x('proc.is_exe_upper_layer', openShadow)).toBe(true);
    expect(x('proc.is_exe_from_memfd', openShadow)).toBe(false);
    expect(x('proc.is_exe_writable', openShadow)).toBe(false);
    expect(x('proc.exe_ino', openShadow)).toBe(4242);
    expect(x('proc.exe_ino.ctime', openShadow)).toBe(BASE - 86_400_000_000_000n);
    expect(x('proc.exe_ino.mtime', openShadow)).toBe(BASE - 172_800_000_000_000n);
    expect(x('proc.exe_ino.ctime_duration_proc_start', openShadow)).toBe(86_399_000_000_000);
    expect(x('proc.exe_ino.ctime', execve)).toBeUndefined();
    expect(x('proc.duration', openShadow)).toBe(TS + 1_000_000_000);
    expect(x('proc.duration', execve)).toBeUndefined();
    expect(x('proc.stdin.type', openShadow)).toBe('<NA>');
    expect(x('proc.stdout.type', openShadow)).toBe('pipe');
    expect(x('proc.stdout.name', openShadow)).toBe('pipe:[77]');
    expect(x('proc.stderr.name', openShadow)).toBeUndefined();
    expect(x('proc.fdopencount', openShadow)).toBe(7);
  });

  it('missing thread: every process field is missing', () => {
    const none = mkCtx(world, undefined, 'SYSCALL_OPENAT_2_X', { fd: 3, dirfd: -100, name: '/x', flags: 1 });
    for (const f of ['proc.name', 'proc.cmdline', 'proc.pname', 'proc.aname', 'proc.aname[1]', 'proc.exepath', 'proc.tty', 'proc.vpid', 'proc.sname', 'proc.env']) {
      expect(x(f, none)).toBeUndefined();
    }
    expect(x('thread.tid', none)).toBe(9999);
    expect(matches('proc.name != cat', none)).toBe(false);
  });

  it('an unknown parent', () => {
    const ctx = mkCtx(world, 500, 'SYSCALL_CLOSE_X', { res: 0, fd: 3 });
    expect(x('proc.pname', ctx)).toBeUndefined();
    expect(x('proc.pcmdline', ctx)).toBeUndefined();
    expect(x('proc.ppid', ctx)).toBeUndefined();
    expect(x('proc.aname', ctx)).toBeUndefined();
  });
});

// ---- fd.* -------------------------------------------------------------------------

describe('fd fields', () => {
  it('files', () => {
    expect(x('fd.name', openShadow)).toBe('/etc/shadow');
    expect(x('fd.nameraw', openShadow)).toBe('/etc/shadow');
    expect(x('fd.directory', openShadow)).toBe('/etc');
    expect(x('fd.filename', openShadow)).toBe('shadow');
    expect(x('fd.typechar', openShadow)).toBe('f');
    expect(x('fd.type', openShadow)).toBe('file');
    expect(x('fd.num', openShadow)).toBe(3);
    expect(x('fd.ino', openShadow)).toBe(1234);
    expect(x('fd.dev', openShadow)).toBe(0x803);
    expect(x('fd.dev.major', openShadow)).toBe(8);
    expect(x('fd.dev.minor', openShadow)).toBe(3);
    expect(x('fd.uid', openShadow)).toBe('3003');
    expect(x('fd.containername', openShadow)).toBe(':/etc/shadow');
    expect(x('fd.l4proto', openShadow)).toBe('<NA>');
    expect(x('fd.sockfamily', openShadow)).toBeUndefined();
    expect(x('fd.is_server', openShadow)).toBe(false);
    expect(x('fd.connected', openShadow)).toBe(false);
    expect(x('fd.name_changed', openShadow)).toBe(false);
    expect(x('fd.cip', openShadow)).toBeUndefined();
    expect(x('fd.lport', openShadow)).toBeUndefined();
    // Filter-only endpoint fields: a non-socket fd has no candidate but exists.
    expect(x('fd.ip', openShadow)).toEqual([]);
    expect(matches('fd.ip exists', openShadow)).toBe(true);
    expect(matches('fd.ip = 1.2.3.4', openShadow)).toBe(false);
    expect(matches('fd.ip != 1.2.3.4', openShadow)).toBe(false);
  });

  it('directory names', () => {
    const rootFile = mkCtx(world, 300, 'SYSCALL_READ_X', { res: 1, fd: 11 }, { fd: mkFd({ fd: 11, type: 'file', name: '/vmlinuz' }) });
    expect(x('fd.directory', rootFile)).toBe('/');
    expect(x('fd.filename', rootFile)).toBe('vmlinuz');
    const dir = mkCtx(world, 300, 'SYSCALL_GETDENTS64_X', { res: 1, fd: 9 }, { fd: varlib });
    expect(x('fd.directory', dir)).toBe('/var/lib');
    expect(x('fd.filename', dir)).toBeUndefined();
    expect(x('fd.directory', connect)).toBeUndefined();
    const raw = mkCtx(world, 300, 'SYSCALL_READ_X', { res: 1, fd: 12 }, { fd: mkFd({ fd: 12, type: 'file', name: '/a/b', nameRaw: '..//b' }) });
    expect(x('fd.nameraw', raw)).toBe('../b');
  });

  it('an fd event without an fd entry falls back to the event', () => {
    const failedOpen = mkCtx(world, 300, 'SYSCALL_OPENAT_2_X', { fd: -2, dirfd: -100, name: 'sub/../passwd', flags: PPM_O.RDONLY, mode: 0 }, { fdNum: -2 });
    expect(x('fd.name', failedOpen)).toBe('/root/passwd');
    expect(x('fd.nameraw', failedOpen)).toBe('sub/../passwd');
    expect(x('fd.directory', failedOpen)).toBe('/root');
    expect(x('fd.typechar', failedOpen)).toBe('f');
    expect(x('fd.num', failedOpen)).toBe(-2);
    expect(x('fd.type', failedOpen)).toBeUndefined();
    expect(x('fd.filename', failedOpen)).toBeUndefined();
    expect(x('evt.arg.fd', failedOpen)).toBe('ENOENT');
    const relDir = mkCtx(world, 300, 'SYSCALL_OPENAT_2_X', { fd: -13, dirfd: 9, name: 'secret', flags: 1 }, { fdNum: -13 });
    expect(x('fd.name', relDir)).toBe('/var/lib/secret');
    // Any other fd event without an entry has an empty name.
    const closeUnknown = mkCtx(world, 300, 'SYSCALL_CLOSE_X', { res: 0, fd: 42 }, { fdNum: 42 });
    expect(x('fd.name', closeUnknown)).toBe('');
    expect(x('fd.typechar', closeUnknown)).toBe('o');
    expect(x('fd.typechar', mkCtx(world, 300, 'SOCKET_SOCKET_X', { fd: 7, domain: 2 }, { fdNum: 7 }))).toBe('4');
  });

  it('events without fds, or without a thread, have no fd fields', () => {
    for (const f of ['fd.name', 'fd.num', 'fd.typechar', 'fd.directory', 'fd.ip', 'fd.uid']) {
      expect(x(f, execve)).toBeUndefined();
    }
    const noThread = mkCtx(world, undefined, 'SYSCALL_OPENAT_2_X', { fd: 3, dirfd: -100, name: '/etc/shadow', flags: 1 }, { fd: shadow });
    expect(x('fd.name', noThread)).toBeUndefined();
    expect(x('fd.typechar', noThread)).toBeUndefined();
  });

  it('a connected IPv4 client socket', () => {
    expect(x('fd.name', connect)).toBe('10.0.0.1:5000->1.2.3.4:80');
    expect(x('fd.type', connect)).toBe('ipv4');
    expect(x('fd.typechar', connect)).toBe('4');
    expect(x('fd.l4proto', connect)).toBe('tcp');
    expect(x('fd.sockfamily', connect)).toBe('ip');
    expect(x('fd.cip', connect)).toBe('10.0.0.1');
    expect(x('fd.sip', connect)).toBe('1.2.3.4');
    expect(x('fd.lip', connect)).toBe('10.0.0.1');
    expect(x('fd.rip', connect)).toBe('1.2.3.4');
    expect(x('fd.cport', connect)).toBe(5000);
    expect(x('fd.sport', connect)).toBe(80);
    expect(x('fd.lport', connect)).toBe(5000);
    expect(x('fd.rport', connect)).toBe(80);
    expect(x('fd.cproto', connect)).toBe('5000');
    expect(x('fd.rproto', connect)).toBe('80');
    expect(x('fd.cnet', connect)).toBe('10.0.0.1');
    expect(x('fd.snet', connect)).toBe('1.2.3.4');
    expect(x('fd.rnet', connect)).toBe('1.2.3.4');
    expect(x('fd.lnet', connect)).toBe('10.0.0.1');
    expect(x('fd.is_server', connect)).toBe(false);
    expect(x('fd.connected', connect)).toBe(true);
    expect(x('fd.name_changed', connect)).toBe(true);
    expect(x('fd.ip', connect)).toEqual(['10.0.0.1', '1.2.3.4']);
    expect(x('fd.port', connect)).toEqual([5000, 80]);
    expect(x('fd.net', connect)).toEqual(['10.0.0.1', '1.2.3.4']);
    // No DNS cache offline.
    for (const f of ['fd.cip.name', 'fd.sip.name', 'fd.lip.name', 'fd.rip.name']) expect(x(f, connect)).toBeUndefined();
    expect(binding('fd.ip').info.candidates).toBe('endpoints');
  });

  it('endpoint fields in conditions', () => {
    expect(matches('fd.ip = 1.2.3.4', connect)).toBe(true);
    expect(matches('fd.ip != 1.2.3.4', connect)).toBe(false);
    expect(matches('fd.ip != 9.9.9.9', connect)).toBe(true);
    expect(matches('fd.net = 1.2.3.0/24', connect)).toBe(true);
    expect(matches('fd.snet in (1.2.0.0/16, 10.1.0.0/16)', connect)).toBe(true);
    expect(matches('fd.cnet = 1.2.3.0/24', connect)).toBe(false);
    expect(matches('fd.rnet = 1.2.3.0/24', connect)).toBe(true);
    expect(matches('fd.port = 80', connect)).toBe(true);
    expect(matches('fd.port != 80', connect)).toBe(false);
    expect(matches('fd.sip = 1.2.3.4 and fd.sport = 80', connect)).toBe(true);
    expect(matches('fd.cip = 10.0.0.1', connect)).toBe(true);
    expect(matches('fd.sip.name = example.com', connect)).toBe(false);
  });

  it('a listening socket and an accepted connection', () => {
    const listen = mkCtx(world, 300, 'SOCKET_LISTEN_X', { res: 0, fd: 5, backlog: 128 }, { fd: listener });
    expect(x('fd.sip', listen)).toBe('0.0.0.0');
    expect(x('fd.sport', listen)).toBe(8080);
    expect(x('fd.is_server', listen)).toBe(true);
    expect(x('fd.type', listen)).toBe('ipv4');
    expect(x('fd.l4proto', listen)).toBe('tcp');
    expect(x('fd.cip', listen)).toBeUndefined();
    expect(x('fd.lport', listen)).toBeUndefined();
    expect(x('fd.ip', listen)).toEqual(['0.0.0.0']);
    expect(x('fd.port', listen)).toEqual([8080]);
    expect(x('evt.arg.fd', listen)).toBe('<4t>0.0.0.0:8080');

    const accept = mkCtx(world, 300, 'SOCKET_ACCEPT4_6_X', {
      fd: 6, tuple: encodeSockTuple('5.6.7.8', 40000, '10.0.0.1', 8080), queuepct: 0, queuelen: 0, queuemax: 128, flags: 0,
    }, { fd: accepted });
    expect(x('fd.name', accept)).toBe('5.6.7.8:40000->10.0.0.1:8080');
    expect(x('fd.cip', accept)).toBe('5.6.7.8');
    expect(x('fd.lip', accept)).toBe('10.0.0.1');
    expect(x('fd.rip', accept)).toBe('5.6.7.8');
    expect(x('fd.lport', accept)).toBe(8080);
    expect(x('fd.rport', accept)).toBe(40000);
    expect(x('fd.is_server', accept)).toBe(true);
    expect(x('evt.arg.tuple', accept)).toBe('5.6.7.8:40000->10.0.0.1:8080');
    expect(x('fd.connected', accept)).toBe(true);

    // A listening socket from the snapshot has no role: libsinsp then has no fd.sip, but fd.sport.
    const snapListener = mkFd({ fd: 15, type: 'ipv6-server', name: ':::22', tuple: { l4proto: 'tcp', sip: '::', sport: 22, dip: '::', dport: 0 } });
    const poll = mkCtx(world, 300, 'SOCKET_LISTEN_X', { res: 0, fd: 15, backlog: 1 }, { fd: snapListener });
    expect(x('fd.sip', poll)).toBeUndefined();
    expect(x('fd.sport', poll)).toBe(22);
    expect(x('fd.type', poll)).toBe('ipv6');
    expect(x('fd.typechar', poll)).toBe('6');
    expect(matches('fd.port = 22 and fd.ip = "::"', poll)).toBe(true);
  });

  it('an unconnected socket has no role yet', () => {
    const fresh = mkFd({ fd: 7, type: 'ipv4', name: '', tuple: { l4proto: 'udp', sip: '0.0.0.0', sport: 0, dip: '0.0.0.0', dport: 0 } });
    const ctx = mkCtx(world, 300, 'SOCKET_SOCKET_X', { fd: 7, domain: 2, type: 2, proto: 0 }, { fd: fresh });
    expect(x('fd.name', ctx)).toBe('');
    expect(x('fd.l4proto', ctx)).toBe('<NA>');
    expect(x('fd.sip', ctx)).toBeUndefined();
    expect(x('fd.connected', ctx)).toBe(false);
    expect(x('fd.ip', ctx)).toEqual(['0.0.0.0', '0.0.0.0']);
    expect(x('fd.port', ctx)).toEqual([0, 0]);
    expect(x('fd.cproto', ctx)).toBeUndefined();
    expect(x('evt.arg.fd', ctx)).toBe('<4>');
    // Raw sockets report their protocol with or without a role.
    const raw = mkFd({ fd: 8, type: 'ipv4', name: '', tuple: { l4proto: 'raw', sip: '0.0.0.0', sport: 0, dip: '0.0.0.0', dport: 0 } });
    expect(x('fd.l4proto', mkCtx(world, 300, 'SOCKET_SOCKET_X', { fd: 8, domain: 2, type: 3, proto: 255 }, { fd: raw }))).toBe('raw');
  });

  it('IPv6 and unix tuples render like libsinsp', () => {
    const v6 = mkCtx(world, 300, 'SOCKET_CONNECT_X', { res: 0, tuple: encodeSockTuple('2001:db8::1', 5000, '::1', 443), fd: 13 });
    expect(x('evt.arg.tuple', v6)).toBe('2001:db8::1:5000->::1:443');
    const v4mapped = (last: number): number[] => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, last];
    const mappedTuple = Uint8Array.of(10, ...v4mapped(1), 1, 0, ...v4mapped(2), 2, 0);
    const mapped = mkCtx(world, 300, 'SOCKET_CONNECT_X', { res: 0, tuple: mappedTuple, fd: 13 });
    expect(x('evt.arg.tuple', mapped)).toBe('10.0.0.1:1->10.0.0.2:2');
    const addr6 = Uint8Array.of(10, ...v4mapped(9), 80, 0);
    expect(x('evt.arg.addr', mkCtx(world, 300, 'SOCKET_CONNECT_X', { res: 0, fd: 13, addr: addr6 }))).toBe('::ffff:10.0.0.9:80');
    const unix = Uint8Array.of(1, 0x10, 0x32, 0, 0, 0, 0, 0, 0, 0xff, 0, 0, 0, 0, 0, 0, 0, ...Buffer.from('/run/x.sock'), 0);
    expect(x('evt.arg.tuple', mkCtx(world, 300, 'SOCKET_CONNECT_X', { res: 0, fd: 13, tuple: unix }))).toBe('3210->ff /run/x.sock');
  });
});

// ---- fs.path.* -----------------------------------------------------------------------

describe('fs.path fields', () => {
  it('paths of file-creating and renaming events', () => {
    const chmod = mkCtx(world, 300, 'SYSCALL_CHMOD_X', { res: 0, filename: 'bin/../x.sh', mode: 0o755 });
    expect(x('fs.path.name', chmod)).toBe('/root/x.sh');
    expect(x('fs.path.nameraw', chmod)).toBe('bin/../x.sh');
    expect(x('fs.path.source', chmod)).toBeUndefined();
    const rename = mkCtx(world, 300, 'SYSCALL_RENAME_X', { res: 0, oldpath: '/tmp//a', newpath: 'b' });
    expect(x('fs.path.source', rename)).toBe('/tmp/a');
    expect(x('fs.path.target', rename)).toBe('/root/b');
    expect(x('fs.path.sourceraw', rename)).toBe('/tmp//a');
    expect(x('fs.path.targetraw', rename)).toBe('b');
    expect(x('fs.path.name', rename)).toBeUndefined();
    const renameat2 = mkCtx(world, 300, 'SYSCALL_RENAMEAT2_X', { res: 0, olddirfd: 9, oldpath: 'db', newdirfd: -100, newpath: 'db2' });
    expect(x('fs.path.source', renameat2)).toBe('/var/lib/db');
    expect(x('fs.path.target', renameat2)).toBe('/root/db2');
    const symlink = mkCtx(world, 300, 'SYSCALL_SYMLINKAT_X', { res: 0, target: '/etc/passwd', linkdirfd: -100, linkpath: '/tmp/l' });
    expect(x('fs.path.source', symlink)).toBe('/tmp/l');
    expect(x('fs.path.target', symlink)).toBe('/etc/passwd');
    const link = mkCtx(world, 300, 'SYSCALL_LINK_2_X', { res: 0, oldpath: '/etc/shadow', newpath: '/tmp/s' });
    expect(x('fs.path.source', link)).toBe('/tmp/s');
    expect(x('fs.path.target', link)).toBe('/etc/shadow');
    expect(x('fs.path.name', openShadow)).toBe('/etc/shadow');
    const fchmod = mkCtx(world, 300, 'SYSCALL_FCHMOD_X', { res: 0, fd: 3, mode: 0o600 }, { fd: shadow });
    expect(x('fs.path.name', fchmod)).toBe('/etc/shadow');
  });

  it('failed operations have no path (but a failed open passes the fd != -1 check)', () => {
    expect(x('fs.path.name', mkCtx(world, 300, 'SYSCALL_MKDIR_2_X', { res: -17, path: '/tmp/d', mode: 0 }))).toBeUndefined();
    const failedOpen = mkCtx(world, 300, 'SYSCALL_OPEN_X', { fd: -2, name: '/nope', flags: 1 });
    expect(x('fs.path.name', failedOpen)).toBe('/nope');
    expect(x('fs.path.name', execve)).toBeUndefined();
  });
});

// ---- user.* / group.* -------------------------------------------------------------

describe('user and group fields', () => {
  it('known users', () => {
    expect(x('user.uid', openShadow)).toBe(0);
    expect(x('user.name', openShadow)).toBe('root');
    expect(x('user.homedir', openShadow)).toBe('/root');
    expect(x('user.shell', openShadow)).toBe('/bin/bash');
    expect(x('user.loginuid', openShadow)).toBe(1000);
    expect(x('user.loginname', openShadow)).toBe('alice');
    expect(x('group.gid', openShadow)).toBe(0);
    expect(x('group.name', openShadow)).toBe('root');
  });

  it('unknown ids print <NA>, an unset loginuid is -1', () => {
    const ctx = mkCtx(world, 500, 'SYSCALL_CLOSE_X', { res: 0, fd: 3 });
    expect(x('user.uid', ctx)).toBe(1001);
    expect(x('user.name', ctx)).toBe('<NA>');
    expect(x('user.homedir', ctx)).toBe('<NA>');
    expect(x('user.shell', ctx)).toBe('<NA>');
    expect(x('user.loginuid', ctx)).toBe(-1);
    expect(x('user.loginname', ctx)).toBe('<NA>');
    expect(x('group.name', ctx)).toBe('<NA>');
    expect(matches('user.loginuid = -1', ctx)).toBe(true);
    expect(stranger.uid).toBe(1001);
    // uid 0 falls back to root even without a user table entry (here: inside a container).
    const inContainer = mkCtx(world, 400, 'SYSCALL_CLOSE_X', { res: 0, fd: 3 });
    expect(x('user.name', inContainer)).toBe('root');
    expect(x('user.homedir', inContainer)).toBe('/root');
    expect(x('user.shell', inContainer)).toBe('<NA>');
    expect(x('user.name', mkCtx(world, undefined, 'SYSCALL_CLOSE_X', { res: 0 }))).toBeUndefined();
  });
});

// ---- container.* / k8s.* ---------------------------------------------------------

describe('container fields', () => {
  it('host processes belong to the "host" container', () => {
    expect(x('container.id', openShadow)).toBe('host');
    expect(x('container.name', openShadow)).toBe('host');
    expect(x('container.full_id', openShadow)).toBe('host');
    expect(x('container.type', openShadow)).toBe('host');
    expect(x('container.image.repository', openShadow)).toBe('');
    expect(x('container.image.tag', openShadow)).toBe('');
    expect(x('container.privileged', openShadow)).toBe(false);
    expect(x('container.mounts', openShadow)).toBe('');
    expect(x('container.mount.dest[/proc]', openShadow)).toBeUndefined();
    expect(x('container.start_ts', openShadow)).toBeUndefined();
    expect(x('k8s.pod.name', openShadow)).toBeUndefined();
    expect(x('k8s.ns.name', openShadow)).toBeUndefined();
    expect(matches('container.id = host', openShadow)).toBe(true);
  });

  it('containers with metadata', () => {
    const ctx = mkCtx(world, 400, 'SYSCALL_OPENAT_2_X', { fd: -2, dirfd: -100, name: '/x', flags: 1 });
    expect(x('container.id', ctx)).toBe('abcdef123456');
    expect(x('container.name', ctx)).toBe('web');
    expect(x('container.type', ctx)).toBe('containerd');
    expect(x('container.image', ctx)).toBe('docker.io/library/nginx:1.25@sha256:0123');
    expect(x('container.image.repository', ctx)).toBe('docker.io/library/nginx');
    expect(x('container.image.tag', ctx)).toBe('1.25');
    expect(x('container.image.digest', ctx)).toBe('sha256:0123');
    expect(x('container.image.id', ctx)).toBe('6f7e2741b66b');
    expect(x('container.privileged', ctx)).toBe(true);
    expect(x('container.labels', ctx)).toBe('app:web, tier');
    expect(x('container.label[app]', ctx)).toBe('web');
    expect(x('container.label[nope]', ctx)).toBeUndefined();
    expect(x('k8s.pod.name', ctx)).toBe('web-0');
    expect(x('k8s.ns.name', ctx)).toBe('prod');
    expect(x('k8s.pod.uid', ctx)).toBeUndefined();
    // What a capture does not record reads as missing.
    expect(x('container.mounts', ctx)).toBeUndefined();
    expect(x('container.mount.dest[/var/run/docker.sock]', ctx)).toBeUndefined();
    expect(x('container.ip', ctx)).toBeUndefined();
    expect(x('k8s.rc.name', ctx)).toBeUndefined();
    expect(x('container.start_ts', ctx)).toBe(BASE - 5_000_000_000n);
    expect(x('container.duration', ctx)).toBe(TS + 5_000_000_000);
    expect(matches('container.privileged = true and container.image.repository endswith nginx', ctx)).toBe(true);
    expect(x('proc.vpid', ctx)).toBe(1);
    expect(nginx.containerId).toBe('abcdef123456');
  });

  it('a container id without metadata', () => {
    const ctx = mkCtx(world, 600, 'SYSCALL_CLOSE_X', { res: 0, fd: 3 });
    expect(x('container.id', ctx)).toBe('deadbeef0000');
    expect(x('container.name', ctx)).toBeUndefined();
    expect(x('container.image.repository', ctx)).toBeUndefined();
    expect(x('container.privileged', ctx)).toBeUndefined();
    expect(x('container.id', mkCtx(world, undefined, 'SYSCALL_CLOSE_X', { res: 0 }))).toBeUndefined();
  });
});

// ---- resolver ---------------------------------------------------------------------

describe('resolver', () => {
  it('reports gaps, resolves plugin-only data as missing, keeps libsinsp errors', () => {
    expect(resolver.resolve('evt.hostname', undefined)).toBe('field evt.hostname is not supported by falco-ts yet');
    expect(resolver.resolve('fdlist.names', undefined)).toBe('field fdlist.names is not supported by falco-ts yet');
    expect(resolver.resolve('proc.nope', undefined)).toBe('filter_check called with nonexistent field proc.nope');
    const k8s = resolver.resolve('k8s.deployment.name', undefined);
    expect(typeof k8s).not.toBe('string');
    expect(resolver.resolve('proc.name', undefined)).toBe(resolver.resolve('proc.name', undefined));
    const info = binding('evt.rawarg.flags').info;
    expect(info.ptType).toBe('FLAGS32');
  });

  it('lists every catalogued field with its support', () => {
    const list = listFields();
    expect(list.find((f) => f.name === 'proc.name')).toMatchObject({ type: 'CHARBUF', supported: true });
    expect(list.find((f) => f.name === 'evt.hostname')?.supported).toBe(false);
    expect(list.every((f) => f.description.length > 0)).toBe(true);
  });
});

describe('helpers', () => {
  it('concatenate_paths normalizes like libsinsp', () => {
    expect(concatenatePaths('/root/', 'a/./b/../c/')).toBe('/root/a/c');
    expect(concatenatePaths('/root/', '../../..')).toBe('/');
    expect(concatenatePaths('', '/tmp/dir1/dir2/../..///file.txt')).toBe('/tmp/file.txt');
    expect(concatenatePaths('/x/', '/abs')).toBe('/abs');
    expect(concatenatePaths('<UNKNOWN>', 'b')).toBe('<UNKNOWN>b');
  });

  it('%lg formatting for RELTIME', () => {
    expect(formatG(0.5)).toBe('0.5');
    expect(formatG(1e-5)).toBe('1e-05');
    expect(formatG(1234567)).toBe('1.23457e+06');
    expect(formatG(12.25)).toBe('12.25');
    const sleep = mkCtx(world, 300, 'SYSCALL_NANOSLEEP_X', { res: 0, interval: 1_500_000_000 });
    expect(x('evt.args', sleep)).toBe('res=0 interval=1500000000(1.5s)');
  });
});

// ---- coverage of fields.md §1 -------------------------------------------------------

/** The 91 base fields the upstream rules use (fields.md §1). */
const SECTION_1 = `proc.name fd.name proc.cmdline proc.pname evt.type user.name proc.aname user.uid proc.tty user.loginuid
proc.exepath container.image.repository proc.args evt.arg.flags proc.pcmdline fd.directory fd.typechar fd.l4proto fd.type
fd.lport fd.rport evt.arg.path evt.res container.mount.dest evt.arg.name evt.rawres proc.pexe evt.arg.oldpath proc.exe
thread.cap_permitted evt.arg.uid fd.net fd.sport evt.arg.newpath fd.ip evt.arg.mode fd.num fd.sip.name k8s.ns.name fd.sip
container.id evt.arg.request fd.snet proc.cwd fd.connected fd.name_changed evt.arg.filename evt.is_open_read evt.num
fd.filename proc.env thread.cap_effective container.privileged evt.arg.cmd evt.arg.target evt.dir evt.is_open_write
fd.nameraw proc.vpid container.start_ts evt.args fd.cip.name group.gid group.name proc.pexepath proc.sname user.loginname
container.mounts evt.arg.domain evt.arg.fd evt.arg.linkpath evt.buffer evt.is_open_exec fd.cip fd.cnet fd.lip.name fd.port
fd.rip fd.rip.name fd.rnet fd.sockfamily k8s.pod.name proc.aexe proc.aexepath proc.duration proc.exe_ino.ctime
proc.exe_ino.ctime_duration_proc_start proc.exe_ino.mtime proc.is_exe_from_memfd proc.is_exe_upper_layer
proc.is_vpgid_leader`.split(/\s+/);

describe('fields.md §1', () => {
  it('lists the 91 fields of the reference', () => {
    expect(new Set(SECTION_1).size).toBe(91);
    const reference = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/reference/fields.md');
    if (!fs.existsSync(reference)) return;
    const text = fs.readFileSync(reference, 'utf8');
    const section = text.slice(text.indexOf('## 1. Fields used'), text.indexOf('## 1b.'));
    const names = [...section.matchAll(/^\| `([^`]+)`/gm)].map((m) => m[1]);
    expect(names).toEqual(SECTION_1);
  });

  it('every field resolves to an implemented extractor', () => {
    for (const f of SECTION_1) {
      const m = /^evt\.arg\.(.+)$/.exec(f);
      const b = m ? resolver.resolve('evt.arg.' + m[1], undefined) : resolver.resolve(f, f === 'container.mount.dest' ? '/proc' : undefined);
      expect(typeof b, f).not.toBe('string');
    }
    expect(listFields().filter((f) => SECTION_1.includes(f.name) && !f.supported)).toEqual([]);
  });

  // Tests run in file order: by now every test above has extracted its fields.
  it('every field was extracted by a test above with its exact rendering', () => {
    expect(SECTION_1.filter((f) => !extracted.has(f))).toEqual([]);
  });
});
