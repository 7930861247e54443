// The field schema against the reference catalog: every field the upstream
// rules use resolves with the kind its libsinsp type implies, references
// split the way libsinsp's parse_field_name splits them, errors carry
// libsinsp's wording, and the generated catalog is in step with fields.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FieldKind } from '../../src/fields/field-access.js';
import type { ResolvedField } from '../../src/fields/field-schema.js';
import { catalogFields, catalogSchema, displayFieldError, fieldKind, hasCustomArgSyntax, isComparableType, resolveField } from '../../src/fields/field-schema.js';
import { tempDir } from '../support/tmp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const reference = path.resolve(root, '../shared/reference');
const haveReference = fs.existsSync(path.join(reference, 'fields.md'));
if (!haveReference) console.log(`field-schema: ${reference} is absent, skipping the reference comparisons`);

function resolved(name: string, arg?: string): ResolvedField {
  const r = resolveField(name, arg);
  if (typeof r === 'string') throw new Error(`${name}${arg === undefined ? '' : `[${arg}]`}: ${r}`);
  return r;
}

/** The rows of the first markdown table after `heading`, as cell arrays. */
function tableAfter(markdown: string, heading: RegExp): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) throw new Error(`no heading ${heading}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#')) break;
    if (!line.startsWith('| `')) {
      if (rows.length > 0) break;
      continue;
    }
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replace(/^`|`$/g, '')));
  }
  return rows;
}

// Written out independently of fieldKind so the two can disagree.
const KIND_OF_CATALOG_TYPE: Record<string, FieldKind> = {
  CHARBUF: 'string', STRING: 'string', BYTEBUF: 'buffer', BOOL: 'bool', PORT: 'port', IPADDR: 'ipaddr', IPNET: 'ipnet',
  INT64: 'number', UINT32: 'number', UINT64: 'number', RELTIME: 'number', ABSTIME: 'number',
};

describe.runIf(haveReference)('fields used by the upstream rules', () => {
  const analysis = haveReference ? fs.readFileSync(path.join(reference, 'rules-analysis.md'), 'utf8') : '';
  const catalogDoc = haveReference ? fs.readFileSync(path.join(reference, 'fields.md'), 'utf8') : '';
  const used = haveReference
    ? [
        ...tableAfter(analysis, /^## 4\. /).map((r) => r[0] ?? ''),
        ...tableAfter(analysis, /^## 5\. /).map((r) => (r[0] ?? '').replace(/^%/, '')),
      ]
    : [];
  const typeOf = new Map(haveReference ? tableAfter(catalogDoc, /^## 1\. /).map((r) => [r[0] ?? '', r[2] ?? '']) : []);

  it('finds the tables', () => {
    expect(used.length).toBeGreaterThan(140);
    expect(typeOf.size).toBeGreaterThan(80);
  });

  for (const token of new Set(used)) {
    it(`resolves ${token}`, () => {
      const m = /^([^[]+)(?:\[(.*)\])?$/.exec(token);
      expect(m).not.toBeNull();
      const [, name = '', arg] = m ?? [];
      const field = resolved(name, arg);
      const type = typeOf.get(name);
      expect(type, `${name} in fields.md section 1`).toBeDefined();
      expect(field.kind).toBe(KIND_OF_CATALOG_TYPE[type ?? '']);
      if (name.startsWith('evt.arg.')) {
        expect(field.name).toBe('evt.arg');
        expect(field.arg).toBe(name.slice('evt.arg.'.length));
      } else {
        expect(field.name).toBe(name);
        expect(field.arg).toBe(arg);
      }
    });
  }
});

describe('field name resolution', () => {
  it('takes the longest registered name at a dot boundary', () => {
    expect(resolved('evt.arg.flags')).toMatchObject({ name: 'evt.arg', arg: 'flags', argIndex: undefined, kind: 'string', ptType: 'CHARBUF', text: 'evt.arg.flags' });
    expect(resolved('evt.args')).toMatchObject({ name: 'evt.args', arg: undefined });
    expect(resolved('evt.type.is.open')).toMatchObject({ name: 'evt.type.is', arg: 'open' });
    expect(resolved('evt.type')).toMatchObject({ name: 'evt.type', arg: undefined });
    expect(resolved('thread.cgroup.cpuset')).toMatchObject({ name: 'thread.cgroup', arg: 'cpuset' });
    expect(resolved('thread.cgroups')).toMatchObject({ name: 'thread.cgroups', arg: undefined });
    expect(resolved('proc.exepath').name).toBe('proc.exepath');
    expect(resolved('fs.path.nameraw').name).toBe('fs.path.nameraw');
    expect(resolved('evt.abspath')).toMatchObject({ name: 'evt.abspath', arg: undefined, argRequired: false });
    expect(resolved('evt.abspath.dst')).toMatchObject({ name: 'evt.abspath', arg: 'dst' });
  });

  it('types evt.rawarg by the named parameter', () => {
    expect(resolved('evt.rawarg.res')).toMatchObject({ name: 'evt.rawarg', arg: 'res', ptType: 'ERRNO', kind: 'number', noRhs: true });
    expect(resolved('evt.rawarg.name')).toMatchObject({ ptType: 'FSPATH', kind: 'string' });
    expect(resolved('evt.rawarg.flags').kind).toBe('number');
  });

  it('reads bracket arguments', () => {
    expect(resolved('evt.arg', '1')).toMatchObject({ name: 'evt.arg', arg: '1', argIndex: 1, text: 'evt.arg[1]' });
    expect(resolved('proc.aname', '2')).toMatchObject({ name: 'proc.aname', arg: '2', argIndex: 2, noRhs: true, noTransformer: true, argAllowed: true, argRequired: false });
    expect(resolved('proc.aname')).toMatchObject({ arg: undefined, argIndex: undefined });
    expect(resolved('proc.aexepath', '2').name).toBe('proc.aexepath');
    expect(resolved('proc.env', 'HOME')).toMatchObject({ arg: 'HOME', argIndex: undefined });
    expect(resolved('fd.types', '3')).toMatchObject({ isList: true, argIndex: 3 });
    expect(resolved('container.mount.dest', '/var/run/docker.sock')).toMatchObject({ arg: '/var/run/docker.sock', argIndex: undefined, argRequired: true, provider: 'container' });
    expect(resolved('container.mount.dest', '0')).toMatchObject({ arg: '0', argIndex: 0 });
    expect(resolved('container.mount.dest', '01')).toMatchObject({ arg: '01', argIndex: undefined });
    expect(resolved('k8s.pod.label', 'app')).toMatchObject({ arg: 'app', kind: 'string' });
  });

  it('reports flags', () => {
    expect(resolved('fd.net')).toMatchObject({ kind: 'ipnet', noRhs: true, filterOnly: true });
    expect(resolved('fd.sip')).toMatchObject({ kind: 'ipaddr', noRhs: false, filterOnly: false });
    expect(resolved('fd.lport').kind).toBe('port');
    expect(resolved('evt.buffer').kind).toBe('buffer');
    expect(resolved('evt.dir').deprecated).toBe(true);
    expect(resolved('evt.outputtime').printOnly).toBe(true);
    expect(resolved('container.id')).toMatchObject({ formatSuggested: true, ptType: 'CHARBUF', fieldClass: 'container' });
    expect(resolved('container.start_ts')).toMatchObject({ ptType: 'ABSTIME', kind: 'number' });
    expect(resolved('proc.is_container_healthcheck')).toMatchObject({ kind: 'bool', fieldClass: 'proc', provider: 'container' });
    expect(displayFieldError(resolved('fd.ip'))).toBe('fd.ip is filter only and cannot be used as a display field');
    expect(displayFieldError(resolved('fd.sip'))).toBeUndefined();
  });
});

describe('resolution errors', () => {
  const error = (name: string, arg?: string): string => {
    const r = resolveField(name, arg);
    if (typeof r !== 'string') throw new Error(`${r.text} resolved`);
    return r;
  };

  it('rejects unknown names', () => {
    expect(error('proc.nam')).toBe('filter_check called with nonexistent field proc.nam');
    expect(error('proc.namex')).toBe('filter_check called with nonexistent field proc.namex');
    expect(error('proc.name.x')).toBe('filter_check called with nonexistent field proc.name.x');
    expect(error('foo.bar')).toBe('filter_check called with nonexistent field foo.bar');
    expect(error('evt.type.is.nosuchevent')).toBe('filter_check called with nonexistent field evt.type.is.nosuchevent');
    expect(error('evt.arg.flagsx')).toBe('filter_check called with nonexistent field evt.arg.flagsx');
  });

  it('rejects missing required arguments', () => {
    expect(error('evt.arg')).toBe('filter syntax error: evt.arg');
    expect(error('evt.rawarg')).toBe('filter syntax error: evt.rawarg');
    expect(error('thread.cgroup')).toBe('filter syntax error: thread.cgroup');
    expect(error('container.mount.dest')).toBe("filter 'container.mount.dest': container.mount.dest requires an argument but none provided");
    expect(error('k8s.pod.label')).toBe("filter 'k8s.pod.label': k8s.pod.label requires an argument but none provided");
  });

  it('rejects arguments a field does not take', () => {
    expect(error('fd.name', '3')).toBe('filter_check called with nonexistent field fd.name[3]');
    expect(error('evt.arg.flags', '1')).toBe('filter_check called with nonexistent field evt.arg.flags[1]');
    expect(error('container.id', 'x')).toBe("filter 'container.id[x]': container.id does not allow nor require an argument but one is provided: x");
    expect(error('thread.cgroup', 'cpu')).toBe('filter syntax error: thread.cgroup[cpu]');
  });

  it('rejects malformed arguments', () => {
    expect(error('proc.aname', 'x')).toBe('filter_check called with nonexistent field proc.aname[x]');
    expect(error('evt.arg', 'flags')).toBe('flags is not a valid number');
    expect(error('evt.arg.nosuchparam')).toBe('unknown event argument nosuchparam');
    expect(error('evt.rawarg', '1')).toBe('evt.arg fields must be expressed explicitly');
  });
});

describe('field kinds', () => {
  it('groups libsinsp types by comparison', () => {
    for (const t of ['CHARBUF', 'FSPATH', 'FSRELPATH']) expect(fieldKind(t)).toBe('string');
    for (const t of ['INT16', 'UINT64', 'ERRNO', 'FD', 'PID', 'FLAGS32', 'ENUMFLAGS8', 'MODE', 'RELTIME', 'ABSTIME', 'DOUBLE', 'UID', 'GID', 'SIGTYPE', 'SYSCALLID']) {
      expect(fieldKind(t)).toBe('number');
    }
    expect(fieldKind('PORT')).toBe('port');
    expect(fieldKind('BOOL')).toBe('bool');
    for (const t of ['IPV4ADDR', 'IPV6ADDR', 'IPADDR']) expect(fieldKind(t)).toBe('ipaddr');
    for (const t of ['IPV4NET', 'IPV6NET', 'IPNET']) expect(fieldKind(t)).toBe('ipnet');
    expect(fieldKind('BYTEBUF')).toBe('buffer');
    expect(() => fieldKind('NOPE')).toThrow();
    expect(isComparableType('UID')).toBe(false);
    expect(isComparableType('CHARBUF', true)).toBe(true);
    expect(isComparableType('PORT', true)).toBe(false);
  });

  it('resolves every catalog field', () => {
    for (const field of catalogFields().values()) {
      const needsArg = field.flags.has('ARG_REQUIRED') && field.name !== 'evt.abspath';
      const sample = field.name === 'evt.type.is' ? ['evt.type.is.open'] : field.name === 'evt.rawarg' || field.name === 'evt.arg' ? [`${field.name}.fd`] : field.name === 'thread.cgroup' ? ['thread.cgroup.cpu'] : [field.name, needsArg ? '0' : undefined];
      const r = resolved(sample[0] ?? '', sample[1]);
      expect(r.name).toBe(field.name);
      if (field.provider === 'libsinsp' && (field.flags.has('ARG_REQUIRED') || field.flags.has('ARG_ALLOWED'))) {
        expect(hasCustomArgSyntax(field.name), field.name).toBe(true);
      }
    }
  });

  it('is memoised', () => {
    expect(catalogSchema()).toBe(catalogSchema());
    expect(catalogSchema().describe('proc.name', undefined)).toMatchObject({ name: 'proc.name', kind: 'string' });
  });
});

describe.runIf(haveReference)('generated catalog', () => {
  const dir = tempDir();
  it('matches fields.md', () => {
    const out = path.join(dir, 'field-catalog.ts');
    execFileSync(process.execPath, [path.join(root, 'scripts/gen-field-catalog.mjs'), path.join(reference, 'fields.md'), out], { stdio: 'pipe' });
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(path.join(root, 'src/fields/field-catalog.ts'), 'utf8'));
  });
});
