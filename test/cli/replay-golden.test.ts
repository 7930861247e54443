// Golden files, the CI use of replay: the real CLI over the real-probe fixture
// with its stored golden files, the --update-expect/--expect round trip, and
// what a changed rule set or a broken golden file does.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const FIXTURE = 'fixtures/intrusion.fcap';
const UPSTREAM = path.resolve(ROOT, '../shared/upstream-rules');
const upstream = fs.existsSync(UPSTREAM);
if (!upstream) console.warn(`SKIPPING the upstream golden test: ${UPSTREAM} is absent`);
const dir = tempDir();

describe('replay --expect', () => {
  it('matches the fixture golden file made with the bundled rules', () => {
    const r = runCli(['replay', FIXTURE, '--expect', 'fixtures/intrusion.golden'], { TZ: 'America/Chicago' });
    expect(r.stderr).not.toContain('golden mismatch');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Events detected: 12\n');
  });

  it.skipIf(!upstream)('matches the fixture golden file made with the upstream rules stacked', () => {
    const rules = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].flatMap((f) => ['-r', path.join(UPSTREAM, f)]);
    const r = runCli(['replay', FIXTURE, ...rules, '--expect', 'fixtures/intrusion.upstream.golden', '--summary', 'none']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('round-trips: --update-expect writes what --expect then accepts', () => {
    const golden = path.join(dir, 'round.golden');
    const w = runCli(['replay', FIXTURE, '--expect', golden, '--update-expect', '--summary', 'none']);
    expect(w.status).toBe(0);
    expect(w.stderr).toBe(`falco-ts: ${golden}: golden file written (12 alerts, 10 rules)\n`);
    const lines = fs.readFileSync(golden, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('{"falco_ts_golden":1}');
    expect(lines[1]).toBe('{"count":2,"rule":"Terminal shell in a container","priority":"Notice"}');
    expect(JSON.parse(lines[11]!)).toMatchObject({ rule: 'Secret file read by an untrusted program', priority: 'Warning' });
    expect(Object.keys(JSON.parse(lines[11]!))).toEqual(['time', 'rule', 'priority', 'output']);
    expect(runCli(['replay', FIXTURE, '--expect', golden, '--summary', 'none']).status).toBe(0);
  });

  it('fails with a unified diff when a rule changed', () => {
    const golden = path.join(dir, 'changed.golden');
    fs.copyFileSync(path.join(ROOT, 'fixtures/intrusion.golden'), golden);
    const rules = path.join(dir, 'changed_rules.yaml');
    const text = fs.readFileSync(path.join(ROOT, 'rules/falco-ts_rules.yaml'), 'utf8');
    fs.writeFileSync(rules, text.replace('output: Log file truncated (', 'output: Log emptied ('));
    const r = runCli(['replay', FIXTURE, '-r', rules, '--expect', golden, '--summary', 'none']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`falco-ts: ${golden}: golden mismatch: 1 expected line(s) missing, 1 unexpected line(s)\n--- ${golden} (expected)\n+++ this replay\n@@ -`);
    expect(r.stderr).toMatch(/\n-\{"time":"[^"]+","rule":"Log file cleared","priority":"Warning","output":"Log file truncated \(file=\/var\/log\/falco-ts-fixture.log/);
    expect(r.stderr).toMatch(/\n\+\{"time":"[^"]+","rule":"Log file cleared","priority":"Warning","output":"Log emptied \(file=/);
    // The alerts themselves are still printed.
    expect(r.stdout).toContain('Log emptied (file=/var/log/falco-ts-fixture.log');
  });

  it('fails when a rule is disabled: its count and alert lines go missing', () => {
    const r = runCli(['replay', FIXTURE, '--disable-tag', 'container', '--expect', 'fixtures/intrusion.golden', '--summary', 'none']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('golden mismatch: 7 expected line(s) missing, 0 unexpected line(s)');
    expect(r.stderr).toContain('\n-{"count":2,"rule":"Terminal shell in a container","priority":"Notice"}\n');
  });

  it('rejects a missing or malformed golden file with exit 2, naming file and line', () => {
    const missing = runCli(['replay', FIXTURE, '--expect', path.join(dir, 'nope.golden')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`falco-ts: ${path.join(dir, 'nope.golden')}: cannot read golden file: no such file (write it with --update-expect)\n`);
    const bad = path.join(dir, 'bad.golden');
    fs.writeFileSync(bad, '{"falco_ts_golden":1}\n{"count":1,"rule":"x","priority":"Warning"}\n{"time":"t","rule":"x"\n');
    const r = runCli(['replay', FIXTURE, '--expect', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^falco-ts: ${bad}:3: not JSON: `));
    expect(r.stdout).toBe('');
    fs.writeFileSync(bad, '{"alerts":[]}\n');
    expect(runCli(['replay', FIXTURE, '--expect', bad]).stderr).toBe(`falco-ts: ${bad}:1: not a falco-ts golden file (version 1 header expected)\n`);
  });

  it('needs --expect for --update-expect', () => {
    const r = runCli(['replay', FIXTURE, '--update-expect']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--expect');
  });
});
