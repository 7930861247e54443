// `falco-ts diff` on real recordings (fixtures/diff-*.fcap, made with
// `falco-ts record` by scripts/record-fixtures.sh): the same workload twice,
// once without its suspicious action, once with one more binary and one more
// connection; and two rule sets on one recording.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlertIdentity } from '../../src/diff/alert-key.js';
import { ROOT, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir();
const F = (name: string): string => `fixtures/diff-${name}.fcap`;
const UPSTREAM = path.resolve(ROOT, '../shared/upstream-rules');
const upstream = fs.existsSync(UPSTREAM);
if (!upstream) console.warn(`SKIPPING the upstream-rules diff test: ${UPSTREAM} is absent`);

interface DiffJson {
  differs: boolean;
  rules: { rule: string; priority: string; a: number; b: number; delta: number }[];
  only_a: { rule: string; priority: string; output: string; count: number }[];
  only_b: { rule: string; priority: string; output: string; count: number }[];
  behaviour: Record<string, { only_a: string[]; only_b: string[] }>;
}

function diffJson(args: string[]): { status: number | null; json: DiffJson; stderr: string } {
  const r = runCli(['diff', ...args, '--json']);
  return { status: r.status, json: JSON.parse(r.stdout) as DiffJson, stderr: r.stderr };
}

const noBehaviour = (j: DiffJson): boolean => Object.values(j.behaviour).every((b) => b.only_a.length + b.only_b.length === 0);

describe('falco-ts diff of two recordings', () => {
  it('finds exactly the rule of the removed suspicious action, its alert only in A, and exits 1', () => {
    const { status, json } = diffJson([F('base'), F('quiet')]);
    expect(status).toBe(1);
    expect(json.rules).toEqual([{ rule: 'Secret file read by an untrusted program', priority: 'Warning', a: 1, b: 0, delta: -1 }]);
    expect(json.only_a).toEqual([expect.objectContaining({ rule: 'Secret file read by an untrusted program', count: 1, output: expect.stringContaining('file=/etc/shadow process=cat') })]);
    expect(json.only_b).toEqual([]);
    expect(json.behaviour.sensitive_files_read).toEqual({ only_a: ['/etc/shadow'], only_b: [] });
  });

  it('finds nothing between a recording and itself, exit 0', () => {
    const r = runCli(['diff', F('base'), F('base')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Rules:\n  no rule fired a different number of times\n\nAlerts only in A (0):\n  none\n\nAlerts only in B (0):\n  none\n\nBehaviour:\n  the same in both\n\nNo differences.\n');
  });

  it('normalises pids, times and fd numbers: two recordings of the same workload have no rule or alert difference', () => {
    const { status, json } = diffJson([F('base'), F('base-again')]);
    expect(json.rules).toEqual([]);
    expect(json.only_a).toEqual([]);
    expect(json.only_b).toEqual([]);
    expect(status).toBe(noBehaviour(json) ? 0 : 1);
  });

  it.skipIf(!upstream)('normalises the upstream rules\' outputs too (gparents, pids, terminals)', () => {
    const rules = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].flatMap((f) => ['-r', path.join(UPSTREAM, f)]);
    const { json } = diffJson([F('base'), F('base-again'), ...rules, '--all']);
    expect(json.rules.length).toBeGreaterThan(0); // --all: rules that fired on either side, here with delta 0
    expect(json.rules.every((r) => r.delta === 0)).toBe(true);
    expect(json.only_a).toEqual([]);
    expect(json.only_b).toEqual([]);
  });

  it('lists one extra binary and one extra connection in the behaviour section', () => {
    const { status, json } = diffJson([F('base'), F('extra')]);
    expect(status).toBe(1);
    expect(json.rules).toEqual([]);
    expect(json.behaviour.executables).toEqual({ only_a: [], only_b: ['/usr/bin/id'] });
    expect(json.behaviour.outbound_endpoints).toEqual({ only_a: [], only_b: ['udp 127.0.0.1:18082'] });
    const text = runCli(['diff', F('base'), F('extra')]).stdout;
    expect(text).toContain('  Executables run:\n    + /usr/bin/id   (only in B)\n');
    expect(text).toContain('  Outbound connections:\n    + udp 127.0.0.1:18082   (only in B)\n');
  });

  it('compares case databases as it compares their captures', () => {
    for (const name of ['base', 'quiet']) expect(runCli(['index', F(name), '-o', path.join(dir, `${name}.db`)]).status).toBe(0);
    const fromDb = diffJson([path.join(dir, 'base.db'), path.join(dir, 'quiet.db')]);
    const fromCaptures = diffJson([F('base'), F('quiet')]);
    expect(fromDb.status).toBe(1);
    expect({ ...fromDb.json, a: undefined, b: undefined }).toEqual({ ...fromCaptures.json, a: undefined, b: undefined });
  });

  it('writes Markdown for a pull request or a CI job summary', () => {
    const r = runCli(['diff', F('base'), F('quiet'), '--markdown']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('## falco-ts diff\n');
    expect(r.stdout).toContain('| Rule | Priority | A | B | Delta |\n|---|---|--:|--:|--:|\n| Secret file read by an untrusted program | Warning | 1 | 0 | -1 |\n');
    expect(r.stdout).toContain('### Alerts only in A (1)');
  });
});

describe('falco-ts diff of two rule sets on one recording', () => {
  it('lists the rule B disables and the rule B adds, with their alerts', () => {
    const extra = path.join(dir, 'change.yaml');
    fs.writeFileSync(extra, [
      '- rule: Secret file read by an untrusted program', '  enabled: false', '',
      '- rule: Listener opened', '  desc: a process started listening for connections', '  condition: evt.type = listen and evt.res = SUCCESS',
      '  output: Listener opened (process=%proc.name address=%fd.name)', '  priority: NOTICE', '',
    ].join('\n'));
    const { status, json } = diffJson([F('base'), '--rules-a', 'rules', '--rules-b', 'rules', '--rules-b', extra]);
    expect(status).toBe(1);
    expect(json.rules).toEqual([
      { rule: 'Secret file read by an untrusted program', priority: 'Warning', a: 1, b: 0, delta: -1 },
      { rule: 'Listener opened', priority: 'Notice', a: 0, b: 1, delta: 1 },
    ]);
    expect(json.only_a.map((a) => a.rule)).toEqual(['Secret file read by an untrusted program']);
    expect(json.only_b).toEqual([{ rule: 'Listener opened', priority: 'Notice', output: 'Listener opened (process=python3 address=127.0.0.1:18080)', count: 1 }]);
    expect(noBehaviour(json)).toBe(true);
  });

  it('rejects inconsistent inputs with exit 2', () => {
    expect(runCli(['diff', F('base')]).status).toBe(2);
    expect(runCli(['diff', F('base'), F('quiet'), F('extra')]).status).toBe(2);
    expect(runCli(['diff', F('base'), F('quiet'), '--rules-a', 'rules', '--rules-b', 'rules']).status).toBe(2);
    expect(runCli(['diff', F('base'), 'no/such.fcap']).stderr).toContain('no/such.fcap');
  });
});

describe('alert identity', () => {
  it('leaves volatile fields out and ephemeral ports masked; --ignore adds fields', () => {
    const id = new AlertIdentity();
    const a = { 'proc.pid': 10, 'evt.time': 1, 'fd.name': '10.0.0.5:54321->10.0.0.7:443', 'proc.name': 'curl', 'container.id': 'aaa', 'proc.apid[2]': 3 };
    const b = { 'proc.pid': 99, 'evt.time': 2, 'fd.name': '10.0.0.5:40000->10.0.0.7:443', 'proc.name': 'curl', 'container.id': 'bbb', 'proc.apid[2]': 4 };
    expect(id.key('r', a)).toBe(id.key('r', b));
    expect(id.key('r', a)).not.toBe(id.key('r', { ...b, 'fd.name': '10.0.0.5:40000->10.0.0.7:8443' }));
    expect(id.key('r', a)).not.toBe(id.key('other', a));
    expect(id.key('r', { ...a, 'fd.cport': 50000 })).toBe(id.key('r', { ...a, 'fd.cport': 60000 }));
    expect(id.key('r', { ...a, 'fd.cport': 443 })).not.toBe(id.key('r', { ...a, 'fd.cport': 8443 }));
    expect(id.key('r', { ...a, 'user.name': 'x' })).not.toBe(id.key('r', { ...a, 'user.name': 'y' }));
    const ignoring = new AlertIdentity(['user.name']);
    expect(ignoring.key('r', { ...a, 'user.name': 'x' })).toBe(ignoring.key('r', { ...a, 'user.name': 'y' }));
  });
});

describe('falco-ts diff output through a pipe', () => {
  it('writes all of a large JSON document before exiting 1', async () => {
    const { CaptureBuilder, PPM_O } = await import('../../src/capture/builder.js');
    const b = new CaptureBuilder({ hostname: 'pipe-test' });
    b.addUser({ uid: 0, name: 'root', home: '/root', shell: '/bin/sh' });
    b.addThread({ tid: 500, comm: 'vim', exepath: '/usr/bin/vim' });
    for (let i = 0; i < 1500; i++) {
      b.tick(1000).openat(500, `/etc/app/config-${i}.conf`, 3, PPM_O.WRONLY | PPM_O.CREAT);
      b.tick(1000).close(500, 3);
    }
    const many = path.join(dir, 'many.fcap');
    b.writeTo(many);
    // spawnSync reads stdout through a pipe, as `diff --json | jq` in CI would.
    const r = runCli(['diff', many, F('base'), '--json']);
    expect(r.status).toBe(1);
    expect(r.stdout.length).toBeGreaterThan(65536);
    const json = JSON.parse(r.stdout) as DiffJson;
    expect(json.only_a.filter((a) => a.rule === 'Write below /etc')).toHaveLength(1500);
  });
});
