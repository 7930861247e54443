// Field transformers: what type each yields (libsinsp transform_type and the
// multivalue transformer constructors, with their error texts) and how each
// computes its value. Per-value transformers (tolower, toupper, b64,
// basename) apply to every element of a list; len() counts a list.
import type { TransformerName } from '../ast.js';
import type { FieldScalar, FieldValue } from '../../fields/field-access.js';
import { decodeBase64Strict } from './base64.js';
import { getoptAll, getoptSelect, parseOptstring, type OptSpec } from './getopt.js';
import { asBytes, asString } from './scalar-ops.js';
import { asciiLower, asciiUpper } from './string-compare.js';
import { CHARBUF, CHARBUF_LIST, UINT64, type ValueType } from './value-type.js';

/** What the type check needs to know about one transformer argument. */
export interface TransformerArg {
  type: ValueType;
  /** The underlying field's name, for messages ("NA" for literals and nested multi-argument transformers). */
  fieldName: string;
  noTransformer: boolean;
}

export type TransformerTypeResult = { ok: true; type: ValueType } | { ok: false; error: string };

const SINGLE_INPUTS: Readonly<Record<string, readonly string[]>> = {
  tolower: ['CHARBUF', 'FSPATH', 'FSRELPATH'],
  toupper: ['CHARBUF', 'FSPATH', 'FSRELPATH'],
  basename: ['CHARBUF', 'FSPATH', 'FSRELPATH'],
  b64: ['CHARBUF', 'BYTEBUF'],
  len: ['CHARBUF', 'BYTEBUF', 'FSPATH', 'FSRELPATH'],
};

export function isSingleValueTransformer(name: TransformerName): boolean {
  return name in SINGLE_INPUTS;
}

export function transformerType(name: TransformerName, args: readonly TransformerArg[], index: string | undefined): TransformerTypeResult {
  switch (name) {
    case 'join':
      return joinType(args, index);
    case 'concat':
      return concatType(args, index);
    case 'getopt':
      return getoptType(args, index);
    default:
      return singleType(name, args, index);
  }
}

function singleType(name: TransformerName, args: readonly TransformerArg[], index: string | undefined): TransformerTypeResult {
  const arg = args[0];
  if (args.length !== 1 || arg === undefined) return fail(`filter error: transformer '${name}' takes exactly one argument`);
  if (index !== undefined) return fail(`filter error: transformer '${name}' does not support field arguments`);
  if (arg.noTransformer) return fail(`field '${arg.fieldName}' does not support transformers`);
  const t = arg.type;
  if (name === 'len' && t.isList) return { ok: true, type: UINT64 };
  if (!(SINGLE_INPUTS[name] ?? []).includes(t.ptType)) {
    return fail(
      `can't add field transformer: type '${t.ptType}' is not supported by '${name}' transformer applied on ` +
        `${t.isList ? 'list ' : ''}field '${arg.fieldName}'`,
    );
  }
  return { ok: true, type: name === 'len' ? UINT64 : t };
}

function joinType(args: readonly TransformerArg[], index: string | undefined): TransformerTypeResult {
  if (args.length !== 2) return fail('join() requires exactly 2 arguments: separator and list');
  if (args[0]!.type.isList) return fail('join() first argument (separator) must be a single value, not a list');
  if (!args[1]!.type.isList) return fail('join() second argument must be a list');
  if (index !== undefined) return fail("transformer 'join' does not support field arguments");
  return { ok: true, type: CHARBUF };
}

function concatType(args: readonly TransformerArg[], index: string | undefined): TransformerTypeResult {
  if (args.length < 2) return fail('concat() requires at least 2 arguments');
  if (args.some((a) => a.type.ptType !== 'CHARBUF' || a.type.isList)) return fail('concat() arguments must be strings');
  if (index !== undefined) return fail("transformer 'concat' does not support field arguments");
  return { ok: true, type: CHARBUF };
}

function getoptType(args: readonly TransformerArg[], index: string | undefined): TransformerTypeResult {
  if (args.length !== 2) return fail('getopt() requires exactly 2 arguments: args list and optstring');
  if (!args[0]!.type.isList) return fail('getopt() first argument must be a list');
  if (args[1]!.type.isList) return fail('getopt() second argument (optstring) must be a single value');
  if (args[0]!.type.ptType !== 'CHARBUF' || args[1]!.type.ptType !== 'CHARBUF') return fail('getopt() arguments must be strings');
  if (index === undefined) return { ok: true, type: CHARBUF_LIST };
  if (index.length !== 1) return fail('getopt() field argument must be a single option character');
  return { ok: true, type: CHARBUF };
}

function fail(error: string): TransformerTypeResult {
  return { ok: false, error };
}

// ---- evaluation -------------------------------------------------------------

export type Evaluator<E> = (event: E) => FieldValue | undefined;

/** Builds the transformer's evaluator over already-built argument evaluators. */
export function transformerEvaluator<E>(
  name: TransformerName,
  args: readonly Evaluator<E>[],
  argTypes: readonly ValueType[],
  index: string | undefined,
  constOptstring: string | undefined,
): Evaluator<E> {
  switch (name) {
    case 'join':
      return joinEvaluator(args[0]!, args[1]!);
    case 'concat':
      return concatEvaluator(args);
    case 'getopt':
      return getoptEvaluator(args[0]!, args[1]!, index, constOptstring);
    default:
      return singleEvaluator(args[0]!, valueTransform(name, argTypes[0]!));
  }
}

type ScalarTransform = (v: FieldScalar) => FieldScalar | undefined;

function singleEvaluator<E>(arg: Evaluator<E>, fn: (v: FieldValue) => FieldValue | undefined): Evaluator<E> {
  return (e) => {
    const v = arg(e);
    return v === undefined ? undefined : fn(v);
  };
}

function valueTransform(name: TransformerName, input: ValueType): (v: FieldValue) => FieldValue | undefined {
  if (name === 'len') return (v) => lengthOf(v);
  const fn = scalarTransform(name, input);
  return (v) => (Array.isArray(v) ? mapList(v as readonly FieldScalar[], fn) : fn(v as FieldScalar));
}

function scalarTransform(name: TransformerName, input: ValueType): ScalarTransform {
  switch (name) {
    case 'tolower':
      return (v) => asciiLower(asString(v));
    case 'toupper':
      return (v) => asciiUpper(asString(v));
    case 'basename':
      return (v) => basename(asString(v));
    default:
      return input.kind === 'buffer' ? (v) => decodeBase64Strict(asBytes(v)) : b64ToString;
  }
}

function b64ToString(v: FieldScalar): string | undefined {
  const bytes = decodeBase64Strict(asBytes(v));
  return bytes === undefined ? undefined : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** A failed element (invalid base64) makes the whole value missing, as in libsinsp. */
function mapList(list: readonly FieldScalar[], fn: ScalarTransform): FieldScalar[] | undefined {
  const out: FieldScalar[] = [];
  for (const item of list) {
    const t = fn(item);
    if (t === undefined) return undefined;
    out.push(t);
  }
  return out;
}

function basename(s: string): string {
  const slash = s.lastIndexOf('/');
  return slash < 0 ? s : s.slice(slash + 1);
}

/** UTF-8 byte length of a string (strnlen), byte count of a buffer, item count of a list. */
function lengthOf(v: FieldValue): number {
  if (Array.isArray(v)) return v.length;
  if (v instanceof Uint8Array) return v.length;
  return Buffer.byteLength(asString(v as FieldScalar), 'utf8');
}

function joinEvaluator<E>(sepArg: Evaluator<E>, listArg: Evaluator<E>): Evaluator<E> {
  return (e) => {
    const sep = sepArg(e);
    if (sep === undefined) return undefined;
    const list = listArg(e);
    if (list === undefined) return undefined;
    const items = Array.isArray(list) ? (list as readonly FieldScalar[]) : [list as FieldScalar];
    return items.map(asString).join(asString(firstOf(sep)));
  };
}

function concatEvaluator<E>(args: readonly Evaluator<E>[]): Evaluator<E> {
  return (e) => {
    let out = '';
    for (const arg of args) {
      const v = arg(e);
      if (v === undefined) return undefined;
      out += asString(firstOf(v));
    }
    return out;
  };
}

function getoptEvaluator<E>(
  argsArg: Evaluator<E>,
  optArg: Evaluator<E>,
  index: string | undefined,
  constOptstring: string | undefined,
): Evaluator<E> {
  const constSpec = constOptstring === undefined ? undefined : parseOptstring(constOptstring);
  return (e) => {
    const spec = constSpec ?? optSpecOf(optArg(e));
    if (spec === undefined) return undefined;
    const argv = argsArg(e);
    if (argv === undefined) return undefined;
    const args = (Array.isArray(argv) ? (argv as readonly FieldScalar[]) : [argv as FieldScalar]).map(asString);
    return index === undefined ? getoptAll(args, spec) : getoptSelect(args, spec, index);
  };
}

function optSpecOf(v: FieldValue | undefined): OptSpec | undefined {
  return v === undefined ? undefined : parseOptstring(asString(firstOf(v)));
}

function firstOf(v: FieldValue): FieldScalar {
  return Array.isArray(v) ? ((v as readonly FieldScalar[])[0] ?? '') : (v as FieldScalar);
}
