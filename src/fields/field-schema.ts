// The field catalog as a FieldSchema: resolves a field reference the way
// libsinsp's filtercheck parsers do (longest registered name, then the
// field's own argument syntax), with libsinsp's error wording so rule load
// errors read like Falco's.
import { EVENT_TABLE } from '../capture/event-table.js';
import type { FieldInfo, FieldKind, FieldSchema } from './field-access.js';
import { FIELD_CATALOG } from './field-catalog.js';

/** One catalog row, flags as a set. */
export interface CatalogField {
  name: string;
  fieldClass: string;
  /** `libsinsp` for built-in filterchecks, else the plugin providing the field. */
  provider: string;
  ptType: string;
  flags: ReadonlySet<string>;
  description: string;
}

/** A resolved reference: the registered field plus the argument it was given. */
export interface ResolvedField extends FieldInfo {
  /** The reference as written, `evt.arg.flags` or `proc.aname[2]`. */
  text: string;
  /** `flags` for `evt.arg.flags`, `2` for `proc.aname[2]`; undefined without one. */
  arg: string | undefined;
  /** Set when libsinsp reads the argument as a number (`evt.arg[1]`, `proc.aname[2]`, `container.mount[0]`). */
  argIndex: number | undefined;
  fieldClass: string;
  provider: string;
  description: string;
  filterOnly: boolean;
  printOnly: boolean;
  formatSuggested: boolean;
}

const STRING_TYPES = new Set(['CHARBUF', 'FSPATH', 'FSRELPATH']);
const NUMBER_TYPES = new Set([
  'INT8', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'ERRNO', 'FD', 'FD32', 'PID', 'PID32',
  'FLAGS8', 'FLAGS16', 'FLAGS32', 'ENUMFLAGS8', 'ENUMFLAGS16', 'ENUMFLAGS32', 'MODE', 'RELTIME', 'ABSTIME',
  'DOUBLE', 'UID', 'GID', 'SIGTYPE', 'SYSCALLID', 'SIGSET', 'L4PROTO', 'SOCKFAMILY',
]);
const IPADDR_TYPES = new Set(['IPV4ADDR', 'IPV6ADDR', 'IPADDR']);
const IPNET_TYPES = new Set(['IPV4NET', 'IPV6NET', 'IPNET']);
// Parameter payloads with no scalar reading; only `evt.rawarg` can surface them.
const OPAQUE_TYPES = new Set(['BYTEBUF', 'SOCKADDR', 'SOCKTUPLE', 'FDLIST', 'CHARBUFARRAY', 'CHARBUF_PAIR_ARRAY', 'DYN']);

/** How values of a libsinsp type compare. Throws on a type name libsinsp does not have. */
export function fieldKind(ptType: string): FieldKind {
  if (STRING_TYPES.has(ptType)) return 'string';
  if (NUMBER_TYPES.has(ptType)) return 'number';
  if (ptType === 'PORT') return 'port';
  if (ptType === 'BOOL') return 'bool';
  if (IPADDR_TYPES.has(ptType)) return 'ipaddr';
  if (IPNET_TYPES.has(ptType)) return 'ipnet';
  if (OPAQUE_TYPES.has(ptType)) return 'buffer';
  throw new Error(`unknown field type ${ptType}`);
}

// flt_is_comparable (filter_compare.cpp) accepts only these types for
// anything but `exists`; UID/GID, FD32/PID32 and the opaque payloads fall to
// its "operator not supported for type" error even though they have a kind.
const COMPARABLE_TYPES = new Set([
  'INT8', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'ERRNO', 'FD', 'PID', 'SYSCALLID',
  'SIGTYPE', 'RELTIME', 'ABSTIME', 'PORT', 'FLAGS8', 'FLAGS16', 'FLAGS32', 'DOUBLE', 'MODE', 'ENUMFLAGS8',
  'ENUMFLAGS16', 'ENUMFLAGS32', 'BOOL', 'IPV4ADDR', 'IPV4NET', 'IPV6ADDR', 'IPV6NET', 'IPADDR', 'IPNET',
  'CHARBUF', 'FSPATH', 'FSRELPATH', 'BYTEBUF',
]);
// List fields are comparable for fewer types (flt_is_comparable, is_list branch).
const LIST_COMPARABLE_TYPES = new Set(['CHARBUF', 'UINT64', 'RELTIME', 'ABSTIME', 'BOOL', 'IPADDR', 'IPNET']);

/** Whether libsinsp accepts operators other than `exists` on a field of this type. */
export function isComparableType(ptType: string, isList = false): boolean {
  return (isList ? LIST_COMPARABLE_TYPES : COMPARABLE_TYPES).has(ptType);
}

/** libsinsp prints DYN as DYNAMIC in its type errors; every other name is the PT_ suffix. */
export function ptTypeDisplayName(ptType: string): string {
  return ptType === 'DYN' ? 'DYNAMIC' : ptType;
}

/** The output-side check: FILTER_ONLY fields cannot be printed (sinsp_filter_check::parse_field_name). */
export function displayFieldError(field: ResolvedField): string | undefined {
  return field.filterOnly ? `${field.text} is filter only and cannot be used as a display field` : undefined;
}

// ---------------------------------------------------------------------------
// Argument syntax

/** A parsed argument, an error message, or null: the text is not this field (nonexistent). */
type ArgResult = { arg?: string; argIndex?: number; ptType?: string } | string | null;

/**
 * The built-in fields whose filtercheck overrides parse_field_name. Every
 * other built-in field takes no argument at all: libsinsp matches its name
 * and rejects any leftover text as a nonexistent field.
 */
interface ArgSyntax {
  /** `field.suffix`: the suffix. */
  dot?: (suffix: string, text: string) => ArgResult;
  /** `field[arg]`. */
  bracket?: (arg: string, text: string) => ArgResult;
  /** The error for a bare reference, when the field needs an argument. */
  bare?: (text: string) => string;
}

// What sscanf("%d%c") == 1 accepts in sinsp_numparser.
const NUMBER_TEXT = /^\s*[+-]?\d+$/;
const syntaxError = (text: string): string => `filter syntax error: ${text}`;

// The thread filtercheck catches its own number parse error and falls back to
// the bare name, which then fails libsinsp's exact-length check.
const ancestorIndex = (arg: string): ArgResult => (NUMBER_TEXT.test(arg) ? { arg, argIndex: Number(arg) } : null);
// The event and fd filterchecks let the parse error escape.
const strictIndex = (arg: string): ArgResult => (NUMBER_TEXT.test(arg) ? { arg, argIndex: Number(arg) } : `${arg} is not a valid number`);
// proc.env[NAME] is a variable name, unless it is all digits (an index).
const envKey = (arg: string): ArgResult => (/^\d+$/.test(arg) ? { arg, argIndex: Number(arg) } : { arg });

interface ParamInfo {
  name: string;
  type: string;
}

let paramNames: readonly ParamInfo[] | undefined;
/** Every event parameter in event-table order, first occurrence of each name kept. */
function eventParams(): readonly ParamInfo[] {
  if (!paramNames) {
    const seen = new Map<string, ParamInfo>();
    for (const row of EVENT_TABLE) {
      for (const p of row[4].split(' ')) {
        if (!p) continue;
        const [name = '', type = ''] = p.split(':');
        if (!seen.has(name)) seen.set(name, { name, type });
      }
    }
    paramNames = [...seen.values()];
  }
  return paramNames;
}

/**
 * sinsp_utils::find_longest_matching_evt_param: the longest parameter name
 * that prefixes the suffix, across all events; the first event declaring it
 * supplies its type, which is what `evt.rawarg` compiles against.
 */
function eventParam(suffix: string): ParamInfo | string | null {
  let best: ParamInfo | undefined;
  for (const p of eventParams()) {
    if (suffix.startsWith(p.name) && p.name.length > (best?.name.length ?? 0)) best = p;
  }
  if (!best) return `unknown event argument ${suffix}`;
  return best.name.length === suffix.length ? best : null;
}

let eventNames: ReadonlySet<string> | undefined;
function isEventName(name: string): boolean {
  eventNames ??= new Set(EVENT_TABLE.map((row) => row[1]));
  return eventNames.has(name);
}

const ANCESTRY: ArgSyntax = { bracket: ancestorIndex };

const ARG_SYNTAX: ReadonlyMap<string, ArgSyntax> = new Map<string, ArgSyntax>([
  // The filter compares evt.arg as the rendered string (flag names, errno
  // names, `<f>/path` for fds, user names for uids) whatever the parameter's
  // wire type, so the field stays CHARBUF; evt.rawarg compares the raw value.
  ['evt.arg', {
    dot: (suffix) => {
      const p = eventParam(suffix);
      return p === null || typeof p === 'string' ? p : { arg: p.name };
    },
    bracket: strictIndex,
    bare: syntaxError,
  }],
  // The catalog types evt.rawarg DYN; libsinsp retypes it at parse time to
  // the named parameter's type so that its filter values parse and compare
  // as that type (sinsp_filter_check_event::parse_field_name).
  ['evt.rawarg', {
    dot: (suffix) => {
      const p = eventParam(suffix);
      return p === null || typeof p === 'string' ? p : { arg: p.name, ptType: p.type };
    },
    bracket: () => 'evt.arg fields must be expressed explicitly',
    bare: syntaxError,
  }],
  ['evt.around', { dot: () => 'wrong syntax for evt.around', bracket: strictIndex, bare: syntaxError }],
  ['evt.type.is', {
    dot: (suffix) => (/^\d+$/.test(suffix) ? { arg: suffix, argIndex: Number(suffix) } : isEventName(suffix) ? { arg: suffix } : null),
    bracket: (_arg, text) => syntaxError(text),
    bare: syntaxError,
  }],
  // Flagged ARG_REQUIRED, but the parser takes a bare evt.abspath as the
  // default path and only `.src` / `.dst` as suffixes.
  ['evt.abspath', { dot: (suffix) => (suffix === 'src' || suffix === 'dst' ? { arg: suffix } : null) }],
  ['thread.cgroup', {
    dot: (suffix) => (/^[A-Za-z_]*$/.test(suffix) ? { arg: suffix } : null),
    bracket: (_arg, text) => syntaxError(text),
    bare: syntaxError,
  }],
  ['proc.apid', ANCESTRY],
  ['proc.aname', ANCESTRY],
  ['proc.aexe', ANCESTRY],
  ['proc.aexepath', ANCESTRY],
  ['proc.acmdline', ANCESTRY],
  ['proc.aargs', ANCESTRY],
  ['proc.args', ANCESTRY],
  ['proc.env', { bracket: envKey }],
  ['proc.aenv', { bracket: envKey }],
  ['fd.types', { bracket: strictIndex }],
]);

/** Which built-in fields parse arguments their own way (exported for tests). */
export function hasCustomArgSyntax(name: string): boolean {
  return ARG_SYNTAX.has(name);
}

/** Plugin fields: the generic parser of sinsp_filter_check_plugin, driven by the ARG_* flags. */
function pluginArg(field: CatalogField, text: string, suffix: string | undefined, arg: string | undefined): ArgResult {
  const required = field.flags.has('ARG_REQUIRED');
  if (suffix !== undefined) {
    // The plugin parser checks the required argument before libsinsp's
    // exact-length check gets to reject the leftover suffix.
    return arg === undefined && required ? `filter '${text}': ${field.name} requires an argument but none provided` : null;
  }
  if (arg === undefined) {
    return required ? `filter '${text}': ${field.name} requires an argument but none provided` : {};
  }
  if (!field.flags.has('ARG_ALLOWED') && !required) {
    return `filter '${text}': ${field.name} does not allow nor require an argument but one is provided: ${arg}`;
  }
  let argIndex: number | undefined;
  if (field.flags.has('ARG_INDEX')) {
    // Leading zeros make an argument a key, not an index.
    let problem: string | undefined;
    if (arg.length === 0 || (arg.length > 1 && arg.startsWith('0'))) problem = 'has an invalid index argument starting with 0';
    if (!/^\d*$/.test(arg)) problem = 'has an invalid index argument not composed only by digits';
    if (problem === undefined && !Number.isSafeInteger(Number(arg))) problem = 'has an invalid index argument not representable on 64 bit';
    if (problem === undefined) argIndex = Number(arg);
    else if (!field.flags.has('ARG_KEY')) return `filter ${text} ${field.name} ${problem}: ${arg}`;
  }
  return argIndex === undefined ? { arg } : { arg, argIndex };
}

function builtinArg(field: CatalogField, text: string, suffix: string | undefined, arg: string | undefined): ArgResult {
  const syntax = ARG_SYNTAX.get(field.name);
  if (suffix !== undefined && arg !== undefined) return null;
  if (suffix !== undefined) return syntax?.dot ? syntax.dot(suffix, text) : null;
  if (arg !== undefined) return syntax?.bracket ? syntax.bracket(arg, text) : null;
  return syntax?.bare ? syntax.bare(text) : {};
}

// ---------------------------------------------------------------------------
// Catalog

let catalog: ReadonlyMap<string, CatalogField> | undefined;

/** All catalog fields by name, in catalog order. */
export function catalogFields(): ReadonlyMap<string, CatalogField> {
  if (!catalog) {
    catalog = new Map(
      FIELD_CATALOG.map(([name, fieldClass, provider, ptType, flags, description]) => [
        name,
        { name, fieldClass, provider, ptType, flags: new Set(flags ? flags.split(' ') : []), description },
      ]),
    );
  }
  return catalog;
}

/**
 * The longest registered name that is the whole reference or a prefix of it
 * ending at a `.`: `evt.arg.flags` → `evt.arg` + `flags`, `evt.type.is.open`
 * → `evt.type.is` + `open`.
 */
function longestField(name: string): { field: CatalogField; suffix: string | undefined } | undefined {
  const fields = catalogFields();
  for (let end = name.length; end > 0; end = name.lastIndexOf('.', end - 1)) {
    const field = fields.get(name.slice(0, end));
    if (field) return { field, suffix: end === name.length ? undefined : name.slice(end + 1) };
  }
  return undefined;
}

/** Resolves `name` / `name[arg]` to a field, or returns libsinsp's error message. */
export function resolveField(name: string, arg: string | undefined): ResolvedField | string {
  const text = arg === undefined ? name : `${name}[${arg}]`;
  const nonexistent = `filter_check called with nonexistent field ${text}`;
  const found = longestField(name);
  if (!found) return nonexistent;
  const { field, suffix } = found;
  const parsed = field.provider === 'libsinsp' ? builtinArg(field, text, suffix, arg) : pluginArg(field, text, suffix, arg);
  if (parsed === null) return nonexistent;
  if (typeof parsed === 'string') return parsed;
  const ptType = parsed.ptType ?? field.ptType;
  const has = (flag: string): boolean => field.flags.has(flag);
  return {
    name: field.name,
    kind: fieldKind(ptType),
    ptType,
    isList: has('IS_LIST'),
    // See ARG_SYNTAX: a bare evt.abspath is valid despite its flag.
    argRequired: has('ARG_REQUIRED') && field.name !== 'evt.abspath',
    // libsinsp flags required-argument fields ARG_REQUIRED alone; they still take one.
    argAllowed: has('ARG_ALLOWED') || has('ARG_REQUIRED'),
    noRhs: has('NO_RHS'),
    noTransformer: has('NO_TRANSFORMER'),
    deprecated: has('DEPRECATED'),
    text,
    arg: parsed.arg,
    argIndex: parsed.argIndex,
    fieldClass: field.fieldClass,
    provider: field.provider,
    description: field.description,
    filterOnly: has('FILTER_ONLY'),
    printOnly: has('PRINT_ONLY'),
    formatSuggested: has('FORMAT_SUGGESTED'),
  };
}

let schema: FieldSchema | undefined;

/** The libsinsp + container plugin field catalog as a FieldSchema. */
export function catalogSchema(): FieldSchema {
  schema ??= { describe: resolveField };
  return schema;
}
