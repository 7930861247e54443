// The /proc scan against this very machine: the test process opens files,
// sockets and pipes, then looks for them in a snapshot. A fake /proc tree
// covers what the host cannot be made to show (cgroup v2, IPv6, vanished pids).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FdSnapshot, StateSnapshot, ThreadSnapshot } from '../../src/capture/model.js';
import {
  LINUX_O_ARM64, PPM_O_APPEND, PPM_O_CLOEXEC, PPM_O_CREAT, PPM_O_DIRECTORY, PPM_O_DSYNC, PPM_O_EXCL, PPM_O_LARGEFILE,
  PPM_O_DIRECT, PPM_O_NONBLOCK, PPM_O_RDONLY, PPM_O_RDWR, PPM_O_SYNC, PPM_O_TMPFILE, PPM_O_TRUNC, PPM_O_WRONLY, ppmOpenFlags,
} from '../../src/capture/open-flags.js';
import { decodeIpv4Hex, decodeIpv6Hex, formatIpv6, parseInetTable, parseUnixTable } from '../../src/record/proc-net.js';
import { convertCgroups, readProcSnapshot } from '../../src/record/proc-snapshot.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir();

function once<T>(emitter: NodeJS.EventEmitter, event: string): Promise<T> {
  return new Promise((resolve, reject) => {
    emitter.once(event, resolve as (v: unknown) => void);
    emitter.once('error', reject);
  });
}

function leaderOf(snapshot: StateSnapshot, pid: number): ThreadSnapshot | undefined {
  return snapshot.threads.find((t) => t.tid === pid);
}

describe('readProcSnapshot on this machine', () => {
  const filePath = path.join(dir, 'appended.log');
  const unixPath = path.join(dir, 'server.sock');
  let fileFd = -1;
  let dirFd = -1;
  let server: net.Server;
  let unixServer: net.Server;
  let client: net.Socket;
  let accepted: net.Socket;
  let port = 0;
  let child: ChildProcess;
  let snapshot: StateSnapshot;
  let scanMs = 0;
  let tidsBefore: number[] = [];

  beforeAll(async () => {
    fileFd = fs.openSync(filePath, 'a');
    dirFd = fs.openSync(dir, 'r');
    server = net.createServer();
    const acceptedP = once<net.Socket>(server, 'connection');
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as net.AddressInfo).port;
    client = net.connect(port, '127.0.0.1');
    await once(client, 'connect');
    accepted = await acceptedP;
    unixServer = net.createServer();
    unixServer.listen(unixPath);
    await once(unixServer, 'listening');
    // Node's own stdio "pipes" are socketpairs: a shell pipeline is the simple way to get real pipes.
    child = spawn('/bin/sh', ['-c', 'sleep 60 | sleep 60'], { stdio: 'ignore', detached: true });
    await once(child, 'spawn');
    for (let i = 0; i < 500 && sleepers(readProcSnapshot({ procRoot: '/proc' })).length < 2; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    tidsBefore = fs.readdirSync('/proc/self/task').map(Number);
    const start = performance.now();
    snapshot = readProcSnapshot({ ts: 42 });
    scanMs = performance.now() - start;
  });

  afterAll(() => {
    if (child?.pid !== undefined) {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    client?.destroy();
    accepted?.destroy();
    server?.close();
    unixServer?.close();
    if (fileFd >= 0) fs.closeSync(fileFd);
    if (dirFd >= 0) fs.closeSync(dirFd);
  });

  const myFds = (): FdSnapshot[] => leaderOf(snapshot, process.pid)!.fds;
  const sleepers = (s: StateSnapshot): ThreadSnapshot[] => s.threads.filter((t) => t.ppid === child.pid && t.comm === 'sleep');

  it('describes the current process', () => {
    expect(snapshot.ts).toBe(42);
    expect(snapshot.containers).toEqual([]);
    const me = leaderOf(snapshot, process.pid);
    expect(me).toBeDefined();
    expect(me!.pid).toBe(process.pid);
    expect(me!.ppid).toBe(process.ppid);
    expect(me!.comm).toBe(fs.readFileSync('/proc/self/comm', 'utf8').trimEnd());
    expect(me!.exepath).toBe(fs.realpathSync(process.execPath));
    // vitest sets process.title, which overwrites argv in place: the kernel (and Falco) see the title.
    const cmdline = fs.readFileSync('/proc/self/cmdline', 'utf8').split('\0').slice(0, -1);
    expect([me!.exe, ...me!.args]).toEqual(cmdline);
    expect(me!.exe).toBe(process.title);
    expect(me!.env).toContain(`PATH=${process.env['PATH']}`);
    expect(me!.cwd).toBe(process.cwd());
    expect(me!.root).toBe('/');
    expect(me!.uid).toBe(process.geteuid!());
    expect(me!.gid).toBe(process.getegid!());
    expect(me!.fdlimit).toBeGreaterThan(0);
    const uptimeS = Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    // btime is whole seconds: allow a couple of seconds either way.
    const startedAgoS = Date.now() / 1000 - Number(me!.startTs / 1_000_000n) / 1000;
    expect(startedAgoS).toBeGreaterThan(-2);
    expect(startedAgoS).toBeLessThan(Math.min(uptimeS, process.uptime()) + 2);
    expect(me!.exeIno).toBe(Number(fs.statSync(process.execPath).ino));
    expect(me!.exeInoMtime).toBe(fs.statSync(process.execPath, { bigint: true }).mtimeNs);
    expect(me!.exeFromMemfd).toBe(false);
    expect(me!.cgroups.length).toBeGreaterThan(0);
    for (const cg of me!.cgroups) expect(cg).toMatch(/^(name=)?[^=]+=\//);
  });

  it('lists every thread of the current process, fds on the leader only', () => {
    const mine = snapshot.threads.filter((t) => t.pid === process.pid);
    expect(mine.length).toBeGreaterThan(1);
    expect(mine[0]!.tid).toBe(process.pid);
    // Every thread alive both before and after the scan was alive during it.
    const after = new Set(fs.readdirSync('/proc/self/task').map(Number));
    const steady = tidsBefore.filter((t) => after.has(t));
    expect(steady.length).toBeGreaterThan(1);
    expect(mine.map((t) => t.tid)).toEqual(expect.arrayContaining(steady));
    for (const t of mine.slice(1)) {
      expect(t.fds).toEqual([]);
      expect(t.exepath).toBe(mine[0]!.exepath);
      expect(t.vpid).toBe(mine[0]!.vpid);
    }
  });

  it('sees an opened file and directory with their PPM flags', () => {
    const f = myFds().find((d) => d.fd === fileFd);
    // The kernel keeps neither O_CREAT nor O_TRUNC in the open file; libuv adds O_CLOEXEC.
    expect(f).toMatchObject({ type: 'file', name: filePath, openFlags: PPM_O_WRONLY | PPM_O_APPEND | PPM_O_CLOEXEC });
    expect(f!.ino).toBe(Number(fs.statSync(filePath).ino));
    const d = myFds().find((x) => x.fd === dirFd);
    expect(d).toMatchObject({ type: 'directory', name: dir });
    expect(d!.openFlags! & PPM_O_RDWR).toBe(PPM_O_RDONLY);
  });

  it('sees a listening TCP server and both ends of a connection', () => {
    const listener = myFds().find((d) => d.type === 'ipv4-server' && d.name === `127.0.0.1:${port}`);
    expect(listener?.tuple).toMatchObject({ l4proto: 'tcp', sip: '127.0.0.1', sport: port });
    const clientName = `127.0.0.1:${client.localPort}->127.0.0.1:${port}`;
    const clientFd = myFds().find((d) => d.name === clientName);
    expect(clientFd).toMatchObject({
      type: 'ipv4', tuple: { l4proto: 'tcp', sip: '127.0.0.1', sport: client.localPort, dip: '127.0.0.1', dport: port },
    });
    const acceptedName = `127.0.0.1:${port}->127.0.0.1:${client.localPort}`;
    expect(myFds().find((d) => d.name === acceptedName)?.type).toBe('ipv4');
  });

  it('sees a unix server socket by its path', () => {
    expect(myFds().find((d) => d.type === 'unix' && d.name === unixPath)).toBeDefined();
  });

  it('sees the arguments of an untouched command line', () => {
    const sh = leaderOf(snapshot, child.pid!);
    expect(sh).toMatchObject({ ppid: process.pid, exe: '/bin/sh', args: ['-c', 'sleep 60 | sleep 60'], comm: 'sh' });
    expect(sleepers(snapshot).map((t) => [t.exe, t.args])).toEqual([['sleep', ['60']], ['sleep', ['60']]]);
  });

  it('sees a pipe from both ends', () => {
    const fds = sleepers(snapshot).flatMap((t) => t.fds);
    // Which sleeper is the writer depends on pid order; the pipe is stdout of one and stdin of the other.
    const out = fds.find((d) => d.fd === 1 && d.type === 'fifo');
    const inp = fds.find((d) => d.fd === 0 && d.type === 'fifo');
    expect(out?.type).toBe('fifo');
    expect(out?.name).toMatch(/^pipe:\[\d+\]$/);
    expect(out?.name).toBe(`pipe:[${out?.ino}]`);
    expect(inp).toEqual({ ...out, fd: 0 });
  });

  it('reads users and groups', () => {
    expect(snapshot.users).toContainEqual(expect.objectContaining({ uid: 0, name: 'root', container: '' }));
    expect(snapshot.groups).toContainEqual(expect.objectContaining({ gid: 0, container: '' }));
  });

  it('leaves out excluded processes with their threads', () => {
    const without = readProcSnapshot({ excludePids: [process.pid, child.pid!] });
    expect(without.threads.some((t) => t.pid === process.pid || t.pid === child.pid)).toBe(false);
    // Only the listed processes go, not their children.
    expect(sleepers(without)).toHaveLength(2);
  });

  it('is quick', () => {
    expect(scanMs).toBeLessThan(1000);
  });
});

describe('readProcSnapshot on a fake /proc', () => {
  const root = path.join(dir, 'fake');
  const proc = path.join(root, 'proc');

  function writeProc(rel: string, text: string): void {
    const file = path.join(proc, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }

  function linkProc(rel: string, target: string): void {
    const file = path.join(proc, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.symlinkSync(target, file);
  }

  beforeAll(() => {
    writeProc('stat', 'cpu  1 2 3\nbtime 1700000000\n');
    const statRest = 'S 1 77 77 34816 77 4194560 0 0 0 0 0 0 0 0 20 0 2 0 250 0 0';
    writeProc('77/stat', `77 (my (odd) app) ${statRest}\n`);
    writeProc('77/task/77/stat', `77 (my (odd) app) ${statRest}\n`);
    writeProc('77/task/78/stat', `78 (worker) ${statRest}\n`);
    const status = (tid: number): string =>
      `Name:\tx\nPPid:\t1\nUid:\t1000\t1001\t1001\t1001\nGid:\t50\t51\t51\t51\nNStgid:\t77\t7\nNSpid:\t${tid}\t${tid - 70}\n`
      + 'CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\tffffffffffffffff\n';
    writeProc('77/status', status(77));
    writeProc('77/task/77/status', status(77));
    writeProc('77/task/78/status', status(78));
    writeProc('77/cmdline', 'app\0--flag\0value with space\0');
    writeProc('77/environ', 'A=1\0B=2\0');
    writeProc('77/loginuid', '1000');
    writeProc('77/limits', 'Limit                     Soft Limit           Hard Limit           Units\nMax open files            4096                 8192                 files\n');
    const cgroup = '0::/system.slice/app.service\n';
    writeProc('77/cgroup', cgroup);
    writeProc('77/task/78/cgroup', cgroup);
    linkProc('77/exe', '/memfd:payload (deleted)');
    linkProc('77/cwd', '/srv');
    linkProc('77/root', '/');
    linkProc('77/fd/3', 'socket:[555]');
    linkProc('77/fd/4', 'socket:[556]');
    linkProc('77/fd/5', 'anon_inode:[eventfd]');
    linkProc('77/fd/6', 'anon_inode:bpf-map');
    linkProc('77/fd/7', 'socket:[999]');
    writeProc('77/net/tcp6', '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n'
      + '   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 555 1 0 100 0 0 10 0\n'
      + '   1: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000200007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 556 1 0 100 0 0 10 0\n');
    // A process that vanished halfway: only its directory is left.
    fs.mkdirSync(path.join(proc, '90'), { recursive: true });
    fs.mkdirSync(path.join(root, 'etc'), { recursive: true });
    fs.writeFileSync(path.join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n# comment\nbroken line\napp:x:1000:1000::/home/app:/bin/sh\n');
    fs.writeFileSync(path.join(root, 'etc', 'group'), 'root:x:0:\napp:x:1000:app\n');
    fs.mkdirSync(path.join(root, 'sys', 'fs', 'cgroup'), { recursive: true });
    fs.writeFileSync(path.join(root, 'sys', 'fs', 'cgroup', 'cgroup.controllers'), 'cpu memory pids\n');
  });

  it('reads threads, fds, users and groups, skipping what is gone', () => {
    const s = readProcSnapshot({ procRoot: proc, etcRoot: path.join(root, 'etc'), sysRoot: path.join(root, 'sys') });
    expect(s.threads.map((t) => t.tid)).toEqual([77, 78]);
    const [leader, worker] = s.threads as [ThreadSnapshot, ThreadSnapshot];
    expect(leader).toMatchObject({
      pid: 77, ppid: 1, vtid: 7, vpid: 7, sid: 77, pgid: 77, vpgid: 77, comm: 'my (odd) app',
      exe: 'app', args: ['--flag', 'value with space'], env: ['A=1', 'B=2'], exepath: '/memfd:payload', exeFromMemfd: true,
      cwd: '/srv', root: '/', uid: 1001, gid: 51, loginuid: 1000, tty: 34816, fdlimit: 4096, flags: 0,
      cgroups: ['cpu=/system.slice/app.service', 'memory=/system.slice/app.service', 'pids=/system.slice/app.service'],
      capInheritable: 0, capPermitted: 0x1ffffffffff, capEffective: 0xffffffffffffffffn,
      startTs: 1_700_000_000_000_000_000n + 2_500_000_000n, pidnsInitStartTs: 0n,
    });
    expect(worker).toMatchObject({ tid: 78, pid: 77, vtid: 8, vpid: 7, comm: 'worker', fds: [], cwd: '/srv', exe: 'app' });
    expect(leader.fds).toEqual([
      { fd: 3, type: 'ipv6-server', name: '::1:8080', ino: 555, tuple: { l4proto: 'tcp', sip: '::1', sport: 8080, dip: '::', dport: 0 } },
      {
        fd: 4, type: 'ipv6', name: '::ffff:127.0.0.1:8080->::ffff:127.0.0.2:50000', ino: 556,
        tuple: { l4proto: 'tcp', sip: '::ffff:127.0.0.1', sport: 8080, dip: '::ffff:127.0.0.2', dport: 50000 },
      },
      { fd: 5, type: 'event', name: 'anon_inode:[eventfd]' },
      { fd: 6, type: 'bpf', name: 'anon_inode:bpf-map' },
      { fd: 7, type: 'unsupported', name: 'socket:[999]', ino: 999 },
    ]);
    expect(s.users).toEqual([
      { uid: 0, gid: 0, name: 'root', home: '/root', shell: '/bin/bash', container: '' },
      { uid: 1000, gid: 1000, name: 'app', home: '/home/app', shell: '/bin/sh', container: '' },
    ]);
    expect(s.groups).toEqual([{ gid: 0, name: 'root', container: '' }, { gid: 1000, name: 'app', container: '' }]);
  });

  it('never throws on a missing /proc and /etc', () => {
    const s = readProcSnapshot({ procRoot: path.join(root, 'nope'), etcRoot: path.join(root, 'nope') });
    expect(s).toEqual({ ts: 0, threads: [], users: [], groups: [], containers: [] });
  });
});

describe('cgroup conversion', () => {
  it('splits v1 controller lists and expands the v2 line', () => {
    expect(convertCgroups('12:cpu,cpuacct:/a\n1:name=systemd:/b\n', [])).toEqual(['cpu=/a', 'cpuacct=/a', 'name=systemd=/b']);
    expect(convertCgroups('0::/c:d\n', ['cpu', 'io'])).toEqual(['cpu=/c:d', 'io=/c:d']);
  });

  it('reports a hybrid host\'s v1 controllers only once', () => {
    expect(convertCgroups('4:memory:/m\n0::/u\n', ['cpu', 'memory'])).toEqual(['memory=/m', 'cpu=/u']);
  });
});

describe('socket tables', () => {
  it('decodes little-endian address words', () => {
    expect(decodeIpv4Hex('0100007F')).toBe('127.0.0.1');
    expect(decodeIpv6Hex('000080FE00000000FF565002BD69B1FE')).toBe('fe80::250:56ff:feb1:69bd');
    expect(formatIpv6([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1])).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(new Array(16).fill(0))).toBe('::');
  });

  it('tells a UDP server from a connected UDP socket', () => {
    const t = parseInetTable(
      '  sl  local_address rem_address   st\n'
      + '  1: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 11 2 0\n'
      + '  2: 0100007F:D431 0101A8C0:0035 01 00000000:00000000 00:00000000 00000000     0        0 12 2 0\n',
      'udp', 4,
    );
    expect(t.get(11)).toMatchObject({ listening: true, sip: '0.0.0.0', sport: 53 });
    expect(t.get(12)).toMatchObject({ listening: false, sip: '127.0.0.1', sport: 0xd431, dip: '192.168.1.1', dport: 53 });
  });

  it('reads unix socket paths, spaces included', () => {
    const t = parseUnixTable('Num       RefCount Protocol Flags    Type St Inode Path\n'
      + '0000000000000000: 00000002 00000000 00010000 0001 01 21 /run/a b.sock\n'
      + '0000000000000000: 00000003 00000000 00000000 0001 03 22\n'
      + '0000000000000000: 00000002 00000000 00010000 0001 01 23 @abstract\n');
    expect([...t.entries()]).toEqual([
      [21, { kind: 'unix', path: '/run/a b.sock' }], [22, { kind: 'unix', path: '' }], [23, { kind: 'unix', path: '@abstract' }],
    ]);
  });
});

describe('ppmOpenFlags', () => {
  it('maps the access mode', () => {
    expect(ppmOpenFlags(0)).toBe(PPM_O_RDONLY);
    expect(ppmOpenFlags(1)).toBe(PPM_O_WRONLY);
    expect(ppmOpenFlags(2)).toBe(PPM_O_RDWR);
    expect(ppmOpenFlags(3)).toBe(PPM_O_RDONLY);
  });

  it('maps x86_64 flags', () => {
    expect(ppmOpenFlags(0o1 | 0o100 | 0o1000 | 0o2000000)).toBe(PPM_O_WRONLY | PPM_O_CREAT | PPM_O_TRUNC | PPM_O_CLOEXEC);
    expect(ppmOpenFlags(0o2 | 0o200 | 0o2000 | 0o4000 | 0o100000))
      .toBe(PPM_O_RDWR | PPM_O_EXCL | PPM_O_APPEND | PPM_O_NONBLOCK | PPM_O_LARGEFILE);
    // The driver tests multi-bit flags with any-bit-set, so these overlap on purpose.
    expect(ppmOpenFlags(0o4010000)).toBe(PPM_O_RDONLY | PPM_O_SYNC | PPM_O_DSYNC);
    expect(ppmOpenFlags(0o10000)).toBe(PPM_O_RDONLY | PPM_O_SYNC | PPM_O_DSYNC);
    expect(ppmOpenFlags(0o2 | 0o20200000)).toBe(PPM_O_RDWR | PPM_O_TMPFILE | PPM_O_DIRECTORY);
    expect(ppmOpenFlags(0o200000)).toBe(PPM_O_RDONLY | PPM_O_DIRECTORY | PPM_O_TMPFILE);
  });

  it('maps arm64 flags', () => {
    expect(ppmOpenFlags(0o40000, LINUX_O_ARM64)).toBe(PPM_O_RDONLY | PPM_O_DIRECTORY | PPM_O_TMPFILE);
    expect(ppmOpenFlags(0o200000, LINUX_O_ARM64)).toBe(PPM_O_RDONLY | PPM_O_DIRECT);
  });
});
