// Output formats render as Falco renders them: literal text, %field tokens,
// widths, transformers, <NA> for missing values, typed output_fields.
import { describe, expect, it } from 'vitest';
import { catalogSchema } from '../../src/fields/field-schema.js';
import type { FieldResolver, FieldValue } from '../../src/fields/field-access.js';
import { compileTemplate } from '../../src/output/output-template.js';

type Ev = Record<string, FieldValue>;

const resolver: FieldResolver<Ev> = {
  resolve(name, arg) {
    const info = catalogSchema().describe(name, arg);
    if (typeof info === 'string') return info;
    const key = arg === undefined ? name : `${name}[${arg}]`;
    return { info, extract: (e) => e[key] };
  },
};

function compile(format: string) {
  const r = compileTemplate(format, resolver);
  if (!r.ok) throw new Error(r.error);
  return r.template;
}

describe('output templates', () => {
  const ev: Ev = { 'proc.name': 'bash', 'user.uid': 0, 'proc.aname[2]': 'sshd', 'evt.arg.flags': 'O_RDONLY', 'fd.name': '/etc/shadow', 'proc.is_exe_writable': true };

  it('renders fields, literal text and <NA> for missing values', () => {
    const t = compile('Sensitive file opened (file=%fd.name user_uid=%user.uid gparent=%proc.aname[2] flags=%evt.arg.flags cid=%container.id)');
    expect(t.render(ev)).toBe('Sensitive file opened (file=/etc/shadow user_uid=0 gparent=sshd flags=O_RDONLY cid=<NA>)');
  });

  it('pads and truncates to a width, applies transformers, keeps lone % literal', () => {
    expect(compile('[%6proc.name] [%2fd.name] %toupper(proc.name) 100% sure').render(ev)).toBe('[bash  ] [/e] BASH 100% sure');
  });

  it('gives typed output_fields, byte-wise sorted, null when missing, transformer keys left out', () => {
    const t = compile('%proc.name %user.uid %container.id %toupper(fd.name) %proc.is_exe_writable');
    expect(Object.keys(t.fields(ev))).toEqual(['container.id', 'fd.name', 'proc.is_exe_writable', 'proc.name', 'user.uid']);
    expect(t.fields(ev)).toEqual({ 'container.id': null, 'fd.name': '/etc/shadow', 'proc.is_exe_writable': true, 'proc.name': 'bash', 'user.uid': 0 });
  });

  it('reports an unknown field as an error value', () => {
    const r = compileTemplate('x=%no.such.field', resolver);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^invalid formatting token %no\.such\.field: /);
  });
});
