// A synthetic but realistic syscall stream for benchmarks: a few hundred
// threads, a pool of file paths and peers, exponential inter-arrival times, and
// a syscall mix close to what a busy Linux host produces (I/O and polling
// dominate, process lifecycle is rare). Seeded, so every run is the same stream.
import { CaptureBuilder, PPM_AT_FDCWD, makeEvent } from '../src/capture/builder.js';
import type { BuilderParam } from '../src/capture/builder.js';
import type { CapturedEvent } from '../src/capture/model.js';
import { encodeSockAddr, encodeSockTuple } from '../src/capture/socket-encoding.js';
import { CaptureWriter } from '../src/capture/writer.js';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIRS = ['/etc', '/usr/lib/x86_64-linux-gnu', '/proc/self', '/var/log', '/home/alice/project/src', '/tmp', '/usr/share/zoneinfo', '/var/lib/docker/overlay2'];
const NAMES = ['passwd', 'ld.so.cache', 'libc.so.6', 'status', 'syslog', 'index.ts', 'app.log', 'localtime', 'config.json', 'hosts', 'resolv.conf', 'nsswitch.conf'];

type Shape = (r: () => number, tid: number) => [string, Record<string, BuilderParam>];

/** Weight and parameter generator per event type. */
const MIX: [number, Shape][] = [
  [24, (r) => ['SYSCALL_READ_X', { res: Math.floor(r() * 8192), data: null, fd: 3 + Math.floor(r() * 40), size: 8192 }]],
  [14, (r) => ['SYSCALL_WRITE_X', { res: Math.floor(r() * 4096), data: null, fd: 1 + Math.floor(r() * 40), size: 4096 }]],
  [8, (r) => ['SYSCALL_CLOSE_X', { res: 0, fd: 3 + Math.floor(r() * 60) }]],
  [8, (r) => ['SYSCALL_OPENAT_2_X', {
    fd: r() < 0.1 ? -2 : 3 + Math.floor(r() * 60), dirfd: PPM_AT_FDCWD,
    name: `${DIRS[Math.floor(r() * DIRS.length)]}/${NAMES[Math.floor(r() * NAMES.length)]}${r() < 0.3 ? `.${Math.floor(r() * 500)}` : ''}`,
    flags: r() < 0.8 ? 1 : 0x1006, mode: 0o644, dev: 0x803, ino: 100000 + Math.floor(r() * 1e6),
  }]],
  [8, (r) => ['SYSCALL_NEWFSTATAT_X', { res: r() < 0.2 ? -2 : 0, dirfd: PPM_AT_FDCWD, path: `${DIRS[Math.floor(r() * DIRS.length)]}/${NAMES[Math.floor(r() * NAMES.length)]}`, flags: 0 }]],
  [8, (r) => ['SYSCALL_FUTEX_X', { res: 0, addr: 0x7f0000000000 + Math.floor(r() * 1e6) * 8, op: 128, val: 1 }]],
  [6, (r) => ['SYSCALL_EPOLLWAIT_X', { res: Math.floor(r() * 4), maxevents: 64 }]],
  [4, (r) => ['SYSCALL_MMAP_X', { res: 0x7f0000000000 + Math.floor(r() * 1e9), vm_size: 200000, vm_rss: 50000, vm_swap: 0, addr: 0, length: 4096 * (1 + Math.floor(r() * 64)), prot: 3, flags: 34, fd: -1, offset: 0 }]],
  [4, (r) => ['SOCKET_RECVFROM_X', { res: Math.floor(r() * 1500), data: null, tuple: null, fd: 5 + Math.floor(r() * 20), size: 65536 }]],
  [3, (r) => ['SOCKET_SENDTO_X', { res: Math.floor(r() * 1500), data: null, fd: 5 + Math.floor(r() * 20), size: 1500, tuple: null }]],
  [3, (r) => ['SYSCALL_LSEEK_X', { res: Math.floor(r() * 1e6), fd: 3 + Math.floor(r() * 40), offset: Math.floor(r() * 1e6), whence: 0 }]],
  [2, (r) => ['SYSCALL_FCNTL_X', { res: 0, fd: 3 + Math.floor(r() * 40), cmd: 3, arg: 0 }]],
  [1, (r) => ['SYSCALL_GETDENTS64_X', { res: Math.floor(r() * 4096), fd: 3 + Math.floor(r() * 40) }]],
  [1, (r) => ['SOCKET_CONNECT_X', {
    res: r() < 0.2 ? -111 : 0, tuple: encodeSockTuple('10.0.0.5', 30000 + Math.floor(r() * 30000), '10.0.1.' + Math.floor(r() * 250), 443),
    fd: 5 + Math.floor(r() * 20), addr: encodeSockAddr('10.0.1.7', 443),
  }]],
  [1, (r) => ['SOCKET_SOCKET_X', { fd: 5 + Math.floor(r() * 20), domain: 2, type: 1, proto: 0, flags: 0 }]],
];
const TOTAL_WEIGHT = MIX.reduce((n, [w]) => n + w, 0);

/**
 * Yields `count` events: the mix above plus, every ~500 events, a process
 * lifecycle triplet (clone, execve, procexit) from the builder.
 */
export function* syntheticEvents(count: number, seed = 42): Generator<CapturedEvent> {
  const r = mulberry32(seed);
  const b = new CaptureBuilder();
  for (let i = 0; i < 200; i++) b.addThread({ tid: 1000 + i, comm: `worker${i % 20}`, exepath: `/usr/bin/worker${i % 20}` });
  let produced = 0;
  let nextTid = 5000;
  while (produced < count) {
    b.tick(Math.floor(-Math.log(1 - r()) * 2000) + 1);
    const tid = 1000 + Math.floor(r() * 200);
    const cpu = Math.floor(r() * 8);
    if (r() < 0.002 && count - produced >= 4) {
      const child = nextTid++;
      b.spawn(tid, child, { cpu });
      b.exec(child, { exepath: '/usr/bin/git', args: ['status', '--short'], env: ['HOME=/home/alice', 'PATH=/usr/bin:/bin'] }, cpu);
      b.exit(child, 0, cpu);
      const made = b.events.splice(0);
      produced += made.length;
      yield* made;
      continue;
    }
    let pick = r() * TOTAL_WEIGHT;
    let shape = MIX[0]![1];
    for (const [w, s] of MIX) {
      if ((pick -= w) < 0) { shape = s; break; }
    }
    const [id, params] = shape(r, tid);
    produced++;
    yield makeEvent(b.now, tid, id, params, cpu);
  }
}

/** A builder whose snapshot matches the threads syntheticEvents uses. */
export function syntheticBuilder(): CaptureBuilder {
  const b = new CaptureBuilder({ options: { source: 'bench synthetic workload' } });
  for (let i = 0; i < 200; i++) {
    b.addThread({ tid: 1000 + i, comm: `worker${i % 20}`, exepath: `/usr/bin/worker${i % 20}`, fds: [{ fd: 3, type: 'file', name: '/var/log/app.log' }] });
  }
  return b;
}

/**
 * The synthetic workload written as a capture (the default codec, as `falco-ts record`
 * writes) for the benches that read files; returns the events written.
 */
export function writeSyntheticCapture(file: string, events: number, seed = 42): number {
  const b = syntheticBuilder();
  const w = CaptureWriter.create(file, b.header);
  w.writeSnapshot(b.snapshot);
  let written = 0;
  for (const e of syntheticEvents(events, seed)) {
    w.writeEvent(e);
    written++;
  }
  w.close();
  return written;
}
