// The evttype index: an event meets only the enabled rules that can match its
// type, in load order; rule_matching first stops at the first match.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventCode } from '../../src/capture/event-schema.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { catalogSchema } from '../../src/fields/field-schema.js';
import type { FieldResolver } from '../../src/fields/field-access.js';
import { RulesetIndex, compileRules } from '../../src/rules/ruleset-index.js';
import type { CompiledRule } from '../../src/rules/ruleset-index.js';
import { tempDir } from '../support/tmp.js';

type Ev = Record<string, string | number>;

/** Test fields over plain objects: the value of `proc.name` is ev['proc.name']. */
const resolver: FieldResolver<Ev> = {
  resolve(name, arg) {
    const info = catalogSchema().describe(name, arg);
    if (typeof info === 'string') return info;
    return { info, extract: (e) => e[name] };
  },
};

describe('RulesetIndex', () => {
  const dir = tempDir();
  const file = path.join(dir, 'rules.yaml');
  fs.writeFileSync(file, `
- rule: Shell opens file
  desc: d
  condition: evt.type in (open, openat) and proc.name = bash
  output: x
  priority: WARNING
- rule: Anything opens shadow
  desc: d
  condition: evt.type = openat and fd.name = /etc/shadow
  output: x
  priority: ERROR
- rule: Disabled
  desc: d
  condition: evt.type = openat
  output: x
  priority: INFO
  enabled: false
- rule: Exec
  desc: d
  condition: evt.type = execve
  output: x
  priority: NOTICE
`);
  const loaded = loadRules([file]);
  const { compiled, problems } = compileRules(loaded.rules, resolver);
  const index = new RulesetIndex(compiled);
  const openat = eventCode('SYSCALL_OPENAT_2_X');
  const out: CompiledRule<Ev>[] = [];

  it('compiles every rule and indexes enabled ones by event type', () => {
    expect(problems).toEqual([]);
    expect(index.candidates(openat).map((r) => r.rule.name)).toEqual(['Shell opens file', 'Anything opens shadow']);
    expect(index.candidates(eventCode('SYSCALL_EXECVE_19_X')).map((r) => r.rule.name)).toEqual(['Exec']);
    expect(index.candidates(eventCode('SYSCALL_CLOSE_X'))).toEqual([]);
  });

  it('returns the first match or all matches, in load order', () => {
    const ev: Ev = { 'evt.type': 'openat', 'proc.name': 'bash', 'fd.name': '/etc/shadow' };
    expect(index.match(ev, openat, 'first', out)).toBe(1);
    expect(out.map((r) => r.rule.name)).toEqual(['Shell opens file']);
    expect(index.match(ev, openat, 'all', out)).toBe(2);
    expect(out.map((r) => r.rule.name)).toEqual(['Shell opens file', 'Anything opens shadow']);
    expect(index.match({ 'evt.type': 'openat', 'proc.name': 'cat', 'fd.name': '/etc/hosts' }, openat, 'all', out)).toBe(0);
  });

  it('never evaluates a rule against an event type it cannot match', () => {
    // proc.name = bash would match, but close is in no rule's set.
    expect(index.match({ 'evt.type': 'openat', 'proc.name': 'bash' }, eventCode('SYSCALL_CLOSE_X'), 'all', out)).toBe(0);
  });
});
