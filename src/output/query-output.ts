// How `query` prints matching events: sysdig's -p style text lines from a
// %field template, one JSON object per line (the template's fields, typed),
// or a cli-table3 table whose columns are the template's fields.
import { eventFieldResolver } from '../fields/field-resolver.js';
import type { EventContext } from '../state/event-context.js';
import { compileTemplate } from './output-template.js';
import type { CompiledTemplate } from './output-template.js';
import { newTable } from './table-style.js';

/** sysdig's default line, field for field. */
export const DEFAULT_QUERY_FORMAT = '%evt.num %evt.time %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.args';

export type QueryStyle = 'text' | 'json' | 'table';

const cell = (v: unknown): string => (v === null || v === undefined ? '<NA>' : Array.isArray(v) ? v.join(',') : String(v));
const jsonValue = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? (v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()) : v);

export class QueryPrinter {
  private readonly template: CompiledTemplate<EventContext>;
  private readonly rows: string[][] = [];

  private constructor(template: CompiledTemplate<EventContext>, private readonly style: QueryStyle) {
    this.template = template;
  }

  /** The printer, or the message saying what is wrong with the format. */
  static create(format: string, style: QueryStyle): QueryPrinter | string {
    const t = compileTemplate(format, eventFieldResolver());
    return t.ok ? new QueryPrinter(t.template, style) : t.error;
  }

  /** The line to print for a matching event now (text, JSON), or undefined when rows wait for the table. */
  line(ctx: EventContext): string | undefined {
    if (this.style === 'text') return this.template.render(ctx);
    const fields = this.template.fields(ctx);
    if (this.style === 'json') return JSON.stringify(fields, jsonValue);
    this.rows.push(this.template.keys.map((k) => cell(fields[k])));
    return undefined;
  }

  /** The table of every row kept (table style), '' otherwise. */
  table(color: boolean): string {
    if (this.style !== 'table') return '';
    const t = newTable({ head: [...this.template.keys] }, color);
    for (const r of this.rows) t.push(r);
    return `${t.toString()}\n`;
  }
}

/** SQL result rows as a table or JSON lines; bigint values printed exactly. */
export function sqlRowsText(columns: readonly string[], rows: readonly Record<string, unknown>[], style: 'json' | 'table', color: boolean): string {
  if (style === 'json') return rows.map((r) => `${JSON.stringify(r, jsonValue)}\n`).join('');
  const t = newTable({ head: [...columns] }, color);
  for (const r of rows) t.push(columns.map((c) => (r[c] instanceof Uint8Array ? `<${(r[c] as Uint8Array).length} bytes>` : cell(r[c]))));
  return `${t.toString()}\n`;
}
