// `falco-ts replay` over the bundled demo capture with the upstream rules:
// Falco's text lines, JSON objects and summary.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const UPSTREAM = path.resolve(ROOT, '../shared/upstream-rules');
const present = fs.existsSync(UPSTREAM);
if (!present) console.warn(`SKIPPING replay tests with upstream rules: ${UPSTREAM} is absent`);
const RULES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].flatMap((f) => ['-r', path.join(UPSTREAM, f)]);
const dir = tempDir();

describe.skipIf(!present)('falco-ts replay', () => {
  it('prints alerts and the summary as Falco does', () => {
    const r = runCli(['replay', 'fixtures/demo.fcap', ...RULES], { TZ: 'UTC' });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('00:00:00.346000000: Warning Sensitive file opened for reading by non-trusted program | file=/etc/shadow gparent=bash ggparent=sshd gggparent=sshd evt_type=openat user=root user_uid=0 user_loginuid=1000 process=cat proc_exepath=/usr/bin/cat parent=sudo command=cat /etc/shadow terminal=34816');
    expect(lines.filter((l) => /^\d\d:\d\d:\d\d\.\d{9}: /.test(l)).map((l) => l.split(': ')[1]!.split(' ')[0])).toEqual(['Warning', 'Notice', 'Error', 'Notice', 'Error', 'Warning']);
    expect(r.stdout).toContain('Events detected: 6\nRule counts by severity:\n   ERROR: 2\n   WARNING: 2\n   NOTICE: 2\nTriggered rules by rule name:\n   Read sensitive file untrusted: 1\n   Terminal shell in container: 1\n');
    expect(r.stderr).toBe('Syscall event drop monitoring:\n   - event drop detected: 0 occurrences\n   - num times actions taken: 0\n');
  });

  it('prints one JSON object per alert with Falco keys in order, hostname from the capture or FALCO_HOSTNAME', () => {
    const r = runCli(['replay', 'fixtures/demo.fcap', '--json', '--summary', 'none', ...RULES], { TZ: 'UTC' });
    expect(r.status).toBe(0);
    const alerts = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(alerts).toHaveLength(6);
    expect(Object.keys(alerts[0]!)).toEqual(['hostname', 'output', 'output_fields', 'priority', 'rule', 'source', 'tags', 'time']);
    expect(alerts[0]).toMatchObject({ hostname: 'web-01', priority: 'Warning', rule: 'Read sensitive file untrusted', source: 'syscall', time: '2026-01-01T00:00:00.346000000Z' });
    const fields = alerts[0]!.output_fields as Record<string, unknown>;
    expect(fields['evt.time']).toBe(1767225600346000000);
    expect(fields['fd.name']).toBe('/etc/shadow');
    expect(Object.keys(fields)).toEqual([...Object.keys(fields)].sort());
    const renamed = runCli(['replay', 'fixtures/demo.fcap', '--json', '--summary', 'none', ...RULES], { FALCO_HOSTNAME: 'ci' });
    expect(JSON.parse(renamed.stdout.split('\n')[0]!).hostname).toBe('ci');
  });

  it('replays what a damaged capture still holds, then exits 3', () => {
    const bytes = fs.readFileSync(path.join(ROOT, 'fixtures/demo.fcap'));
    const cut = path.join(dir, 'cut.fcap');
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 40));
    const r = runCli(['replay', cut, ...RULES], { TZ: 'UTC' });
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('Events detected: 6');
    expect(r.stderr).toMatch(new RegExp(`falco-ts: ${cut}: byte \\d+: truncated`));
  });
});

describe('falco-ts replay with the bundled default rules', () => {
  it('needs no -r: the demo capture raises the classic detections', () => {
    const r = runCli(['replay', 'fixtures/demo.fcap'], { TZ: 'UTC' });
    expect(r.status).toBe(0);
    const rules = [...r.stdout.matchAll(/^   (.+): 1$/gm)].map((m) => m[1]);
    expect(rules).toEqual([
      'Terminal shell in a container', 'Secret file read by an untrusted program', 'Write below a binary directory',
      'Shell startup file modified', 'Log file cleared', 'Shell history deleted', 'Package manager run in a container',
      'Remote copy tool run in a container',
    ]);
    expect(r.stdout).toContain('00:00:00.346000000: Warning Secret file read by an untrusted program (file=/etc/shadow process=cat parent=sudo command=cat /etc/shadow user=root container_id=host)');
    expect(runCli(['rules', 'validate', 'rules/']).stdout).toBe('rules/: Ok\n'.replace('rules/:', 'rules/falco-ts_rules.yaml:'));
  });
});

describe('falco-ts replay rule selection and output options', () => {
  it('honours --min-priority, rule and tag enabling, --time-format iso8601 and --output', () => {
    const high = runCli(['replay', 'fixtures/demo.fcap', '--min-priority', 'error', '--summary', 'none'], { TZ: 'UTC' });
    expect(high.stdout.trim().split('\n').map((l) => l.split(': ')[1]!.split(' ')[0])).toEqual(['Error', 'Error']);
    const out = path.join(dir, 'alerts.txt');
    const r = runCli(['replay', 'fixtures/demo.fcap', '--disable-tag', 'container', '--disable-rule', 'Shell*', '--time-format', 'iso8601', '-o', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Events detected: 3\n/);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.map((l) => l.slice(0, 36))).toEqual([
      '2026-01-01T00:00:00.346000000+0000: ', '2026-01-01T00:00:03.912000000+0000: ', '2026-01-01T00:00:04.417000000+0000: ',
    ]);
    const reenabled = runCli(['replay', 'fixtures/demo.fcap', '--disable-tag', 'container', '--enable-rule', 'Terminal shell*', '--summary', 'none']);
    expect(reenabled.stdout).not.toContain('Interactive shell started');
    expect(runCli(['replay', 'fixtures/demo.fcap', '--min-priority', 'loud']).status).toBe(2);
    const table = runCli(['replay', 'fixtures/demo.fcap', '--summary', 'table', '-o', out]);
    expect(table.stdout).toMatch(/^Events detected: 8\n/);
    expect(table.stdout).toMatch(/│ WARNING +│ +4 │/);
    expect(table.stdout).toMatch(/│ Secret file read by an untrusted program +│ Warning +│ +1 │/);
    expect(table.stdout).not.toMatch(/\x1b\[/); // no colour when not a TTY
  });

  it('evaluates rules only inside the --since/--until window, with state from before it', () => {
    const r = runCli(['replay', 'fixtures/demo.fcap', '--since', '+1.5s', '--until', '2026-01-01T00:00:04.2Z', '--summary', 'none'], { TZ: 'UTC' });
    expect(r.status).toBe(0);
    const times = r.stdout.trim().split('\n').map((l) => l.slice(0, 18));
    expect(times).toEqual(['00:00:01.855000000', '00:00:03.879000000', '00:00:03.912000000']);
    expect(r.stdout).toContain('container_id=3ad7b26ded6d'); // the shell's container, known from before the window
    expect(runCli(['replay', 'fixtures/demo.fcap', '--since', 'yesterday']).status).toBe(2);
  });
});

describe('falco-ts replay usage errors', () => {
  it('exits 2 on a rules error, a missing capture, or no capture', () => {
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, '- rule: x\n  desc: d\n  condition: evt.type = nosuch\n  output: o\n  priority: INFO\n');
    const r = runCli(['replay', 'fixtures/demo.fcap', '-r', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}:3:14: error: unknown event type nosuch`);
    expect(runCli(['replay', 'no/such.fcap', '-r', bad]).status).toBe(2);
    expect(runCli(['replay']).status).toBe(2);
  });
});

describe('falco-ts replay progress', () => {
  const script = spawnSync('script', ['--version']).status === 0;
  if (!script) console.warn('SKIPPING the replay progress test: script(1) from util-linux is not installed');

  it.skipIf(!script)('redraws a progress line on stderr when it is a terminal, and erases it', () => {
    // script(1) runs the CLI on a pseudo-terminal: stdout and stderr are both the terminal.
    const r = spawnSync('script', ['-qc', `${process.execPath} bin/run.js replay fixtures/intrusion.fcap --summary none -o /dev/null`, '/dev/null'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\r\x1b\[Kreplaying: 541 events of 541 \(100%\), \d+k events\/s\r\x1b\[K$/);
  });

  it('prints nothing for progress when stderr is not a terminal', () => {
    const r = runCli(['replay', 'fixtures/intrusion.fcap', '--summary', 'none', '-o', '/dev/null']);
    expect(r.stderr).toBe('');
  });
});

describe('falco-ts replay --hostname', () => {
  it('names the host in JSON alerts, over FALCO_HOSTNAME and the recording host', () => {
    const r = runCli(['replay', 'fixtures/demo.fcap', '--json', '--summary', 'none', '--hostname', 'case-42'], { FALCO_HOSTNAME: 'ci' });
    const hosts = new Set(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { hostname: string }).hostname));
    expect([...hosts]).toEqual(['case-42']);
  });
});
