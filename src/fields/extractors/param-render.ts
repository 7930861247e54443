// Event parameters as libsinsp prints them (sinsp_evt::get_param_as_str):
// every parameter has a raw text and, for some types, a resolved text (flag
// names, errno names, `<f>/path` for fds, user names for uids, absolute paths).
// evt.arg shows the resolved text when there is one, evt.args shows both.
// Renderers are built once per event code and parameter, so the per-event
// work is the formatting itself.
import { EVENT_COUNT, eventInfo } from '../../capture/event-schema.js';
import type { ParamInfo } from '../../capture/event-schema.js';
import type { ParamValue } from '../../capture/model.js';
import { PPM_SC_NAMES } from '../../capture/ppm-syscalls.js';
import type { EventContext } from '../../state/event-context.js';
import type { FdInfo } from '../../state/state-model.js';
import {
  absTimeString, concatenatePaths, fdL4proto, ipv4Text, ipv6Text, num, paramText, threadCwd,
} from './common.js';
import { ERRNO_NAMES, FLAG_TABLES, PARAM_FLAG_TABLES, SIGNAL_NAMES } from './ppm-tables.js';
import type { NameValueTable } from './ppm-tables.js';

type Value = Exclude<ParamValue, null>;
type Render = (ctx: EventContext, v: Value, idx: number) => string;

export interface ParamRenderer {
  readonly name: string;
  readonly type: string;
  /** What an empty parameter prints as: libsinsp keeps "NULL" for the types that could always be empty. */
  readonly empty: string;
  readonly raw: Render;
  /** '' when the parameter has no resolved form. */
  readonly resolved: Render;
}

const NONE: Render = () => '';
const EMPTY_AS_NULL = new Set(['BYTEBUF', 'SOCKTUPLE', 'FDLIST', 'CHARBUFARRAY', 'CHARBUF_PAIR_ARRAY', 'DYN']);
const PPM_AT_FDCWD = -100;

// ---------------------------------------------------------------------------
// Numbers

const BITS: Readonly<Record<string, number>> = {
  INT8: 8, INT16: 16, INT32: 32, INT64: 64, UINT8: 8, UINT16: 16, UINT32: 32, UINT64: 64,
};
const SIGNED = new Set(['INT8', 'INT16', 'INT32', 'INT64']);

/** SET_NUMERIC_FORMAT + snprintf: %#o, %X (no prefix, upper case) or %d, with C's promotions. */
function formatInteger(v: Value, type: string, format: string): string {
  if (typeof v !== 'number' && typeof v !== 'bigint') return dots(v);
  const bits = BITS[type] ?? 64;
  if (format === 'HEX' || format === 'OCT') {
    const radix = format === 'HEX' ? 16 : 8;
    // Narrow values are promoted to int, so negative ones print as 32-bit two's complement.
    const text = bits <= 32 && typeof v === 'number'
      ? (v >>> 0).toString(radix)
      : BigInt.asUintN(64, BigInt(v)).toString(radix);
    if (radix === 16) return text.toUpperCase();
    return text === '0' ? '0' : `0${text}`;
  }
  // UINT32 and UINT64 go through signed %d / PRId64 in libsinsp.
  if (type === 'UINT32' && typeof v === 'number') return String(v | 0);
  if (type === 'UINT64' || (bits === 64 && !SIGNED.has(type))) {
    return typeof v === 'bigint' ? BigInt.asIntN(64, v).toString() : String(v);
  }
  return String(v);
}

/** printf("%lg"): six significant digits, exponent form outside 1e-4..1e6, trailing zeros dropped. */
export function formatG(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const exp = Number(x.toExponential(5).split('e')[1]);
  if (exp < -4 || exp >= 6) {
    const [mantissa = '', e = ''] = x.toExponential(5).split('e');
    const m = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const fixed = x.toFixed(Math.max(0, 5 - exp));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

// ---------------------------------------------------------------------------
// Flags

/**
 * FLAGS: every entry whose bits are all set, in table order, each consuming
 * its bits (so O_RDWR hides O_RDONLY/O_WRONLY); a zero entry only for zero;
 * stop at an entry equal to the whole value. ENUMFLAGS: every entry equal to
 * the value (AF_LOCAL|AF_UNIX). Results are cached per value: flag values
 * repeat from event to event.
 */
function flagNames(table: NameValueTable, exact: boolean): (value: number) => string {
  const cache = new Map<number, string>();
  return (value) => {
    let text = cache.get(value);
    if (text !== undefined) return text;
    text = '';
    let rest = value;
    for (const [name, fv] of table) {
      let match = false;
      if (exact) match = fv === value;
      else if ((fv === 0 && value === 0) || (fv !== 0 && ((rest & fv) >>> 0) === fv && rest !== 0)) {
        match = true;
        rest = (rest & ~fv) >>> 0;
      }
      if (!match) continue;
      text += text === '' ? name : `|${name}`;
      if (!exact && fv === value) break;
    }
    if (cache.size < 4096) cache.set(value, text);
    return text;
  };
}

/** MODE: like FLAGS, but scanning stops at the entry equal to the value, which is then appended. */
function modeNames(table: NameValueTable): (value: number) => string {
  return (value) => {
    let text = '';
    let rest = value;
    let i = 0;
    for (; i < table.length && table[i]![1] !== value; i++) {
      const [name, mv] = table[i]!;
      if ((mv === 0 && value === 0) || (mv !== 0 && ((rest & mv) >>> 0) === mv && rest !== 0)) {
        text += text === '' ? name : `|${name}`;
        rest = (rest & ~mv) >>> 0;
      }
    }
    if (i < table.length) text += text === '' ? table[i]![0] : `|${table[i]![0]}`;
    return text;
  };
}

let paramTables: Map<string, NameValueTable> | undefined;
function flagTableFor(eventId: string, param: string): NameValueTable | undefined {
  if (paramTables === undefined) {
    paramTables = new Map();
    for (const entry of PARAM_FLAG_TABLES) {
      const [key = '', table = ''] = entry.split(':');
      const t = FLAG_TABLES[table];
      if (t !== undefined) paramTables.set(key, t);
    }
  }
  return paramTables.get(`${eventId}.${param}`);
}

// ---------------------------------------------------------------------------
// Resolutions that need state

export function errnoName(v: number): string {
  return ERRNO_NAMES.get(-v) ?? '';
}

const L4_CHAR: Readonly<Record<string, string>> = { tcp: 't', udp: 'u', icmp: 'i', raw: 'r' };

/** The fd as the event sees it: the event's own fd entry (which survives its close), else the table's. */
export function lookupFd(ctx: EventContext, fd: number): FdInfo | undefined {
  if (fd === ctx.fdNum && ctx.fd !== undefined) return ctx.fd;
  return ctx.thread?.fds.get(fd);
}

/** sinsp_evt::render_fd's resolved text: `<f>/etc/passwd`, `<4t>1.2.3.4:5->6.7.8.9:10`, AT_FDCWD or an errno. */
function fdResolved(ctx: EventContext, v: Value): string {
  if (ctx.thread === undefined) return '';
  const fd = num(v);
  if (fd === undefined) return '';
  if (fd >= 0) {
    const info = lookupFd(ctx, fd);
    return info === undefined ? '' : `<${info.typechar}${L4_CHAR[fdL4proto(info)] ?? ''}>${info.name}`;
  }
  if (fd === PPM_AT_FDCWD) return 'AT_FDCWD';
  return errnoName(fd);
}

function userResolved(ctx: EventContext, v: Value, group: boolean): string {
  const id = num(v);
  if (id === undefined) return '';
  if (id >= 0xffffffff || id === -1) return '<NONE>';
  const t = ctx.thread;
  const entry = t === undefined ? undefined : group ? ctx.state.group(id, t.containerId) : ctx.state.user(id, t.containerId);
  if (entry !== undefined && entry.name !== '') return entry.name;
  // libsinsp adds root (uid/gid 0) to a container's tables the first time one of its threads runs as root; user.name does the same.
  return id === 0 && t !== undefined ? 'root' : '<NA>';
}

function userRaw(v: Value): string {
  const id = num(v);
  if (id === undefined) return dots(v);
  return id >= 0xffffffff || id === -1 ? '-1' : String(id | 0);
}

/** sinsp_evt::get_base_dir + concatenate_paths, when the state engine did not resolve the path. */
function resolvePath(ctx: EventContext, p: ParamInfo, path: string): string {
  const t = ctx.thread!;
  let base = threadCwd(ctx.state, t);
  if (p.type === 'FSRELPATH' && p.dirfdParam !== undefined) {
    const info = eventInfo(ctx.event.type);
    if (info?.params[p.dirfdParam]?.type === 'FD') {
      const dirfd = num(ctx.event.params[p.dirfdParam] ?? null);
      if (dirfd !== undefined && dirfd !== PPM_AT_FDCWD) {
        const dir = ctx.thread?.fds.get(dirfd);
        base = dir === undefined || dir.name === '' ? '' : dir.name.endsWith('/') ? dir.name : `${dir.name}/`;
      }
    }
  }
  return concatenatePaths(base, path);
}

function pathResolved(p: ParamInfo): Render {
  return (ctx, v, idx) => {
    const path = paramText(v);
    // Without a thread libsinsp repeats the raw text as the resolved one.
    if (ctx.thread === undefined) return path;
    if (path === '<NA>' || path === '' || path.charCodeAt(0) === 47) return '';
    return ctx.absPaths[idx] ?? resolvePath(ctx, p, path);
  };
}

// ---------------------------------------------------------------------------
// Byte payloads

/** binary_buffer_to_string_dots: printable ASCII kept, everything else a dot. */
export function dots(v: Value): string {
  if (typeof v === 'string') return v.replace(/[^\x20-\x7e]/g, '.');
  if (!(v instanceof Uint8Array)) return String(v);
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    out += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : '.';
  }
  return out;
}

const PPM_AF_UNIX = 1;
const PPM_AF_INET = 2;
const PPM_AF_INET6 = 10;

function cString(b: Uint8Array, at: number): string {
  return paramText(b.subarray(at));
}

function port(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}

function isV4Mapped(b: Uint8Array, at: number): boolean {
  for (let i = 0; i < 10; i++) if (b[at + i] !== 0) return false;
  if (b[at + 10] === 0xff && b[at + 11] === 0xff) return true;
  return b[at + 10] === 0 && b[at + 11] === 0 && b[at + 12] === 0 && b[at + 13] === 0 && b[at + 14] === 0 && b[at + 15] === 0;
}

/** write_sockaddr_param_to_storage. */
export function sockaddrText(v: Value): string {
  if (!(v instanceof Uint8Array) || v.length === 0) return '<NA>';
  const family = v[0];
  switch (family) {
    case PPM_AF_INET:
      return v.length >= 7 ? `${ipv4Text(v, 1)}:${port(v, 5)}` : 'INVALID IPv4';
    case PPM_AF_INET6:
      return v.length >= 19 ? `${ipv6Text(v, 1)}:${port(v, 17)}` : 'INVALID IPv6';
    case PPM_AF_UNIX:
      return v.length >= 2 && v[v.length - 1] === 0 ? cString(v, 1) : 'INVALID PATH';
    default:
      return `family ${family}`;
  }
}

function hex64(b: Uint8Array, at: number): string {
  let lo = 0;
  let hi = 0;
  for (let i = 3; i >= 0; i--) lo = lo * 256 + (b[at + i] ?? 0);
  for (let i = 7; i >= 4; i--) hi = hi * 256 + (b[at + i] ?? 0);
  return hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(8, '0');
}

/** write_socktuple_param_to_storage: `sip:sport->dip:dport`, IPv4-mapped pairs as IPv4, unix as `src->dst path`. */
export function socktupleText(v: Value): string {
  if (!(v instanceof Uint8Array) || v.length === 0) return 'NULL';
  const family = v[0];
  switch (family) {
    case PPM_AF_INET:
      if (v.length < 13) return 'INVALID IPv4';
      return `${ipv4Text(v, 1)}:${port(v, 5)}->${ipv4Text(v, 7)}:${port(v, 11)}`;
    case PPM_AF_INET6:
      if (v.length < 37) return 'INVALID IPv6';
      if (isV4Mapped(v, 1) && isV4Mapped(v, 19)) {
        return `${ipv4Text(v, 13)}:${port(v, 17)}->${ipv4Text(v, 31)}:${port(v, 35)}`;
      }
      return `${ipv6Text(v, 1)}:${port(v, 17)}->${ipv6Text(v, 19)}:${port(v, 35)}`;
    case PPM_AF_UNIX:
      if (v.length < 18 || v[v.length - 1] !== 0) return 'INVALID PATH';
      return `${hex64(v, 1)}->${hex64(v, 9)} ${cString(v, 17)}`;
    default:
      return `family ${family}`;
  }
}

/** PT_FDLIST: `fd:<typechar><events hex>` per entry. */
function fdlistText(ctx: EventContext, v: Value): string {
  const t = ctx.thread;
  if (t === undefined || !(v instanceof Uint8Array) || v.length < 2) return '';
  const view = new DataView(v.buffer, v.byteOffset, v.byteLength);
  const n = view.getUint16(0, true);
  let out = '';
  for (let j = 0, pos = 2; j < n && pos + 10 <= v.length; j++, pos += 10) {
    const fd = view.getBigInt64(pos, true);
    const info = t.fds.get(Number(fd));
    const flags = view.getInt16(pos + 8, true);
    out += `${j === 0 ? '' : ' '}${BigInt.asUintN(64, fd)}:${info?.typechar ?? '?'}${(flags >>> 0).toString(16)}`;
  }
  return out;
}

function sigsetText(v: Value): string {
  const bits = num(v);
  if (bits === undefined) return '';
  let out = '';
  for (let sig = 0; sig < 32; sig++) {
    if ((bits >>> sig) & 1) {
      const name = SIGNAL_NAMES[sig];
      if (name !== undefined) out += out === '' ? name : ` ${name}`;
    }
  }
  return out;
}

const U64_MAX = 0xffffffffffffffffn;

function reltimeRaw(v: Value): string {
  if (typeof v === 'bigint' && v === U64_MAX) return 'none';
  return typeof v === 'number' || typeof v === 'bigint' ? String(v) : dots(v);
}

function reltimeResolved(v: Value): string {
  if (typeof v === 'bigint' && v === U64_MAX) return '';
  const n = num(v);
  return n === undefined ? '' : `${formatG(n / 1e9)}s`;
}

// PT_DYN parameters: a one-byte index into the parameter's dynamic table
// (driver/dynamic_params_table.c), then a value of the type it names, printed
// with the outer parameter's format.
const DYNAMIC_TYPES: Readonly<Record<string, readonly string[]>> = {
  sockopt: ['BYTEBUF', 'ERRNO', 'UINT32', 'UINT64', 'RELTIME'],
  ptrace: ['UINT64', 'SIGTYPE'],
  bpf: ['FD', 'ERRNO'],
  keyctl: ['INT64', 'CHARBUF'],
};
const DYNAMIC_TABLE: Readonly<Record<string, string>> = {
  'SOCKET_SETSOCKOPT_X.val': 'sockopt', 'SOCKET_GETSOCKOPT_X.val': 'sockopt',
  'SYSCALL_PTRACE_X.addr': 'ptrace', 'SYSCALL_PTRACE_X.data': 'ptrace',
  'SYSCALL_BPF_X.res_or_fd': 'bpf',
  'SYSCALL_KEYCTL_X.arg2': 'keyctl', 'SYSCALL_KEYCTL_X.arg3': 'keyctl', 'SYSCALL_KEYCTL_X.arg4': 'keyctl',
  'SYSCALL_KEYCTL_X.arg5': 'keyctl',
};

/** The value after the index byte, decoded as `type` (little-endian, as the driver writes it). */
function dynamicValue(type: string, b: Uint8Array): Value | null {
  if (b.length === 0) return null;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const exact = (n: bigint): number | bigint => (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n);
  switch (type) {
    case 'UINT32': return b.length >= 4 ? view.getUint32(0, true) : null;
    case 'SIGTYPE': return b[0]!;
    case 'ERRNO': case 'INT64': case 'FD': return b.length >= 8 ? exact(view.getBigInt64(0, true)) : null;
    case 'UINT64': case 'RELTIME': return b.length >= 8 ? exact(view.getBigUint64(0, true)) : null;
    case 'CHARBUF': return paramText(b);
    default: return b;
  }
}

function dynamicRenderer(eventId: string, p: ParamInfo): Pick<ParamRenderer, 'raw' | 'resolved'> {
  const table = DYNAMIC_TYPES[DYNAMIC_TABLE[`${eventId}.${p.name}`] ?? ''];
  const invalid = { raw: (): string => 'INVALID DYNAMIC PARAMETER', resolved: NONE };
  if (table === undefined) return invalid;
  const inner = table.map((type) => makeRenderer(eventId, { name: p.name, type, format: p.format, dirfdParam: undefined }));
  const decode = (v: Value): [ParamRenderer, Value] | undefined => {
    if (!(v instanceof Uint8Array) || v.length === 0) return undefined;
    const r = inner[v[0]!];
    const value = r === undefined ? null : dynamicValue(r.type, v.subarray(1));
    return r === undefined || value === null ? undefined : [r, value];
  };
  return {
    raw: (ctx, v, idx) => {
      const d = decode(v);
      return d === undefined ? 'INVALID DYNAMIC PARAMETER' : d[0].raw(ctx, d[1], idx);
    },
    resolved: (ctx, v, idx) => {
      const d = decode(v);
      return d === undefined ? '' : d[0].resolved(ctx, d[1], idx);
    },
  };
}

// ---------------------------------------------------------------------------
// Renderer construction

function makeRenderer(eventId: string, p: ParamInfo): ParamRenderer {
  const base = { name: p.name, type: p.type, empty: EMPTY_AS_NULL.has(p.type) ? 'NULL' : '<NA>' };
  const { type, format } = p;
  switch (type) {
    case 'INT8': case 'INT16': case 'INT32': case 'INT64':
    case 'UINT8': case 'UINT16': case 'UINT32': case 'UINT64':
      return { ...base, raw: (_c, v) => formatInteger(v, type, format), resolved: NONE };
    case 'FD': case 'FD32':
      return { ...base, raw: (_c, v) => formatInteger(v, 'INT64', 'DEC'), resolved: fdResolved };
    case 'PID': case 'PID32':
      return {
        ...base,
        raw: (_c, v) => formatInteger(v, 'INT64', 'DEC'),
        resolved: (ctx, v) => {
          const pid = num(v);
          return pid === undefined ? '' : ctx.state.thread(pid)?.comm ?? '';
        },
      };
    case 'ERRNO':
      return {
        ...base,
        raw: (_c, v) => formatInteger(v, 'INT64', 'DEC'),
        resolved: (_c, v) => {
          const n = num(v);
          return n !== undefined && n < 0 ? errnoName(n) : '';
        },
      };
    case 'CHARBUF':
      return { ...base, raw: (_c, v) => paramText(v), resolved: NONE };
    case 'FSPATH': case 'FSRELPATH':
      return { ...base, raw: (_c, v) => paramText(v), resolved: pathResolved(p) };
    case 'BYTEBUF': case 'CHARBUFARRAY': case 'CHARBUF_PAIR_ARRAY':
      return { ...base, raw: (_c, v) => dots(v), resolved: NONE };
    case 'SOCKADDR':
      return { ...base, raw: (_c, v) => sockaddrText(v), resolved: NONE };
    case 'SOCKTUPLE':
      return { ...base, raw: (_c, v) => socktupleText(v), resolved: NONE };
    case 'FDLIST':
      return { ...base, raw: fdlistText, resolved: NONE };
    case 'SYSCALLID':
      return {
        ...base,
        raw: (_c, v) => {
          const n = num(v) ?? 0;
          return n >= PPM_SC_NAMES.length ? '<unknown syscall>' : String(n);
        },
        resolved: (_c, v) => PPM_SC_NAMES[num(v) ?? 0] ?? '',
      };
    case 'SIGTYPE':
      return {
        ...base,
        raw: (_c, v) => String((num(v) ?? 0) & 0xff),
        resolved: (_c, v) => SIGNAL_NAMES[((num(v) ?? 0) & 0xff) - 1] ?? '',
      };
    case 'RELTIME':
      return { ...base, raw: (_c, v) => reltimeRaw(v), resolved: (_c, v) => reltimeResolved(v) };
    case 'ABSTIME':
      return {
        ...base,
        raw: (_c, v) => (typeof v === 'number' || typeof v === 'bigint' ? absTimeString(BigInt(v)) : dots(v)),
        resolved: NONE,
      };
    case 'UID': case 'GID': {
      const group = type === 'GID';
      return { ...base, raw: (_c, v) => userRaw(v), resolved: (ctx, v) => userResolved(ctx, v, group) };
    }
    case 'SIGSET':
      return { ...base, raw: (_c, v) => sigsetText(v), resolved: NONE };
    case 'MODE': {
      const table = flagTableFor(eventId, p.name);
      const names = table === undefined ? undefined : modeNames(table);
      return {
        ...base,
        raw: (_c, v) => formatInteger(v, 'UINT32', format),
        resolved: names === undefined ? NONE : (_c, v) => names((num(v) ?? 0) >>> 0),
      };
    }
    case 'FLAGS8': case 'FLAGS16': case 'FLAGS32':
    case 'ENUMFLAGS8': case 'ENUMFLAGS16': case 'ENUMFLAGS32': {
      const mask = type.endsWith('8') ? 0xff : type.endsWith('16') ? 0xffff : 0xffffffff;
      const table = flagTableFor(eventId, p.name);
      const names = table === undefined ? undefined : flagNames(table, type.startsWith('ENUM'));
      const value = (v: Value): number => ((num(v) ?? 0) & mask) >>> 0;
      return {
        ...base,
        raw: (_c, v) => String(value(v)),
        resolved: names === undefined ? NONE : (_c, v) => names(value(v)),
      };
    }
    case 'DYN':
      return { ...base, ...dynamicRenderer(eventId, p) };
    default:
      return { ...base, raw: () => '(n.a.)', resolved: NONE };
  }
}

/** A parameter our table does not describe (a newer producer): bytes as dots, numbers in decimal. */
const EXTRA: ParamRenderer = {
  name: '', type: 'BYTEBUF', empty: 'NULL',
  raw: (_c, v) => (typeof v === 'number' || typeof v === 'bigint' ? String(v) : dots(v)),
  resolved: NONE,
};

const renderers: (readonly ParamRenderer[] | undefined)[] = new Array(EVENT_COUNT + 1);

/** The renderers of an event code's parameters, in table order (built on first use). */
export function renderersFor(code: number): readonly ParamRenderer[] {
  let list = renderers[code];
  if (list === undefined) {
    const info = eventInfo(code);
    list = info === undefined ? [] : info.params.map((p) => makeRenderer(info.id, p));
    renderers[code] = list;
  }
  return list;
}

/** evt.arg: the resolved text when there is one, else the raw text; undefined past the event's parameters. */
export function paramValueText(ctx: EventContext, idx: number): string | undefined {
  const params = ctx.event.params;
  if (idx < 0 || idx >= params.length) return undefined;
  const r = renderersFor(ctx.event.type)[idx] ?? EXTRA;
  const v = params[idx]!;
  if (v === null) return r.empty;
  const resolved = r.resolved(ctx, v, idx);
  return resolved !== '' ? resolved : r.raw(ctx, v, idx);
}

/** evt.args: `name=raw` or `name=raw(resolved)` for every parameter, space-separated. */
export function argsText(ctx: EventContext): string {
  const list = renderersFor(ctx.event.type);
  const params = ctx.event.params;
  let out = '';
  const n = Math.min(list.length, params.length);
  for (let i = 0; i < n; i++) {
    const r = list[i]!;
    const v = params[i]!;
    let text: string;
    if (v === null) text = `${r.name}=${r.empty}`;
    else {
      const resolved = r.resolved(ctx, v, i);
      text = resolved === '' ? `${r.name}=${r.raw(ctx, v, i)}` : `${r.name}=${r.raw(ctx, v, i)}(${resolved})`;
    }
    out += i === 0 ? text : ` ${text}`;
  }
  return out;
}

const indexCache = new Map<string, Int16Array>();

/**
 * For every event code, the index of its first parameter called `name` (-1
 * when it has none): evt.arg.NAME extractors index this per event instead of
 * searching parameter names.
 */
export function paramIndexByCode(name: string): Int16Array {
  let idx = indexCache.get(name);
  if (idx === undefined) {
    idx = new Int16Array(EVENT_COUNT + 1).fill(-1);
    for (let code = 0; code < EVENT_COUNT; code++) {
      const params = eventInfo(code)?.params ?? [];
      idx[code] = params.findIndex((p) => p.name === name);
    }
    indexCache.set(name, idx);
  }
  return idx;
}
