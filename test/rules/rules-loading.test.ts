// Falco's rule-loading semantics, each driven through loadRules on small files.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import { printExpr } from '../../src/filter/ast-printer.js';
import type { RulesLoadResult } from '../../src/rules/rules-loader.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir();
let n = 0;

function write(text: string): string {
  const file = path.join(dir, `r${n++}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}

function load(...texts: string[]): RulesLoadResult {
  return loadRules(texts.map(write));
}

const errors = (r: RulesLoadResult): string[] => r.problems.filter((p) => p.severity === 'error').map((p) => p.message);
const warnings = (r: RulesLoadResult): string[] => r.problems.filter((p) => p.severity === 'warning').map((p) => p.code);
const rule = (r: RulesLoadResult, name: string) => r.rules.find((x) => x.name === name)!;

const RULE = (name: string, condition: string, extra = ''): string => `
- rule: ${name}
  desc: d
  condition: ${condition}
  output: "%proc.name"
  priority: WARNING
${extra}`;

describe('lists and macros', () => {
  it('expands lists inside lists and macros inside macros', () => {
    const r = load(`
- list: shells
  items: [bash, sh]
- list: interpreters
  items: [shells, python3, "my tool"]
- macro: spawned
  condition: evt.type = execve
- macro: shell_spawned
  condition: spawned and proc.name in (interpreters)
${RULE('R', 'shell_spawned')}`);
    expect(errors(r)).toEqual([]);
    expect(rule(r, 'R').condition).toBe('shell_spawned');
    expect(printExpr(rule(r, 'R').ast)).toBe('(evt.type = execve and proc.name in (bash, sh, python3, "my tool"))');
    expect(rule(r, 'R').evttypeNames).toEqual(['execve']);
  });

  it('substitutes lists as text, swallowing blanks, and drops a comma next to an empty list', () => {
    const r = load(`
- list: empty
  items: []
- list: two
  items: [a, b]
${RULE('R', 'evt.type = open and proc.name in (two, empty, c)')}`);
    expect(errors(r)).toEqual([]);
    expect(rule(r, 'R').condition).toBe('evt.type = open and proc.name in ( a, b , c)');
  });

  it('reports undefined macros, reference loops and macros not yet visible', () => {
    const r = load(`
- macro: a
  condition: b
- macro: b
  condition: a
${RULE('R', 'evt.type = open and nosuch')}`);
    expect(errors(r)).toEqual(expect.arrayContaining(["Undefined macro 'b' used in filter.", "Undefined macro 'nosuch' used in filter."]));
  });

  it('warns about unused lists and macros', () => {
    const r = load(`
- list: unused_list
  items: [x]
- macro: unused_macro
  condition: proc.name = x
${RULE('R', 'evt.type = open')}`);
    expect(warnings(r).sort()).toEqual(['LOAD_UNUSED_LIST', 'LOAD_UNUSED_MACRO']);
  });
});

describe('definitions, append and override', () => {
  it('replaces a redefined rule in place and keeps its position', () => {
    const r = load(RULE('A', 'evt.type = open') + RULE('B', 'evt.type = close'), RULE('A', 'evt.type = openat'));
    expect(r.rules.map((x) => x.name)).toEqual(['A', 'B']);
    expect(rule(r, 'A').evttypeNames).toEqual(['openat']);
  });

  it('appends and overrides lists, macros and rules', () => {
    const r = load(`
- list: l
  items: [a]
- macro: m
  condition: proc.name in (l)
${RULE('R', 'evt.type = open and m', '  tags: [x]')}`, `
- list: l
  items: [b]
  override:
    items: append
- macro: m
  condition: or proc.name = c
  override:
    condition: append
- rule: R
  condition: and fd.name = /etc/passwd
  tags: [y]
  priority: ERROR
  override:
    condition: append
    tags: append
    priority: replace
`);
    expect(errors(r)).toEqual([]);
    const R = rule(r, 'R');
    expect(printExpr(R.ast)).toBe('(evt.type = open and (proc.name in (a, b) or proc.name = c) and fd.name = /etc/passwd)');
    expect(R.tags).toEqual(['x', 'y']);
    expect(R.priorityName).toBe('Error');
  });

  it('toggles enabled alone (deprecated form) and with override', () => {
    const r = load(RULE('A', 'evt.type = open') + RULE('B', 'evt.type = open'), `
- rule: A
  enabled: false
- rule: B
  enabled: false
  override:
    enabled: replace
`);
    expect(errors(r)).toEqual([]);
    expect(r.rules.map((x) => x.enabled)).toEqual([false, false]);
    expect(warnings(r)).toContain('LOAD_DEPRECATED_ITEM');
  });

  it('rejects append/override before definition and inconsistent override keys', () => {
    const r = load(`
- rule: Ghost
  condition: and proc.name = x
  override:
    condition: append
- rule: Ghost2
  enabled: true
- list: nolist
  items: [a]
  append: true
`, RULE('R', 'evt.type = open'), `
- rule: R
  condition: and proc.name = x
  desc: more
  override:
    condition: append
- rule: R
  priority: ERROR
  override:
    priority: append
`);
    expect(errors(r)).toEqual(expect.arrayContaining([
      "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists",
      "Rule has 'enabled' key but no rule by that name already exists",
      "List uses 'append' or 'override.items: append' but no list by that name already exists",
      "Unexpected key 'desc': no corresponding entry under 'override' is defined.",
      "Key 'priority' cannot be appended to, use 'replace' instead",
    ]));
  });
});

describe('exceptions', () => {
  it('become condition text exactly as Falco builds it', () => {
    const r = load(`
- rule: R
  desc: d
  condition: evt.type = execve and (proc.cmdline contains curl or proc.cmdline contains wget)
  output: "%proc.cmdline"
  priority: NOTICE
  exceptions:
    - name: local_curl
      fields: [proc.cmdline]
      comps: [contains]
      values: [[curl 127.0.0.1]]
    - name: by_name
      fields: proc.name
      values: [ok1, ok2]
    - name: pairs
      fields: [proc.name, fd.name]
      comps: [=, startswith]
      values: [[nginx, /var/log]]
`);
    expect(errors(r)).toEqual([]);
    const R = rule(r, 'R');
    expect(R.condition).toBe('(evt.type = execve and (proc.cmdline contains curl or proc.cmdline contains wget)) and not (( proc.cmdline contains "curl 127.0.0.1")) and not (proc.name in (ok1, ok2)) and not (( proc.name = nginx and  fd.name startswith /var/log))');
    expect(R.exceptionFields.sort()).toEqual(['fd.name', 'proc.cmdline', 'proc.name']);
  });

  it('rejects mismatched fields, comps and values', () => {
    const r = load(RULE('R', 'evt.type = open', `  exceptions:
    - name: e1
      fields: [proc.name, fd.name]
      comps: [=]
      values: [[a, b]]
    - name: e2
      fields: [proc.name, fd.name]
      values: [[a]]
    - name: e3
      fields: proc.name
      comps: =
      values: [a]`));
    expect(errors(r).join('\n')).toContain('Fields and comps lists must have equal length');
    expect(errors(r).join('\n')).toContain('Fields and values lists must have equal length');
    expect(errors(r).join('\n')).toContain('When fields is a single value, comps must be one of (in, pmatch, intersects)');
  });
});

describe('problems with positions', () => {
  it('reports every mistake of a file at once, each with file:line:col', () => {
    const file = write(`- list: ok
  items: [a]
- macro: m
  condition: proc.name = (
- rule: bad priority
  desc: d
  condition: evt.type = open and ok_not_a_macro
  output: "%proc.name"
  priority: LOUD
- rule: bad field
  desc: d
  condition: >
    evt.type = open and
    proc.nam = x
  output: "%proc.name"
  priority: INFO
- rule: bad event
  desc: d
  condition: evt.type in (open, opne)
  output: "%no.such"
  priority: INFO
- rule: missing output
  desc: d
  condition: evt.type = open
  priority: INFO
`);
    const r = loadRules([file]);
    const where = (msg: RegExp): string => {
      const p = r.problems.find((x) => msg.test(x.message));
      return p === undefined ? `none for ${msg}` : `${p.at.line}:${p.at.col}`;
    };
    expect(where(/nonexistent field proc\.nam/)).toBe('14:5');
    expect(where(/unknown event type opne/)).toBe('19:14');
    expect(where(/Undefined macro 'ok_not_a_macro'/)).toBe('7:34');
    expect(where(/Invalid priority/)).toBe('9:13');
    expect(where(/no mapping for key 'output'/)).toBe('22:3');
    expect(where(/invalid formatting token %no\.such/)).not.toMatch(/^none/);
    expect(r.problems.find((x) => x.item?.name === 'm' && x.severity === 'error')!.at.line).toBe(4);
    expect(r.problems.every((p) => p.at.file === file)).toBe(true);

    const cli = runCli(['rules', 'validate', file]);
    expect(cli.status).toBe(2);
    expect(cli.stdout).toContain(`${file}: Invalid`);
    expect(cli.stdout).toContain(`${file}:14:5: error: `);
  });

  it('reports YAML syntax errors and non-list content with positions, exit 2', () => {
    const r1 = load('- rule: x\n  desc: [unclosed\n');
    expect(r1.problems[0]!.code).toBe('LOAD_ERR_YAML_PARSE');
    const r2 = load('rule: not a list\n');
    expect(errors(r2)).toEqual(['Rules content is not yaml array of objects']);
    const cli = runCli(['rules', 'validate', path.join(dir, 'no-such.yaml')]);
    expect(cli.status).toBe(2);
  });

  it('exits 1 with warnings only, 0 when clean', () => {
    const warn = write(`- macro: unused\n  condition: proc.name = x\n${RULE('R', 'evt.type = open')}`);
    expect(runCli(['rules', 'validate', warn]).status).toBe(1);
    const clean = write(RULE('R', 'evt.type = open'));
    const ok = runCli(['rules', 'validate', clean]);
    expect(ok.stdout).toBe(`${clean}: Ok\n`);
    expect(ok.status).toBe(0);
  });

  it('warns when a rule matches too many event types, unless warn_evttypes is false', () => {
    const r = load(RULE('Wide', 'proc.name = x'), RULE('Quiet', 'proc.name = y', '  warn_evttypes: false'));
    expect(r.problems.filter((p) => p.code === 'LOAD_NO_EVTTYPE').map((p) => p.item?.name)).toEqual(['Wide']);
  });

  it('skips a rule with an unknown field when skip-if-unknown-filter is set', () => {
    const r = load(RULE('Skipped', 'evt.type = open and no.such = 1', '  skip-if-unknown-filter: true'));
    expect(errors(r)).toEqual([]);
    expect(r.rules).toEqual([]);
    expect(warnings(r)).toEqual(['LOAD_UNKNOWN_FILTER']);
  });
});

describe('versions, plugins and sources', () => {
  it('checks required_engine_version against engine 0.63.0', () => {
    expect(errors(load('- required_engine_version: 0.57.0\n' + RULE('R', 'evt.type = open')))).toEqual([]);
    expect(errors(load('- required_engine_version: 99\n'))).toEqual(['Rules require engine version 0.99.0, but engine version is 0.63.0']);
    expect(errors(load('- required_engine_version: 1.0.0\n'))).toEqual(['Rules require engine version 1.0.0, but engine version is 0.63.0']);
  });

  it('accepts the container plugin, warns about others, and skips rules of unknown sources', () => {
    const r = load(`
- required_plugin_versions:
  - name: container
    version: 0.4.0
  - name: k8saudit
    version: 0.7.0
- rule: Audit
  desc: d
  condition: ka.verb = create
  output: "%ka.verb"
  priority: INFO
  source: k8s_audit
${RULE('R', 'evt.type = open')}`);
    expect(errors(r)).toEqual([]);
    expect(warnings(r).sort()).toEqual(['LOAD_UNKNOWN_PLUGIN', 'LOAD_UNKNOWN_SOURCE']);
    expect(r.rules.map((x) => x.name)).toEqual(['R']);
  });

  it('rejects redefining a rule with another source, and unknown keys are warnings', () => {
    const r = load(RULE('R', 'evt.type = open', '  colour: red'), RULE('R', 'evt.type = open', '  source: k8s_audit'));
    expect(errors(r)).toEqual(['Rule has been re-defined with a different source']);
    expect(warnings(r)).toContain('LOAD_UNKNOWN_KEY');
  });
});
