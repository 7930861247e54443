// evt.* fields (sinsp_filtercheck_gen_event.cpp, sinsp_filtercheck_event.cpp).
// Per-code facts (parameter positions, categories, which open-flag layout an
// event has) are computed when a field is bound, so extraction is an array
// load plus the formatting libsinsp does.
import { EVENT_COUNT, allEvents, eventInfo, eventName } from '../../capture/event-schema.js';
import { genericSyscallName } from '../../capture/ppm-syscalls.js';
import type { FieldValue } from '../field-access.js';
import type { EventContext } from '../../state/event-context.js';
import {
  IS_METAEVENT, IS_SYSCALL, READS_FD, WAITS, WRITES_FD, concatenatePaths, eventEpochNs, hasReturnValue,
  eventEpochNsec, eventEpochSec, nsValue, num, paramText, returnValue, threadCwd, tsToIso8601, tsToString,
} from './common.js';
import { argsText, dots, paramIndexByCode, paramValueText } from './param-render.js';
import type { DisplayTable, Extractor, FieldTable, ResolvedArg } from './types.js';

const EVENTS = allEvents();
const codeOf = (id: string): number => EVENTS.findIndex((e) => e.id === id);

const GENERIC_X = codeOf('GENERIC_X');
const ASYNCEVENT_E = codeOf('ASYNCEVENT_E');
const OPEN_X = codeOf('SYSCALL_OPEN_X');
const OPENAT_2_X = codeOf('SYSCALL_OPENAT_2_X');
const OPENAT2_X = codeOf('SYSCALL_OPENAT2_X');
const OPEN_BY_HANDLE_AT_X = codeOf('SYSCALL_OPEN_BY_HANDLE_AT_X');
const CREAT_X = codeOf('SYSCALL_CREAT_X');

/** The evt.type of an event: generic events name their syscall, async events carry their own name. */
export function eventTypeName(ctx: EventContext): string {
  const code = ctx.event.type;
  if (code === GENERIC_X) return genericSyscallName(num(ctx.event.params[0] ?? null) ?? 0, num(ctx.event.params[1] ?? null)) ?? '';
  if (code === ASYNCEVENT_E) return paramText(ctx.event.params[1] ?? null);
  return eventName(code);
}

// ---------------------------------------------------------------------------
// Categories

// The syscall-class words of the event table are not categories.
const CLASS_WORDS = new Set(['syscall', 'tracepoint', 'plugin', 'metaevent', 'iter']);
const CATEGORY_TEXT: Readonly<Record<string, string>> = {
  unknown: 'unknown', other: 'other', file: 'file', net: 'net', ipc: 'IPC', memory: 'memory', process: 'process',
  sleep: 'sleep', system: 'system', signal: 'signal', user: 'user', time: 'time', processing: 'processing',
  wait: 'wait', scheduler: 'scheduler', internal: 'internal',
};
// 0 = fixed text, 1 = I/O: the text depends on the fd's type.
const CATEGORY: string[] = new Array<string>(EVENT_COUNT + 1).fill('unknown');
const IO_CATEGORY = new Uint8Array(EVENT_COUNT + 1);
for (const e of EVENTS) {
  const word = e.categories.find((c) => !CLASS_WORDS.has(c)) ?? 'unknown';
  if (word.startsWith('io_')) IO_CATEGORY[e.code] = 1;
  else CATEGORY[e.code] = CATEGORY_TEXT[word] ?? 'unknown';
}
const MEMORY = EVENTS.map((e) => e.categories.includes('memory'));

/** sinsp_evt::get_category's subcategory for I/O events. */
function ioCategory(ctx: EventContext): string {
  const fd = ctx.fd;
  if (fd === undefined) return 'unknown';
  switch (fd.type) {
    case 'file': case 'directory': return 'file';
    case 'ipv4': case 'ipv6': case 'ipv4-server': case 'ipv6-server': return 'net';
    case 'fifo': case 'unix': case 'event': case 'signalfd': case 'inotify': case 'userfaultfd': return 'ipc';
    default: return 'unknown';
  }
}

// ---------------------------------------------------------------------------
// Open flags

const PPM_O_RDONLY = 1;
const PPM_O_WRONLY = 2;
const PPM_O_CREAT = 1 << 2;
const PPM_O_TMPFILE = 1 << 13;
const PPM_O_F_CREATED = 1 << 14;
const EXEC_BITS = 0o111;

// Where open-like exit events keep flags and mode (-1: none).
const OPEN_FLAGS_AT = new Int8Array(EVENT_COUNT + 1).fill(-1);
const OPEN_MODE_AT = new Int8Array(EVENT_COUNT + 1).fill(-1);
for (const [code, flags, mode] of [[OPEN_X, 2, 3], [OPENAT_2_X, 3, 4], [OPENAT2_X, 3, 4], [OPEN_BY_HANDLE_AT_X, 2, -1]] as const) {
  if (code >= 0) {
    OPEN_FLAGS_AT[code] = flags;
    OPEN_MODE_AT[code] = mode;
  }
}

function openFlags(ctx: EventContext): number {
  return num(ctx.event.params[OPEN_FLAGS_AT[ctx.event.type]!] ?? null) ?? 0;
}

const isOpenRead: Extractor = (ctx) => OPEN_FLAGS_AT[ctx.event.type] !== -1 && (openFlags(ctx) & PPM_O_RDONLY) !== 0;
const isOpenWrite: Extractor = (ctx) => OPEN_FLAGS_AT[ctx.event.type] !== -1 && (openFlags(ctx) & PPM_O_WRONLY) !== 0;

const isOpenCreate: Extractor = (ctx) => {
  if (OPEN_FLAGS_AT[ctx.event.type] === -1) return false;
  const flags = openFlags(ctx);
  if ((flags & PPM_O_F_CREATED) !== 0) return true;
  return (flags & PPM_O_TMPFILE) !== 0 && hasReturnValue(ctx) && returnValue(ctx) >= 0;
};

const isOpenExec: Extractor = (ctx) => {
  const code = ctx.event.type;
  if (code === CREAT_X) return ((num(ctx.event.params[2] ?? null) ?? 0) & EXEC_BITS) !== 0;
  if (OPEN_FLAGS_AT[code] === -1 || OPEN_MODE_AT[code] === -1) return false;
  if ((openFlags(ctx) & (PPM_O_TMPFILE | PPM_O_CREAT)) === 0) return false;
  const mode = num(ctx.event.params[OPEN_MODE_AT[code]!] ?? null);
  return mode !== undefined && (mode & EXEC_BITS) !== 0;
};

// ---------------------------------------------------------------------------
// Return value fields

const res: Extractor = (ctx) => {
  if (!hasReturnValue(ctx)) return undefined;
  return returnValue(ctx) >= 0 ? 'SUCCESS' : paramValueText(ctx, 0);
};

const rawres: Extractor = (ctx) => (hasReturnValue(ctx) ? returnValue(ctx) : undefined);

const failed: Extractor = (ctx) => (hasReturnValue(ctx) ? returnValue(ctx) < 0 : undefined);

const errorCount: Extractor = (ctx) => (hasReturnValue(ctx) ? (returnValue(ctx) < 0 ? 1 : 0) : undefined);

const FILE_OPENS = new Set([OPEN_X, CREAT_X, OPENAT_2_X, OPENAT2_X, OPEN_BY_HANDLE_AT_X]);
const NET_OPENS = new Set([codeOf('SOCKET_ACCEPT_5_X'), codeOf('SOCKET_ACCEPT4_6_X'), codeOf('SOCKET_CONNECT_X')]);
const isFileFd = (t: string): boolean => t === 'file' || t === 'directory';
const isNetFd = (t: string): boolean => t === 'ipv4' || t === 'ipv6' || t === 'ipv4-server' || t === 'ipv6-server' || t === 'unix';

const errorCountFile: Extractor = (ctx) => {
  const fd = ctx.fd;
  if (fd !== undefined ? isFileFd(fd.type) : FILE_OPENS.has(ctx.event.type)) return errorCount(ctx);
  return undefined;
};

const errorCountNet: Extractor = (ctx) => {
  const fd = ctx.fd;
  if (fd !== undefined ? isNetFd(fd.type) : NET_OPENS.has(ctx.event.type)) return errorCount(ctx);
  return undefined;
};

const errorCountMemory: Extractor = (ctx) => (MEMORY[ctx.event.type] ? errorCount(ctx) : undefined);

const errorCountOther: Extractor = (ctx) => {
  const fd = ctx.fd;
  const code = ctx.event.type;
  const other = fd !== undefined
    ? !isFileFd(fd.type) && !isNetFd(fd.type)
    : !FILE_OPENS.has(code) && !NET_OPENS.has(code) && !MEMORY[code];
  return other ? errorCount(ctx) : undefined;
};

// ---------------------------------------------------------------------------
// Parameters

/** evt.arg.NAME / evt.arg[N]. */
function argField(arg: ResolvedArg): Extractor {
  if (arg.argIndex !== undefined) {
    const idx = arg.argIndex;
    return (ctx) => paramValueText(ctx, idx);
  }
  const byCode = paramIndexByCode(arg.arg ?? '');
  return (ctx) => {
    const idx = byCode[ctx.event.type] ?? -1;
    return idx < 0 ? undefined : paramValueText(ctx, idx);
  };
}

/** evt.rawarg.NAME: the parameter's wire value; empty parameters compare as missing. */
function rawargField(arg: ResolvedArg): Extractor {
  const byCode = paramIndexByCode(arg.arg ?? '');
  return (ctx) => {
    const idx = byCode[ctx.event.type] ?? -1;
    if (idx < 0) return undefined;
    const v = ctx.event.params[idx];
    return v === null || v === undefined ? undefined : v;
  };
}

const DATA_AT = paramIndexByCode('data');
const textEncoder = new TextEncoder();

/** evt.buffer in conditions: the raw bytes of the `data` parameter. */
const bufferRaw: Extractor = (ctx) => {
  const idx = DATA_AT[ctx.event.type] ?? -1;
  if (idx < 0) return undefined;
  const v = ctx.event.params[idx];
  if (v instanceof Uint8Array) return v.length === 0 ? undefined : v;
  if (typeof v === 'string') return v === '' ? undefined : textEncoder.encode(v);
  return undefined;
};

/** evt.buffer in outputs: the buffer with non-printables as dots ("NULL" when empty). */
const bufferText: Extractor = (ctx) => {
  const idx = DATA_AT[ctx.event.type] ?? -1;
  if (idx < 0) return undefined;
  const v = ctx.event.params[idx];
  return v === null || v === undefined ? 'NULL' : dots(v);
};

const args: Extractor = (ctx) => (ctx.event.type === GENERIC_X ? '' : argsText(ctx));

const buflen: Extractor = (ctx) => {
  if (ctx.fd === undefined || IO_CATEGORY[ctx.event.type] !== 1 || !hasReturnValue(ctx)) return undefined;
  const r = returnValue(ctx);
  return r >= 0 ? r : undefined;
};

// ---------------------------------------------------------------------------
// evt.abspath

interface AbsPathSpec {
  dirfd: string;
  path: string;
}
const RENAMES = ['SYSCALL_RENAMEAT_X', 'SYSCALL_RENAMEAT2_X'];
const ABSPATH: Readonly<Record<string, readonly [AbsPathSpec, AbsPathSpec]>> = {
  ...Object.fromEntries(RENAMES.map((id) => [id, [{ dirfd: 'olddirfd', path: 'oldpath' }, { dirfd: 'newdirfd', path: 'newpath' }]])),
  SYSCALL_LINKAT_2_X: [{ dirfd: 'olddir', path: 'oldpath' }, { dirfd: 'newdir', path: 'newpath' }],
  SYSCALL_SYMLINKAT_X: [{ dirfd: 'linkdirfd', path: 'linkpath' }, { dirfd: 'linkdirfd', path: 'linkpath' }],
  SYSCALL_OPENAT_2_X: [{ dirfd: 'dirfd', path: 'name' }, { dirfd: 'dirfd', path: 'name' }],
  SYSCALL_OPENAT2_X: [{ dirfd: 'dirfd', path: 'name' }, { dirfd: 'dirfd', path: 'name' }],
  SYSCALL_UNLINKAT_2_X: [{ dirfd: 'dirfd', path: 'name' }, { dirfd: 'dirfd', path: 'name' }],
  SYSCALL_MKDIRAT_X: [{ dirfd: 'dirfd', path: 'path' }, { dirfd: 'dirfd', path: 'path' }],
  SYSCALL_FCHMODAT_X: [{ dirfd: 'dirfd', path: 'filename' }, { dirfd: 'dirfd', path: 'filename' }],
  SYSCALL_FCHOWNAT_X: [{ dirfd: 'dirfd', path: 'pathname' }, { dirfd: 'dirfd', path: 'pathname' }],
};

/** sinsp_filter_check_event::extract_abspath; `dst` picks the second path of renames and links. */
function abspathField(arg: ResolvedArg): Extractor {
  const second = arg.arg === 'dst';
  const dirfdAt = new Int8Array(EVENT_COUNT + 1).fill(-1);
  const pathAt = new Int8Array(EVENT_COUNT + 1).fill(-1);
  for (const [id, specs] of Object.entries(ABSPATH)) {
    const code = codeOf(id);
    const params = eventInfo(code)?.params ?? [];
    const spec = specs[second ? 1 : 0];
    dirfdAt[code] = params.findIndex((p) => p.name === spec.dirfd);
    pathAt[code] = params.findIndex((p) => p.name === spec.path);
  }
  return (ctx) => {
    const t = ctx.thread;
    if (t === undefined) return undefined;
    const code = ctx.event.type;
    const params = ctx.event.params;
    if (code === OPEN_BY_HANDLE_AT_X) {
      const fd = num(params[0] ?? null) ?? 0;
      return fd > 0 ? concatenatePaths('', paramText(params[3] ?? null)) : undefined;
    }
    const di = dirfdAt[code]!;
    const pi = pathAt[code]!;
    if (di < 0 || pi < 0) return undefined;
    const dirfdParam = params[di];
    const pathParam = params[pi];
    if (dirfdParam === null || dirfdParam === undefined || pathParam === null || pathParam === undefined) return undefined;
    const path = paramText(pathParam);
    const dirfd = num(dirfdParam) ?? 0;
    let dir: string;
    if (path.charCodeAt(0) === 47) dir = '.';
    else if (dirfd === -100) dir = threadCwd(ctx.state, t);
    else {
      const info = t.fds.get(dirfd);
      // libsinsp's "already ends with /" test reads past the name, so it always appends one.
      dir = info === undefined ? '<UNKNOWN>/' : `${info.name}/`;
    }
    return concatenatePaths(dir, path);
  };
}

// ---------------------------------------------------------------------------
// evt.type.is

function typeIsField(arg: ResolvedArg): Extractor {
  let first: number;
  let second: number;
  if (arg.argIndex !== undefined) {
    first = arg.argIndex;
    second = -1;
  } else {
    // libsinsp takes the first table entry with the name and the one after it.
    first = EVENTS.findIndex((e) => e.name === arg.arg);
    second = first + 1;
  }
  return (ctx) => (ctx.event.type === first || ctx.event.type === second ? 1 : 0);
}

// ---------------------------------------------------------------------------
// Time

const time: Extractor = (ctx) => tsToString(eventEpochSec(ctx), eventEpochNsec(ctx), false, true);

const relNs = (ctx: EventContext): number => ctx.event.ts - ctx.firstTs;

const constant = (v: FieldValue | undefined): (() => Extractor) => () => () => v;
const always = (e: Extractor): (() => Extractor) => () => e;

export const evtFields: FieldTable = {
  'evt.num': always((ctx) => ctx.num),
  'evt.time': always(time),
  'evt.time.s': always((ctx) => tsToString(eventEpochSec(ctx), 0, false, false)),
  'evt.time.iso8601': always((ctx) => tsToIso8601(eventEpochSec(ctx), eventEpochNsec(ctx))),
  'evt.datetime': always((ctx) => tsToString(eventEpochSec(ctx), eventEpochNsec(ctx), true, true)),
  'evt.datetime.s': always((ctx) => tsToString(eventEpochSec(ctx), 0, true, false)),
  'evt.rawtime': always((ctx) => nsValue(eventEpochNs(ctx))),
  'evt.rawtime.s': always(eventEpochSec),
  'evt.rawtime.ns': always(eventEpochNsec),
  'evt.reltime': always(relNs),
  'evt.reltime.s': always((ctx) => Math.floor(relNs(ctx) / 1e9)),
  'evt.reltime.ns': always((ctx) => relNs(ctx) % 1e9),
  // The default -t mode is 'h', which prints like evt.time.
  'evt.outputtime': always(time),
  // No plugin events in a syscall capture.
  'evt.pluginname': constant(undefined),
  'evt.plugininfo': constant(undefined),
  'evt.source': constant('syscall'),
  'evt.is_async': always((ctx) => IS_METAEVENT[ctx.event.type] === 1),
  'evt.asynctype': always((ctx) => (IS_METAEVENT[ctx.event.type] === 1 ? eventTypeName(ctx) : undefined)),
  // Deprecated: libsinsp hardcodes them to zero.
  'evt.latency': constant(0),
  'evt.latency.s': constant(0),
  'evt.latency.ns': constant(0),
  'evt.latency.quantized': constant(0),
  'evt.latency.human': constant('0ns'),
  'evt.wait_latency': constant(0),
  'evt.dir': always((ctx) => (ctx.event.type % 2 === 0 ? '>' : '<')),
  'evt.type': always(eventTypeName),
  'evt.type.is': typeIsField,
  'syscall.type': always((ctx) => (IS_SYSCALL[ctx.event.type] === 1 ? eventTypeName(ctx) : undefined)),
  'evt.category': always((ctx) => (IO_CATEGORY[ctx.event.type] === 1 ? ioCategory(ctx) : CATEGORY[ctx.event.type] ?? 'unknown')),
  'evt.cpu': always((ctx) => ctx.event.cpu),
  'evt.args': always(args),
  'evt.info': always(args),
  'evt.arg': argField,
  'evt.rawarg': rawargField,
  'evt.buffer': always(bufferRaw),
  'evt.buflen': always(buflen),
  'evt.res': always(res),
  'evt.rawres': always(rawres),
  'evt.failed': always(failed),
  'evt.is_io': always((ctx) => READS_FD[ctx.event.type] === 1 || WRITES_FD[ctx.event.type] === 1),
  'evt.is_io_read': always((ctx) => READS_FD[ctx.event.type] === 1),
  'evt.is_io_write': always((ctx) => WRITES_FD[ctx.event.type] === 1),
  'evt.io_dir': always((ctx) => (WRITES_FD[ctx.event.type] === 1 ? 'write' : READS_FD[ctx.event.type] === 1 ? 'read' : undefined)),
  'evt.is_wait': always((ctx) => WAITS[ctx.event.type] === 1),
  'evt.is_syslog': always((ctx) => WRITES_FD[ctx.event.type] === 1 && ctx.fd !== undefined && ctx.fd.name.includes('/dev/log')),
  'evt.count': constant(1),
  'evt.count.error': always(errorCount),
  'evt.count.error.file': always(errorCountFile),
  'evt.count.error.net': always(errorCountNet),
  'evt.count.error.memory': always(errorCountMemory),
  'evt.count.error.other': always(errorCountOther),
  'evt.count.exit': always((ctx) => (ctx.event.type % 2 === 1 ? 1 : undefined)),
  'evt.abspath': abspathField,
  'evt.is_open_read': always(isOpenRead),
  'evt.is_open_write': always(isOpenWrite),
  'evt.is_open_exec': always(isOpenExec),
  'evt.is_open_create': always(isOpenCreate),
};

export const evtDisplayFields: DisplayTable = {
  'evt.buffer': always(bufferText),
};

