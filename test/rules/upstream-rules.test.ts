// The four upstream Falco rules files load unmodified, alone and stacked, with
// the rule counts, enabled flags and event-type sets that Falco computes
// (../shared/reference/rules-analysis.md §6).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import { ROOT, runCli } from '../support/cli.js';

const SHARED = path.resolve(ROOT, '../shared');
const UPSTREAM = path.join(SHARED, 'upstream-rules');
const present = fs.existsSync(UPSTREAM);
if (!present) console.warn(`SKIPPING upstream rules tests: ${UPSTREAM} is absent`);

const file = (name: string): string => path.join(UPSTREAM, name);
const STABLE = file('falco_rules.yaml');
const INCUBATING = file('falco-incubating_rules.yaml');
const SANDBOX = file('falco-sandbox_rules.yaml');
const DEPRECATED = file('falco-deprecated_rules.yaml');

/** Per-rule evt.type sets from the analysis (stable+incubating+sandbox table). */
function expectedEvttypes(): Map<string, string[]> {
  const text = fs.readFileSync(path.join(SHARED, 'reference/rules-analysis.md'), 'utf8');
  const section = text.slice(text.indexOf('Per-rule event-type sets (stable+incubating+sandbox)'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('|---')));
  const out = new Map<string, string[]>();
  for (const line of table.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6 || cells[1] === 'rule' || cells[1]!.startsWith('---')) continue;
    out.set(cells[1]!, cells[5]!.split(',').map((s) => s.trim()).filter(Boolean).sort());
  }
  return out;
}

describe.skipIf(!present)('upstream Falco rules', () => {
  for (const [name, files, count] of [
    ['stable', [STABLE], 25], ['incubating', [INCUBATING], 31], ['sandbox', [SANDBOX], 37], ['deprecated', [DEPRECATED], 4],
  ] as const) {
    it(`loads ${name} alone with 0 errors and ${count} rules`, () => {
      const r = loadRules(files);
      expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(r.rules.length).toBe(count);
    });
  }

  it('loads stable+incubating+sandbox stacked: 93 rules, 81 enabled, event types as Falco computes them', () => {
    const r = loadRules([STABLE, INCUBATING, SANDBOX]);
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.rules.length).toBe(93);
    expect(r.rules.filter((x) => x.enabled).length).toBe(81);
    const expected = expectedEvttypes();
    expect(expected.size).toBe(93);
    for (const rule of r.rules) expect(rule.evttypeNames, rule.name).toEqual(expected.get(rule.name));
    expect(r.problems.filter((p) => p.code === 'LOAD_NO_EVTTYPE')).toEqual([]);
  });

  it('rules list --json and rules validate through the CLI', () => {
    const list = runCli(['rules', 'list', '--json', STABLE]);
    expect(list.status).toBe(0);
    const rules = JSON.parse(list.stdout) as { name: string; enabled: boolean; evttypes: string[]; file: string; line: number; priority: string }[];
    expect(rules.length).toBe(25);
    const shell = rules.find((x) => x.name === 'Terminal shell in container')!;
    expect(shell).toMatchObject({ enabled: true, evttypes: ['execve', 'execveat'], file: STABLE, priority: 'Notice' });
    expect(shell.line).toBeGreaterThan(1);
    const validate = runCli(['rules', 'validate', STABLE, INCUBATING, SANDBOX]);
    expect(validate.stdout).toBe(`${STABLE}: Ok\n${INCUBATING}: Ok\n${SANDBOX}: Ok\n`);
    expect(validate.status).toBe(0);
    // The deprecated file still compares evt.dir, which Falco warns about since enter events are gone.
    const deprecated = runCli(['rules', 'validate', DEPRECATED]);
    expect(deprecated.stdout.split('\n')[0]).toBe(`${DEPRECATED}: Ok, with warnings`);
    expect(deprecated.stdout).toMatch(/:\d+:\d+: warning: due to the drop of enter events, 'evt.dir = <' always evaluates to true/);
    expect(deprecated.status).toBe(1);
  });
});
