// Random but valid capture contents for property tests: any event type of the
// table with values of each parameter's wire type, and random state.
import { allEvents } from '../../src/capture/event-schema.js';
import type { CapturedEvent, FdSnapshot, ParamValue, StateSnapshot, ThreadSnapshot } from '../../src/capture/model.js';
import { FD_TYPES } from '../../src/capture/model.js';
import { defaultThread } from '../../src/capture/builder.js';
import { mulberry32 } from '../../bench/workload.js';

export type Rng = () => number;

export const rngFor = mulberry32;

const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)]!;

const STRINGS = ['', '/etc/passwd', 'ünïcødé/路径', 'a'.repeat(300), 'with\nnewline', 'tab\there', '/tmp/x y'];

function randomString(r: Rng): string {
  return r() < 0.5 ? pick(r, STRINGS) : Array.from({ length: int(r, 40) }, () => String.fromCharCode(32 + int(r, 95))).join('');
}

function randomInteger(r: Rng): number | bigint {
  switch (int(r, 6)) {
    case 0: return int(r, 256);
    case 1: return -int(r, 1 << 30);
    case 2: return int(r, 2 ** 32);
    case 3: return Math.floor(r() * Number.MAX_SAFE_INTEGER) * (r() < 0.5 ? -1 : 1);
    case 4: return (1n << 63n) + BigInt(int(r, 1e9)); // beyond 2^53: stays a bigint
    default: return -(1n << 62n) - BigInt(int(r, 1e9));
  }
}

function randomBytes(r: Rng): Uint8Array {
  return Buffer.from(Array.from({ length: int(r, 64) }, () => int(r, 256)));
}

function randomParam(r: Rng, type: string): ParamValue {
  if (r() < 0.1) return null;
  switch (type) {
    case 'CHARBUF': case 'FSPATH': case 'FSRELPATH': return randomString(r);
    case 'BYTEBUF': case 'SOCKADDR': case 'SOCKTUPLE': case 'FDLIST': case 'DYN': return randomBytes(r);
    case 'DOUBLE': return r() * 1e6;
    default: return randomInteger(r);
  }
}

const EVENTS = allEvents();

export function randomEvents(r: Rng, count: number): CapturedEvent[] {
  const out: CapturedEvent[] = [];
  let ts = int(r, 1e9) - 5e8; // events may precede the time base
  for (let i = 0; i < count; i++) {
    ts += r() < 0.05 ? -int(r, 1e6) : int(r, 1e7); // CPUs interleave: not always increasing
    const info = pick(r, EVENTS);
    out.push({ ts, cpu: int(r, 64), tid: int(r, 4_000_000), type: info.code, params: info.params.map((p) => randomParam(r, p.type)) });
  }
  return out;
}

function randomFd(r: Rng, fd: number): FdSnapshot {
  const type = pick(r, FD_TYPES);
  const base: FdSnapshot = { fd, type, name: randomString(r) };
  if (type === 'file') return { ...base, openFlags: int(r, 1 << 15), ino: randomInteger(r), dev: int(r, 2 ** 32) };
  if (type === 'ipv4' || type === 'ipv6') return { ...base, tuple: { l4proto: 'tcp', sip: '10.0.0.1', sport: int(r, 65536), dip: '::1', dport: int(r, 65536) } };
  return base;
}

function randomThread(r: Rng): ThreadSnapshot {
  const tid = 1 + int(r, 4_000_000);
  return defaultThread({
    tid, pid: tid, comm: randomString(r).slice(0, 15), exepath: randomString(r), args: [randomString(r), randomString(r)],
    env: ['A=1', randomString(r)], cwd: randomString(r), uid: int(r, 65536), loginuid: r() < 0.5 ? 0xffffffff : 1000,
    cgroups: ['cpuset=/', `memory=/docker/${'ab'.repeat(32)}`], capEffective: randomInteger(r),
    startTs: 1_700_000_000_000_000_000n + BigInt(int(r, 1e12)), exeInoCtime: BigInt(int(r, 1e15)),
    exeUpperLayer: r() < 0.5, fds: Array.from({ length: int(r, 6) }, (_, i) => randomFd(r, i)),
  });
}

export function randomSnapshot(r: Rng): StateSnapshot {
  return {
    ts: int(r, 1e9),
    threads: Array.from({ length: int(r, 20) }, () => randomThread(r)),
    users: [{ uid: 0, gid: 0, name: 'root', home: '/root', shell: '/bin/sh', container: '' }],
    groups: [{ gid: 0, name: 'root', container: '' }],
    containers: r() < 0.5 ? [] : [{ id: 'ab'.repeat(32), runtime: 'docker', name: 'web', image: 'nginx', imageTag: 'latest', imageDigest: '', imageId: '', privileged: r() < 0.5, labels: { a: 'b' } }],
  };
}
