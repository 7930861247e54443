// With the real state engine and fields: programmatic captures run through
// the stacked upstream rules fire the rules their events should fire, and no others.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureBuilder, PPM_O } from '../../src/capture/builder.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { RuleEngine } from '../../src/engine/rule-engine.js';
import type { Alert } from '../../src/engine/rule-engine.js';
import { ROOT } from '../support/cli.js';

const UPSTREAM = path.resolve(ROOT, '../shared/upstream-rules');
const present = fs.existsSync(UPSTREAM);
if (!present) console.warn(`SKIPPING upstream scenario tests: ${UPSTREAM} is absent`);

const CONTAINER = '3ad7b26ded6d8e7e2a3c45b5f3c2a0f9e0c1d5b7a8f6e4d3c2b1a09f8e7d6c5b';

function run(b: CaptureBuilder): Alert[] {
  const rules = loadRules(['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) => path.join(UPSTREAM, f)));
  expect(rules.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const engine = new RuleEngine(rules.rules, b.timeBaseNs, 'all');
  expect(engine.problems).toEqual([]);
  engine.loadSnapshot(b.snapshot);
  const alerts: Alert[] = [];
  for (const e of b.events) engine.process(e, (a) => alerts.push(a));
  return alerts;
}

function host(): CaptureBuilder {
  const b = new CaptureBuilder();
  b.addUser({ uid: 0, name: 'root', home: '/root', shell: '/bin/bash' });
  b.addUser({ uid: 1000, name: 'alice' });
  b.addThread({ tid: 1, ppid: 0, comm: 'systemd', exepath: '/usr/lib/systemd/systemd' });
  b.addThread({ tid: 800, comm: 'sshd', exepath: '/usr/sbin/sshd' });
  b.addThread({ tid: 900, ppid: 800, comm: 'bash', exepath: '/usr/bin/bash', uid: 1000, gid: 1000, loginuid: 1000, tty: 34816, cwd: '/home/alice' });
  return b;
}

describe.skipIf(!present)('upstream rules on programmatic captures', () => {
  it('cat /etc/shadow by an untrusted program → Read sensitive file untrusted', () => {
    const b = host();
    b.tick(1000).spawn(900, 901);
    b.tick(1000).exec(901, { exepath: '/usr/bin/cat', args: ['/etc/shadow'], uid: 0, gid: 0 });
    b.tick(1000).openat(901, '/etc/shadow', 3, PPM_O.RDONLY);
    b.tick(1000).read(901, 3, 900);
    b.tick(1000).close(901, 3);
    b.tick(1000).exit(901);
    const alerts = run(b);
    expect(alerts.map((a) => a.rule.name)).toEqual(['Read sensitive file untrusted']);
    expect(alerts[0]!.output).toContain('file=/etc/shadow');
    expect(alerts[0]!.outputFields['proc.name']).toBe('cat');
  });

  it('a symlink over /etc/shadow → Create Symlink Over Sensitive Files', () => {
    const b = host();
    b.tick(1000).spawn(900, 902);
    b.tick(1000).exec(902, { exepath: '/usr/bin/ln', args: ['-s', '/etc/shadow', '/tmp/s'] });
    b.tick(1000).emit(902, 'SYSCALL_SYMLINKAT_X', { res: 0, target: '/etc/shadow', linkdirfd: -100, linkpath: '/tmp/s' });
    b.tick(1000).exit(902);
    expect(run(b).map((a) => a.rule.name)).toEqual(['Create Symlink Over Sensitive Files']);
  });

  it('an interactive shell in a container → Terminal shell in container', () => {
    const b = host();
    const cgroups = [`cpuset=/system.slice/docker-${CONTAINER}.scope`, `memory=/system.slice/docker-${CONTAINER}.scope`];
    b.addThread({ tid: 3100, comm: 'containerd-shim', exepath: '/usr/bin/containerd-shim-runc-v2' });
    b.addThread({ tid: 3150, ppid: 3100, comm: 'runc', exepath: '/usr/bin/runc', cgroups });
    b.tick(1000).spawn(3150, 3300);
    b.tick(1000).exec(3300, { exepath: '/bin/bash', exe: 'bash', args: [], cgroups, tty: 34817, uid: 0 });
    const alerts = run(b);
    expect(alerts.map((a) => a.rule.name)).toEqual(['Terminal shell in container']);
    expect(alerts[0]!.output).toMatch(/shell was spawned in a container/);
    expect(alerts[0]!.outputFields['proc.name']).toBe('bash');
  });

  it('ordinary activity raises nothing', () => {
    const b = host();
    b.tick(1000).spawn(900, 903);
    b.tick(1000).exec(903, { exepath: '/usr/bin/ls', args: ['-l'] });
    b.tick(1000).openat(903, '/home/alice/notes.txt', 3);
    b.tick(1000).close(903, 3);
    b.tick(1000).exit(903);
    expect(run(b)).toEqual([]);
  });
});
