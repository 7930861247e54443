// Credentials and other per-thread attributes: set*id, capset, setsid, prctl, rlimits, loginuid/tty at exec.
import { describe, expect, it } from 'vitest';
import { Replay, baseBuilder } from './replay.js';

describe('user and group ids', () => {
  it('setuid and setresuid change the effective uid on success', () => {
    const r = new Replay(baseBuilder());
    r.emit(100, 'SYSCALL_SETUID_X', { res: 0, uid: 0 });
    expect(r.thread(100).uid).toBe(0);
    expect(r.engine.user(r.thread(100).uid, '')?.name).toBe('root');
    r.emit(100, 'SYSCALL_SETRESUID_X', { res: 0, ruid: 1000, euid: 1000, suid: 0 });
    expect(r.thread(100).uid).toBe(1000);
    r.emit(100, 'SYSCALL_SETRESUID_X', { res: -1, ruid: 0, euid: 0, suid: 0 });
    expect(r.thread(100).uid).toBe(1000);
    // -1 leaves the id unchanged.
    r.emit(100, 'SYSCALL_SETRESUID_X', { res: 0, ruid: 0, euid: 0xffffffff, suid: 0xffffffff });
    expect(r.thread(100).uid).toBe(1000);
    r.emit(100, 'SYSCALL_SETREUID_X', { res: 0, ruid: 0xffffffff, euid: 33 });
    expect(r.thread(100).uid).toBe(33);
  });

  it('setgid, setregid and setresgid change the effective gid', () => {
    const r = new Replay(baseBuilder());
    r.emit(100, 'SYSCALL_SETGID_X', { res: 0, gid: 50 });
    expect(r.thread(100).gid).toBe(50);
    r.emit(100, 'SYSCALL_SETRESGID_X', { res: 0, rgid: 1, egid: 60, sgid: 1 });
    expect(r.thread(100).gid).toBe(60);
    r.emit(100, 'SYSCALL_SETREGID_X', { res: 0, rgid: 1, egid: 70 });
    expect(r.thread(100).gid).toBe(70);
    expect(r.engine.group(1000, '')?.name).toBe('u');
  });

  it('a child inherits ids, loginuid, tty and capabilities; exec updates them', () => {
    const b = baseBuilder();
    const r = new Replay(b);
    b.spawn(100, 200);
    b.exec(200, { exepath: '/usr/bin/sudo', uid: 0, loginuid: 1000, tty: 34816 });
    r.run();
    expect(r.thread(200)).toMatchObject({ uid: 0, gid: 1000, loginuid: 1000, tty: 34816, capEffective: 0x1ffffffffff });
    r.emit(200, 'SYSCALL_CAPSET_X', { res: 0, cap_inheritable: 0, cap_permitted: 0x20, cap_effective: 0x20 });
    expect(r.thread(200)).toMatchObject({ capPermitted: 0x20, capEffective: 0x20 });
  });
});

describe('sessions, subreapers and limits', () => {
  it('setsid sets the session id', () => {
    const r = new Replay(baseBuilder());
    r.emit(100, 'SYSCALL_SETSID_X', { res: 100 });
    expect(r.thread(100).sid).toBe(100);
  });

  it('prctl(PR_SET_NAME) leaves comm alone, as libsinsp', () => {
    const r = new Replay(baseBuilder());
    r.emit(100, 'SYSCALL_PRCTL_X', { res: 0, option: 15, arg2_str: 'renamed', arg2_int: 0 });
    expect(r.thread(100).comm).toBe('bash');
  });

  it('RLIMIT_NOFILE changes set the process fd limit', () => {
    const b = baseBuilder();
    const r = new Replay(b);
    b.spawn(100, 101, { thread: true });
    r.run();
    r.emit(101, 'SYSCALL_SETRLIMIT_X', { res: 0, cur: 4096, max: 4096, resource: 7 });
    expect(r.thread(100).fdlimit).toBe(4096);
    expect(r.thread(101).fdlimit).toBe(4096);
    r.emit(100, 'SYSCALL_PRLIMIT_X', { res: 0, newcur: 8192, newmax: 8192, oldcur: 4096, oldmax: 4096, pid: 0, resource: 7 });
    expect(r.thread(100).fdlimit).toBe(8192);
    r.emit(100, 'SYSCALL_SETRLIMIT_X', { res: 0, cur: 10, max: 10, resource: 3 });
    expect(r.thread(100).fdlimit).toBe(8192);
  });
});
