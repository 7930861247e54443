// Falco output formats: literal text with %field tokens (%proc.name,
// %proc.aname[2], %evt.arg.flags, %12proc.name padded to 12 characters,
// %tolower(proc.name)). Compiled once per rule against a field resolver into
// renderers for the text line and for JSON output_fields.
import type { FieldResolver, FieldScalar, FieldValue } from '../fields/field-access.js';

type Extract<E> = (event: E) => FieldValue | undefined;

interface FieldToken<E> {
  /** The token as written after '%' (without width): the output_fields key. */
  key: string;
  width: number | undefined;
  extract: Extract<E>;
  kind: string;
  /** Fields nested in a transformer still appear in output_fields under their plain name. */
  jsonKeys: { key: string; extract: Extract<E>; kind: string }[];
}

type Part<E> = string | FieldToken<E>;

export interface CompiledTemplate<E> {
  /** The text form: missing values print as <NA>. */
  render(event: E): string;
  /** output_fields: typed values, null when missing; keys sorted byte-wise as Falco's map. */
  fields(event: E): Record<string, unknown>;
  /** The output_fields keys in the order they appear in the format (a table's columns). */
  readonly keys: readonly string[];
}

export type TemplateResult<E> = { ok: true; template: CompiledTemplate<E> } | { ok: false; error: string };

const FIELD = /^([a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_]+)+)(?:\[([^\]]*)\])?/;
const TRANSFORMER = /^(tolower|toupper|b64|basename|len)\(/;

/** Renders one value as libsinsp's tostring does. */
export function valueText(v: FieldValue | undefined, kind = ''): string {
  if (v === undefined) return '<NA>';
  if (kind === 'ipnet') return '<IPNET>';
  if (Array.isArray(v)) return `(${v.map((x) => scalarText(x)).join(',')})`;
  return scalarText(v as FieldScalar);
}

function scalarText(v: FieldScalar): string {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
  return String(v);
}

function jsonValue(v: FieldValue | undefined, kind: string): unknown {
  if (v === undefined) return null;
  if (kind === 'ipnet') return '<IPNET>';
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
  if (Array.isArray(v)) return v.map((x) => jsonValue(x, kind));
  return v;
}

function applyTransformer(name: string, v: FieldValue | undefined): FieldValue | undefined {
  if (v === undefined) return undefined;
  const s = valueText(v);
  switch (name) {
    case 'tolower': return s.toLowerCase();
    case 'toupper': return s.toUpperCase();
    case 'b64': return Buffer.from(s, 'base64').toString('latin1');
    case 'basename': return s.slice(s.lastIndexOf('/') + 1);
    case 'len': return Array.isArray(v) ? v.length : s.length;
    default: return v;
  }
}

export function compileTemplate<E>(format: string, resolver: FieldResolver<E>): TemplateResult<E> {
  const text = format.startsWith('*') ? format.slice(1) : format;
  const parts: Part<E>[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '%') {
      literal += c;
      i++;
      continue;
    }
    const widthMatch = /^\d+/.exec(text.slice(i + 1));
    const start = i + 1 + (widthMatch?.[0].length ?? 0);
    const rest = text.slice(start);
    const token = parseToken(rest, resolver);
    if (token === undefined) {
      literal += c;
      i++;
      continue;
    }
    if (typeof token.value === 'string') return { ok: false, error: token.value };
    if (literal) parts.push(literal);
    literal = '';
    parts.push({ ...token.value, width: widthMatch ? Number(widthMatch[0]) : undefined });
    i = start + token.length;
  }
  if (literal) parts.push(literal);
  return { ok: true, template: makeTemplate(parts) };
}

type ParsedToken<E> = { value: Omit<FieldToken<E>, 'width'> | string; length: number };

function parseToken<E>(rest: string, resolver: FieldResolver<E>): ParsedToken<E> | undefined {
  const t = TRANSFORMER.exec(rest);
  if (t !== null) {
    const close = rest.indexOf(')', t[0].length);
    const inner = close < 0 ? undefined : FIELD.exec(rest.slice(t[0].length, close));
    if (inner === undefined || inner === null || inner[0].length !== close - t[0].length) return undefined;
    const field = bind(inner[1]!, inner[2], resolver);
    if (typeof field === 'string') return { value: field, length: close + 1 };
    const name = t[1]!;
    return {
      value: { key: rest.slice(0, close + 1), extract: (e) => applyTransformer(name, field.extract(e)), kind: '', jsonKeys: [field] },
      length: close + 1,
    };
  }
  const m = FIELD.exec(rest);
  if (m === null) return undefined;
  const field = bind(m[1]!, m[2], resolver);
  if (typeof field === 'string') return { value: field, length: m[0].length };
  return { value: { ...field, jsonKeys: [field] }, length: m[0].length };
}

function bind<E>(name: string, arg: string | undefined, resolver: FieldResolver<E>): { key: string; extract: Extract<E>; kind: string } | string {
  const b = resolver.resolve(name, arg);
  if (typeof b === 'string') return `invalid formatting token %${name}${arg === undefined ? '' : `[${arg}]`}: ${b}`;
  // Some fields print differently from how they compare (proc.aname without an index lists every ancestor).
  const display = (b as { display?: Extract<E> }).display;
  return { key: arg === undefined ? name : `${name}[${arg}]`, extract: display ?? b.extract, kind: b.info.kind };
}

function makeTemplate<E>(parts: readonly Part<E>[]): CompiledTemplate<E> {
  const jsonKeys = new Map<string, { extract: Extract<E>; kind: string }>();
  for (const p of parts) if (typeof p !== 'string') for (const k of p.jsonKeys) jsonKeys.set(k.key, k);
  const sortedKeys = [...jsonKeys.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    keys: [...jsonKeys.keys()],
    render(event: E): string {
      let out = '';
      for (const p of parts) {
        if (typeof p === 'string') {
          out += p;
          continue;
        }
        const s = valueText(p.extract(event), p.kind);
        out += p.width === undefined ? s : s.padEnd(p.width).slice(0, p.width);
      }
      return out;
    },
    fields(event: E): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      for (const k of sortedKeys) {
        const f = jsonKeys.get(k)!;
        out[k] = jsonValue(f.extract(event), f.kind);
      }
      return out;
    },
  };
}
