// `falco-ts record` with the real probe, driven through the CLI as a user
// would, and the recording checked event by event.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventInfo } from '../../src/capture/event-schema.js';
import type { CaptureStats, CapturedEvent, ParamValue, StateSnapshot } from '../../src/capture/model.js';
import { CaptureReader } from '../../src/capture/reader.js';
import { ROOT, runCli } from '../support/cli.js';
import { PROBE_SKIP } from '../support/probe.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir();

interface Ev {
  ts: number;
  tid: number;
  name: string;
  p: Record<string, ParamValue>;
}

interface Recording {
  events: Ev[];
  snapshot: StateSnapshot | null;
  stats: CaptureStats | null;
  damage: number;
}

function load(file: string): Recording {
  const opened = CaptureReader.open(file);
  if (!opened.ok) throw new Error(opened.error.message);
  const rec: Recording = { events: [], snapshot: null, stats: null, damage: 0 };
  for (const item of opened.reader.items()) {
    if (item.kind === 'events') rec.events.push(...item.events.map(named));
    if (item.kind === 'snapshot') rec.snapshot ??= item.snapshot;
    if (item.kind === 'stats') rec.stats = item.stats;
    if (item.kind === 'damage') rec.damage++;
  }
  opened.reader.close();
  return rec;
}

function named(e: CapturedEvent): Ev {
  const info = eventInfo(e.type)!;
  return { ts: e.ts, tid: e.tid, name: info.name, p: Object.fromEntries(info.params.map((p, i) => [p.name, e.params[i] ?? null])) };
}

/** Waits until a recording has written `bytes` (its header, snapshot and some event blocks), or 30 s. */
async function grown(file: string, bytes: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (fs.existsSync(file) && fs.statSync(file).size >= bytes) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const text = (v: ParamValue): string => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : String(v));
const list = (v: ParamValue): string[] => text(v).split('\0').filter(Boolean);

describe.skipIf(PROBE_SKIP !== undefined)('falco-ts record (real eBPF probe)', () => {
  it('records a command tree: execve with argv and parent, openat, write, close, exits', () => {
    const file = path.join(dir, 'shadow.fcap');
    const out = path.join(dir, 'f.txt');
    const r = runCli(['record', '-o', file, '--', 'sh', '-c', `cat /etc/shadow >/dev/null; echo x > ${out}; exit 3`]);
    expect(r.stderr).toMatch(/recorded \d+ events, 0 dropped/);
    expect(r.status).toBe(3); // the command's status passes through
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const rec = load(file);
    expect(rec.damage).toBe(0);

    const execs = rec.events.filter((e) => e.name === 'execve' && e.p.res === 0);
    const sh = execs.find((e) => e.p.comm === 'sh')!;
    const cat = execs.find((e) => e.p.comm === 'cat')!;
    expect(list(sh.p.args!)).toEqual(['-c', `cat /etc/shadow >/dev/null; echo x > ${out}; exit 3`]);
    expect(cat.p.exe).toBe('cat');
    expect(list(cat.p.args!)).toEqual(['/etc/shadow']);
    expect(cat.p.ptid).toBe(sh.p.pid); // lineage: cat's parent is the shell
    expect(cat.p.trusted_exepath).toMatch(/\/cat$/);
    expect(cat.p.filename).toMatch(/\/cat$/);
    // The shell's parent is the recorder's helper, which the snapshot knows.
    expect(rec.snapshot!.threads.some((t) => t.tid === sh.p.ptid)).toBe(true);

    const shadow = rec.events.find((e) => e.name === 'openat' && e.p.name === '/etc/shadow' && e.tid === cat.tid)!;
    expect(shadow.p.flags).toBe(1); // PPM_O_RDONLY
    expect(shadow.p.dirfd).toBe(-100);
    expect(Number(shadow.p.fd)).toBeGreaterThanOrEqual(0);
    expect(Number(shadow.p.ino)).toBeGreaterThan(0);
    const read = rec.events.find((e) => e.name === 'read' && e.tid === cat.tid && e.p.fd === shadow.p.fd)!;
    expect(Number(read.p.res)).toBeGreaterThan(0);
    expect(rec.events.some((e) => e.name === 'close' && e.tid === cat.tid && e.p.fd === shadow.p.fd && e.p.res === 0)).toBe(true);

    const created = rec.events.find((e) => e.name === 'openat' && e.p.name === out)!;
    expect(created.p.flags).toBe(2 | 4 | 256); // WRONLY|CREAT|TRUNC
    expect(created.tid).toBe(sh.tid);
    const write = rec.events.find((e) => e.name === 'write' && e.tid === sh.tid && e.p.res === 2)!;
    expect(write).toBeDefined();

    const exits = rec.events.filter((e) => e.name === 'procexit');
    expect(exits.map((e) => e.tid)).toEqual(expect.arrayContaining([cat.tid, sh.tid]));
    expect(exits.find((e) => e.tid === sh.tid)!.p.ret).toBe(3);

    expect(rec.stats).not.toBeNull();
    expect(rec.stats!.drops).toBe(0);
    expect(rec.stats!.events).toBe(rec.events.length);
  });

  it('matches strace -f -c counts of execve, openat and connect on a deterministic workload', () => {
    const bin = path.join(dir, 'workload');
    execFileSync('cc', ['-O1', '-o', bin, path.join(ROOT, 'test/record/workload.c')]);
    const args = ['25', '4', '3'];
    const st = spawnSync('strace', ['-f', '-c', '-o', path.join(dir, 'strace.txt'), bin, ...args]);
    expect(st.status).toBe(0);
    const counts = new Map<string, number>();
    for (const line of fs.readFileSync(path.join(dir, 'strace.txt'), 'utf8').split('\n')) {
      const cols = line.trim().split(/\s+/);
      if (cols.length >= 5 && /^\d+$/.test(cols[3]!)) counts.set(cols[cols.length - 1]!, Number(cols[3]));
    }
    const file = path.join(dir, 'workload.fcap');
    const r = runCli(['record', '-o', file, '--', bin, ...args]);
    expect(r.status).toBe(0);
    const rec = load(file);
    const ours = (name: string): number => rec.events.filter((e) => e.name === name).length;
    expect(ours('execve')).toBe(counts.get('execve'));
    expect(ours('openat')).toBe(counts.get('openat'));
    expect(ours('connect')).toBe(counts.get('connect'));
    expect(ours('connect')).toBe(4);
    const refused = rec.events.filter((e) => e.name === 'connect');
    expect(refused.every((e) => e.p.res === -111)).toBe(true); // ECONNREFUSED
    expect(Buffer.from(refused[0]!.p.addr as Uint8Array).toString('hex')).toBe('027f0000010100'); // AF_INET 127.0.0.1:1
    expect(rec.stats!.drops).toBe(0);
  });

  it('finalises a complete, readable file when interrupted with SIGINT during a busy recording', async () => {
    const file = path.join(dir, 'sigint.fcap');
    const busy = spawn('sh', ['-c', 'while :; do cat /etc/hostname > /dev/null; done'], { stdio: 'ignore' });
    try {
      const rec = spawn(process.execPath, [path.join(ROOT, 'bin/run.js'), 'record', '-o', file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      rec.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      await grown(file, 256 * 1024);
      rec.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => rec.on('close', resolve));
      expect(stderr).toMatch(/stopped: signal/);
      expect(code).toBe(0);
    } finally {
      busy.kill('SIGKILL');
    }
    const info = runCli(['info', '--json', file]);
    expect(info.status).toBe(0);
    const doc = JSON.parse(info.stdout);
    expect(doc.integrity).toEqual({ ok: true, footer: true, damage: [] });
    expect(doc.events).toBeGreaterThan(1000);
    expect(doc.events_by_type.execve).toBeGreaterThan(10);
    expect(doc.drops.drops).toBe(0);
    // The recorder never records itself.
    const ownPids = load(file).events.filter((e) => e.name === 'execve' && String(e.p.comm).startsWith('falco-ts'));
    expect(ownPids).toEqual([]);
  });

  it('stops at --max-events with exactly that many events', () => {
    const file = path.join(dir, 'max.fcap');
    const r = runCli(['record', '-o', file, '--max-events', '20', '--', 'sh', '-c', 'for i in 1 2 3 4 5 6 7 8; do cat /etc/hostname; done > /dev/null']);
    expect(r.stderr).toMatch(/stopped: max-events/);
    expect(load(file).events.length).toBe(20);
  });
});

describe.skipIf(PROBE_SKIP !== undefined)('falco-ts record: parameters and robustness (real eBPF probe)', () => {
  it('keeps --snaplen bytes of I/O data, limits from setrlimit/prlimit, and exe flags', () => {
    const file = path.join(dir, 'snaplen.fcap');
    const r = runCli(['record', '-o', file, '--snaplen', '16', '--', 'sh', '-c', 'ulimit -n 512; echo hello-world-0123456789 > /dev/null']);
    expect(r.status).toBe(0);
    const rec = load(file);
    const write = rec.events.find((e) => e.name === 'write' && e.p.res === 23)!;
    expect(Buffer.from(write.p.data as Uint8Array).toString()).toBe('hello-world-0123');
    const limits = rec.events.filter((e) => (e.name === 'prlimit' || e.name === 'setrlimit') && e.p.resource === 7); // RLIMIT_NOFILE
    expect(limits.map((e) => e.p.newcur ?? e.p.cur)).toContain(512);
    const exec = rec.events.find((e) => e.name === 'execve' && e.p.comm === 'sh')!;
    expect(Number(exec.p.flags) & 1).toBe(1); // root may write /bin/sh: PPM_EXE_WRITABLE
    expect(Number(exec.p.flags) & (2 | 8)).toBe(0); // not on overlayfs here
    expect(Number(exec.p.cap_effective)).toBeGreaterThan(0);
    expect(exec.p.loginuid).toBeTypeOf('number');
    expect(list(exec.p.cgroups!)[0]).toMatch(/^cpuset=\//);
  });

  it('records the attempted argv of a failed execve, and CPUs', () => {
    const file = path.join(dir, 'failed.fcap');
    runCli(['record', '-o', file, '--', 'sh', '-c', '/no/such/prog alpha beta 2>/dev/null; true']);
    const rec = load(file);
    const failed = rec.events.find((e) => e.name === 'execve' && e.p.filename === '/no/such/prog')!;
    expect(failed.p.res).toBe(-2); // ENOENT
    expect(failed.p.exe).toBe('/no/such/prog');
    expect(list(failed.p.args!)).toEqual(['alpha', 'beta']);
    const opened = CaptureReader.open(file);
    if (!opened.ok) throw new Error(opened.error.message);
    const cpus = new Set([...opened.reader.items()].flatMap((i) => (i.kind === 'events' ? i.events.map((e) => e.cpu) : [])));
    opened.reader.close();
    expect([...cpus].every((c) => c >= 0 && c < os.cpus().length)).toBe(true);
  });

  it('records other syscalls as generic events with their PPM_SC code when asked for', () => {
    const file = path.join(dir, 'generic.fcap');
    const r = runCli(['record', '-o', file, '--events', 'clock_nanosleep,getpid', '--', 'sleep', '0.05']);
    expect(r.status).toBe(0);
    const generic = load(file).events.filter((e) => e.name === 'syscall');
    const sleeps = generic.filter((e) => e.p.nativeID === 230); // x86_64 clock_nanosleep
    expect(sleeps.length).toBeGreaterThan(0);
    expect(sleeps[0]!.p.ID).toBe(178); // PPM_SC_CLOCK_NANOSLEEP
    const info = runCli(['info', '--json', file]);
    expect(JSON.parse(info.stdout).events_by_type.clock_nanosleep).toBe(sleeps.length);
  });

  it('flags executables from an overlayfs upper or lower layer (container drift)', (ctx) => {
    const base = path.join(dir, 'ov');
    for (const d of ['lower', 'upper', 'work', 'merged']) fs.mkdirSync(path.join(base, d), { recursive: true });
    fs.copyFileSync('/bin/true', path.join(base, 'lower', 'from_image'));
    fs.copyFileSync('/bin/true', path.join(base, 'upper', 'dropped'));
    const mount = spawnSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${base}/lower,upperdir=${base}/upper,workdir=${base}/work`, `${base}/merged`]);
    if (mount.status !== 0) {
      ctx.skip(`overlayfs cannot be mounted here: ${mount.stderr.toString().trim()}`);
      return;
    }
    try {
      const file = path.join(dir, 'overlay.fcap');
      runCli(['record', '-o', file, '--', 'sh', '-c', `${base}/merged/from_image; ${base}/merged/dropped`]);
      const execs = load(file).events.filter((e) => e.name === 'execve' && e.p.res === 0);
      const flags = (comm: string): number => Number(execs.find((e) => e.p.comm === comm)!.p.flags);
      expect(flags('from_image') & (2 | 8)).toBe(8); // PPM_EXE_LOWER_LAYER
      expect(flags('dropped') & (2 | 8)).toBe(2); // PPM_EXE_UPPER_LAYER
      expect(execs.find((e) => e.p.comm === 'dropped')!.p.trusted_exepath).toBe(`${base}/merged/dropped`);
    } finally {
      spawnSync('umount', [`${base}/merged`]);
    }
  });

  it('records each hierarchy\'s cgroup path, so a process in a docker-style cgroup replays as in that container', (ctx) => {
    const id = 'c0ffee'.padEnd(64, '0');
    // cgroup v1 (a hierarchy per controller): the memory one; v2: the unified tree.
    const v1 = fs.existsSync('/sys/fs/cgroup/memory/cgroup.procs');
    const base = v1 ? '/sys/fs/cgroup/memory' : '/sys/fs/cgroup';
    const cg = path.join(base, 'docker', id);
    try {
      fs.mkdirSync(cg, { recursive: true });
    } catch (err) {
      ctx.skip(`cannot create a cgroup here: ${(err as Error).message}`);
      return;
    }
    try {
      const file = path.join(dir, 'cgroup.fcap');
      runCli(['record', '-o', file, '--', 'sh', '-c', `echo $$ > ${cg}/cgroup.procs; exec /bin/true`]);
      const exec = load(file).events.filter((e) => e.name === 'execve' && e.p.res === 0).at(-1)!;
      expect(exec.p.comm).toBe('true');
      const entries = list(exec.p.cgroups!);
      expect(entries.map((e) => e.slice(0, e.indexOf('=')))).toEqual(['cpuset', 'cpu', 'cpuacct', 'io', 'memory']);
      expect(entries).toContain(`memory=/docker/${id}`);
      const rules = path.join(dir, 'container.yaml');
      fs.writeFileSync(rules, '- rule: in container\n  desc: d\n  condition: evt.type = execve and container.id != host\n  output: "%proc.name %container.id"\n  priority: INFO\n');
      const r = runCli(['replay', file, '-r', rules, '--summary', 'none']);
      expect(r.stdout.trim()).toMatch(/: Informational true c0ffee000000$/);
    } finally {
      fs.rmdirSync(cg);
    }
  });

  it('records socket tuples and addresses of a TCP connection', async () => {
    const net = await import('node:net');
    const server = net.createServer((sock) => sock.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const file = path.join(dir, 'tcp.fcap');
      const client = `import socket; s = socket.create_connection(("127.0.0.1", ${port})); s.sendall(b"hi"); s.close()`;
      const r = await new Promise<number | null>((resolve) => {
        const p = spawn(process.execPath, [path.join(ROOT, 'bin/run.js'), 'record', '-o', file, '--', 'python3', '-c', client], { stdio: 'ignore' });
        p.on('close', resolve);
      });
      expect(r).toBe(0);
      const rec = load(file);
      const connect = rec.events.find((e) => e.name === 'connect' && e.p.res === 0)!;
      const tuple = Buffer.from(connect.p.tuple as Uint8Array);
      expect(tuple[0]).toBe(2); // AF_INET
      expect(tuple.subarray(1, 5).toString('hex')).toBe('7f000001');
      expect(tuple.readUInt16LE(5)).toBeGreaterThan(1024); // ephemeral source port
      expect(tuple.subarray(7, 11).toString('hex')).toBe('7f000001');
      expect(tuple.readUInt16LE(11)).toBe(port);
      const send = rec.events.find((e) => (e.name === 'sendto' || e.name === 'write') && e.p.fd === connect.p.fd && e.p.res === 2);
      expect(send).toBeDefined();
    } finally {
      server.close();
    }
  });

  it('leaves a file readable to its last whole block when the recorder is killed', async () => {
    const file = path.join(dir, 'killed.fcap');
    const busy = spawn('sh', ['-c', 'while :; do cat /etc/hostname > /dev/null; done'], { stdio: 'ignore' });
    try {
      const rec = spawn(process.execPath, [path.join(ROOT, 'bin/run.js'), 'record', '-o', file], { stdio: 'ignore' });
      await grown(file, 256 * 1024);
      rec.kill('SIGKILL');
      await new Promise((resolve) => rec.on('close', resolve));
    } finally {
      busy.kill('SIGKILL');
    }
    const info = runCli(['info', '--json', file]);
    expect(info.status).toBe(3);
    const doc = JSON.parse(info.stdout);
    expect(doc.events).toBeGreaterThan(1000);
    expect(doc.integrity.damage.map((d: { code: string }) => d.code)).toEqual([expect.stringMatching(/^(no-footer|truncated)$/)]);
    // The helper notices its reader is gone and exits rather than recording on.
    await new Promise((r) => setTimeout(r, 500));
    expect(spawnSync('pgrep', ['-f', 'falco-ts-probe --out-fd']).status).toBe(1);
  });
});

describe('falco-ts record usage errors', () => {
  it('rejects bad flag values with exit 2 and one line', () => {
    const r = runCli(['record', '-o', path.join(dir, 'x.fcap'), '--duration', 'soon', '--', 'true']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('falco-ts: invalid duration "soon" (use e.g. 500ms, 10s, 2m, 1h)\n');
  });

  it('says exactly what is missing when the probe is not built, with exit 4', () => {
    const r = runCli(['record', '-o', path.join(dir, 'x.fcap'), '--', 'true'], { FALCO_TS_PROBE: path.join(dir, 'no-probe') });
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('is missing: build it with `npm run build:native` (needs Debian packages clang, bpftool, libbpf-dev, libelf-dev, zlib1g-dev)');
  });
});
