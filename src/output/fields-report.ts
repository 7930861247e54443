// Renders the field catalog for `falco-ts fields`: text (grouped by class),
// JSON, or a Markdown table.
import type { FieldListing } from '../fields/field-resolver.js';

const classOf = (name: string): string => name.split('.')[0] ?? name;

export function fieldsText(fields: readonly FieldListing[]): string {
  const lines: string[] = [];
  let current = '';
  for (const f of fields) {
    const cls = classOf(f.name);
    if (cls !== current) {
      if (current !== '') lines.push('');
      lines.push(`Field class: ${cls}`);
      current = cls;
    }
    lines.push(`${f.name.padEnd(34)} ${f.type.padEnd(10)} ${f.supported ? '' : '[not supported] '}${f.description}`);
  }
  return `${lines.join('\n')}\n`;
}

export function fieldsMarkdown(fields: readonly FieldListing[]): string {
  const esc = (s: string): string => s.replaceAll('|', '\\|');
  const rows = fields.map((f) => `| \`${f.name}\` | ${f.type} | ${f.supported ? 'yes' : 'no'} | ${esc(f.description)} |`);
  return `| field | type | supported | description |\n|---|---|---|---|\n${rows.join('\n')}\n`;
}
