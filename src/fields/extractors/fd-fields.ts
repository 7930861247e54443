// fd.* fields (sinsp_filtercheck_fd.cpp). Only events that create, use or
// destroy an fd have fd fields, and only when the thread is known; the fd
// entry itself may still be missing (a failed open), in which case fd.name
// and friends fall back to the event's parameters as libsinsp does.
//
// Sockets: tuples are in libsinsp's orientation, client (sip:sport) ->
// server (dip:dport); a listening socket keeps its own address in sip:sport.
// Each field checks the socket's role the way its libsinsp case does.
// libsinsp decides "local" (fd.lip, fd.lport, fd.is_server, ...) by the
// machine's interface addresses, which a capture does not record; here an
// address is local when it is loopback or this socket's own side (sip for a
// client, dip for a server), which is what the interface test gives unless
// both ends of a connection live on this host under different addresses.
import { allEvents, EVENT_COUNT } from '../../capture/event-schema.js';
import type { FieldScalar } from '../field-access.js';
import type { EventContext } from '../../state/event-context.js';
import type { FdInfo } from '../../state/state-model.js';
import { FD_EVENT, concatenatePaths, fdL4proto, num, paramText, threadCwd } from './common.js';
import { paramValueText } from './param-render.js';
import { fdTypeString } from './process-fields.js';
import type { Extractor, FieldTable, ResolvedArg } from './types.js';
import { NO_CANDIDATES } from './types.js';

const isIpSocket = (fd: FdInfo): boolean => fd.type === 'ipv4' || fd.type === 'ipv6';
const isIpServer = (fd: FdInfo): boolean => fd.type === 'ipv4-server' || fd.type === 'ipv6-server';
const noRole = (fd: FdInfo): boolean => !fd.isClient && !fd.isServer;
const zeroIp = (fd: FdInfo): string => (fd.type === 'ipv6' || fd.type === 'ipv6-server' ? '::' : '0.0.0.0');

/** extract_fd: the event has an fd and its thread is known. */
const fdEvent = (ctx: EventContext): boolean => FD_EVENT[ctx.event.type] === 1 && ctx.thread !== undefined;

/** The fd entry the fields read, if the event has one. */
function fdOf(ctx: EventContext): FdInfo | undefined {
  return fdEvent(ctx) ? ctx.fd : undefined;
}

// ---------------------------------------------------------------------------
// Sockets

const serverIp = (fd: FdInfo): string => fd.tuple?.sip ?? zeroIp(fd);
const serverPort = (fd: FdInfo): number => fd.tuple?.sport ?? 0;
const sip = (fd: FdInfo): string => fd.tuple?.sip ?? zeroIp(fd);
const dip = (fd: FdInfo): string => fd.tuple?.dip ?? zeroIp(fd);
const sport = (fd: FdInfo): number => fd.tuple?.sport ?? 0;
const dport = (fd: FdInfo): number => fd.tuple?.dport ?? 0;

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1' || ip.startsWith('::ffff:127.');
}

/** is_ipv4addr_in_local_machine, approximated (see the header). */
function isLocal(fd: FdInfo, ip: string): boolean {
  if (isLoopback(ip)) return true;
  if (fd.isClient) return ip === sip(fd);
  if (fd.isServer) return ip === dip(fd);
  return false;
}

/** The client-side address of a connection is local: then l* is the s side, r* the d side. */
const clientIsLocal = (fd: FdInfo): boolean => isLocal(fd, sip(fd));

/** A connection's value once the socket has a role; NULL for other fds. */
const ofConnection = (pick: (fd: FdInfo) => FieldScalar): (() => Extractor) => () => (ctx) => {
  const fd = fdOf(ctx);
  return fd === undefined || !isIpSocket(fd) || noRole(fd) ? undefined : pick(fd);
};

/** fd.sip / fd.snet: the server side of a connection, or a listening socket's own address (roles apply to both). */
const serverIpField = (): Extractor => (ctx) => {
  const fd = fdOf(ctx);
  if (fd === undefined || noRole(fd)) return undefined;
  if (isIpSocket(fd)) return dip(fd);
  return isIpServer(fd) ? serverIp(fd) : undefined;
};

/** fd.sport: a listening socket's port needs no role, a connection's does. */
const serverPortField = (): Extractor => (ctx) => {
  const fd = fdOf(ctx);
  if (fd === undefined) return undefined;
  if (isIpServer(fd)) return serverPort(fd);
  return isIpSocket(fd) && !noRole(fd) ? dport(fd) : undefined;
};

/** port_to_string without name resolution; libsinsp leaves listening sockets' text empty. */
const serverProto = (): Extractor => (ctx) => {
  const fd = fdOf(ctx);
  if (fd === undefined) return undefined;
  if (isIpServer(fd)) return '';
  return isIpSocket(fd) && !noRole(fd) ? String(dport(fd)) : undefined;
};

const clientProto = (): Extractor => (ctx) => {
  const fd = fdOf(ctx);
  if (fd === undefined || noRole(fd)) return undefined;
  return isIpSocket(fd) ? String(sport(fd)) : '';
};

/**
 * fd.ip / fd.net (filter only): both endpoints of a connection (zeros before
 * it has any), a listening socket's address, or no candidate for other fds
 * (which still `exists`). Each binding refills its own lists: the compiler
 * consumes them at once.
 */
function endpointIps(): Extractor {
  const pair: FieldScalar[] = ['', ''];
  const single: FieldScalar[] = [''];
  return (ctx) => {
    const fd = fdOf(ctx);
    if (fd === undefined) return undefined;
    if (isIpServer(fd)) {
      single[0] = serverIp(fd);
      return single;
    }
    if (!isIpSocket(fd)) return NO_CANDIDATES;
    pair[0] = sip(fd);
    pair[1] = dip(fd);
    return pair;
  };
}

/** fd.port / fd.proto (filter only): both ports, or a listening socket's port. */
function endpointPorts(): Extractor {
  const pair: FieldScalar[] = [0, 0];
  const single: FieldScalar[] = [0];
  return (ctx) => {
    const fd = fdOf(ctx);
    if (fd === undefined) return undefined;
    if (isIpServer(fd)) {
      single[0] = serverPort(fd);
      return single;
    }
    if (!isIpSocket(fd)) return NO_CANDIDATES;
    pair[0] = sport(fd);
    pair[1] = dport(fd);
    return pair;
  };
}

// ---------------------------------------------------------------------------
// Names

const EVENTS = allEvents();
const codeOf = (id: string): number => EVENTS.findIndex((e) => e.id === id);

// extract_fdname_from_event: where an fd event without fd entry finds its name.
const NAME_FROM_PARAM1 = 1;
const NAME_FROM_DIRFD = 2;
const NAME_FROM_PARAM3 = 3;
const NAME_SOURCE = new Uint8Array(EVENT_COUNT + 1);
for (const id of ['SYSCALL_OPEN_X', 'SOCKET_ACCEPT_5_X', 'SOCKET_ACCEPT4_6_X', 'SYSCALL_CREAT_X', 'SOCKET_CONNECT_X']) {
  NAME_SOURCE[codeOf(id)] = NAME_FROM_PARAM1;
}
for (const id of ['SYSCALL_OPENAT_2_X', 'SYSCALL_OPENAT2_X']) NAME_SOURCE[codeOf(id)] = NAME_FROM_DIRFD;
NAME_SOURCE[codeOf('SYSCALL_OPEN_BY_HANDLE_AT_X')] = NAME_FROM_PARAM3;

/** sinsp_parser::parse_dirfd: the directory a relative *at path starts from. */
function dirfdBase(ctx: EventContext, name: string, dirfd: number): string {
  if (name.charCodeAt(0) === 47) return '.';
  const t = ctx.thread;
  if (t === undefined) return '<UNKNOWN>';
  if (dirfd === -100) return threadCwd(ctx.state, t);
  const info = t.fds.get(dirfd);
  if (info === undefined) return '<UNKNOWN>';
  return info.name === '' || info.name.endsWith('/') ? info.name : `${info.name}/`;
}

/** The name of an fd the event refers to but the table does not have; undefined = NULL. */
function nameFromEvent(ctx: EventContext, raw: boolean): string | undefined {
  const code = ctx.event.type;
  if (code % 2 === 0) return undefined;
  const params = ctx.event.params;
  switch (NAME_SOURCE[code]) {
    case NAME_FROM_PARAM1:
      return paramValueText(ctx, 1) ?? '';
    case NAME_FROM_DIRFD: {
      const name = params[2];
      if (name === null || name === undefined) return undefined;
      const text = paramText(name);
      if (raw) return text;
      const dirfd = num(params[1] ?? null);
      if (dirfd === undefined) return undefined;
      return concatenatePaths(dirfdBase(ctx, text, dirfd), text);
    }
    case NAME_FROM_PARAM3:
      return paramText(params[3] ?? null);
    default:
      return '';
  }
}

function fdName(ctx: EventContext): string | undefined {
  if (!fdEvent(ctx)) return undefined;
  return ctx.fd !== undefined ? ctx.fd.name : nameFromEvent(ctx, false);
}

/** fd.directory: a directory fd's own name, a file's parent (keeping a trailing slash), '/' at the root. */
function fdDirectory(ctx: EventContext): string | undefined {
  if (!fdEvent(ctx)) return undefined;
  const fd = ctx.fd;
  let name: string | undefined;
  if (fd === undefined) name = nameFromEvent(ctx, false);
  else if (fd.type === 'file' || fd.type === 'directory') name = fd.name;
  if (name === undefined) return undefined;
  if (fd === undefined || fd.type === 'file') {
    const pos = name.lastIndexOf('/');
    if (pos > 0) return pos < name.length - 1 ? name.slice(0, pos) : name;
    return '/';
  }
  return name;
}

function fdFilename(ctx: EventContext): string | undefined {
  const fd = fdOf(ctx);
  if (fd === undefined || fd.type !== 'file') return undefined;
  const pos = fd.name.lastIndexOf('/');
  if (pos < 0) return '/';
  return pos < fd.name.length - 1 ? fd.name.slice(pos + 1) : fd.name;
}

function fdNameRaw(ctx: EventContext): string | undefined {
  if (!fdEvent(ctx)) return undefined;
  const name = ctx.fd !== undefined ? ctx.fd.nameRaw : nameFromEvent(ctx, true);
  return name === undefined || !name.includes('//') ? name : name.replace(/\/{2,}/g, '/');
}

// sinsp_evt::extract_typechar: what a creating event implies when the fd is missing.
const TYPECHAR_FROM_EVENT: string[] = new Array<string>(EVENT_COUNT + 1).fill('o');
for (const [chr, ids] of [
  ['f', ['SYSCALL_OPENAT_2', 'SYSCALL_OPENAT2', 'SYSCALL_CREAT']],
  ['4', ['SOCKET_SOCKET', 'SOCKET_ACCEPT_5', 'SOCKET_ACCEPT4_6']],
  ['p', ['SYSCALL_PIPE', 'SYSCALL_PIPE2']],
  ['e', ['SYSCALL_EVENTFD', 'SYSCALL_EVENTFD2']],
  ['s', ['SYSCALL_SIGNALFD', 'SYSCALL_SIGNALFD4']],
  ['t', ['SYSCALL_TIMERFD_CREATE']],
  ['i', ['SYSCALL_INOTIFY_INIT', 'SYSCALL_INOTIFY_INIT1']],
] as const) {
  for (const id of ids) {
    for (const suffix of ['_E', '_X']) {
      const code = codeOf(id + suffix);
      if (code >= 0) TYPECHAR_FROM_EVENT[code] = chr;
    }
  }
}

function fdTypes(arg: ResolvedArg): Extractor {
  if (arg.argIndex !== undefined) {
    const n = arg.argIndex;
    return (ctx) => {
      if (!fdEvent(ctx)) return undefined;
      const fd = ctx.thread!.fds.get(n);
      return fd === undefined ? undefined : fdTypeString(fd.type);
    };
  }
  return (ctx) => {
    if (!fdEvent(ctx)) return undefined;
    const seen: string[] = [];
    for (const fd of ctx.thread!.fds.values()) {
      const type = fdTypeString(fd.type);
      if (!seen.includes(type)) seen.push(type);
    }
    return seen;
  };
}

const ofFd = (pick: (fd: FdInfo, ctx: EventContext) => FieldScalar | undefined): (() => Extractor) => () => (ctx) => {
  const fd = fdOf(ctx);
  return fd === undefined ? undefined : pick(fd, ctx);
};

const always = (e: Extractor): (() => Extractor) => () => e;
const PPM_FD_UPPER_LAYER = 1 << 15;
const PPM_FD_LOWER_LAYER = 1 << 16;

export const fdFields: FieldTable = {
  'fd.num': always((ctx) => (fdEvent(ctx) ? ctx.fdNum : undefined)),
  'fd.type': ofFd((fd) => fdTypeString(fd.type)),
  'fd.typechar': always((ctx) => {
    if (!fdEvent(ctx)) return undefined;
    return ctx.fd !== undefined ? ctx.fd.typechar : TYPECHAR_FROM_EVENT[ctx.event.type];
  }),
  'fd.name': always(fdName),
  'fd.directory': always(fdDirectory),
  'fd.filename': always(fdFilename),
  'fd.ip': endpointIps,
  'fd.cip': ofConnection(sip),
  'fd.sip': serverIpField,
  'fd.lip': ofConnection((fd) => (clientIsLocal(fd) ? sip(fd) : dip(fd))),
  'fd.rip': ofConnection((fd) => (clientIsLocal(fd) ? dip(fd) : sip(fd))),
  'fd.port': endpointPorts,
  'fd.cport': ofConnection(sport),
  'fd.sport': serverPortField,
  'fd.lport': ofConnection((fd) => (clientIsLocal(fd) ? sport(fd) : dport(fd))),
  'fd.rport': ofConnection((fd) => (clientIsLocal(fd) ? dport(fd) : sport(fd))),
  'fd.l4proto': ofFd((fd) => fdL4proto(fd) || '<NA>'),
  'fd.sockfamily': ofFd((fd) => (isIpSocket(fd) || isIpServer(fd) ? 'ip' : fd.type === 'unix' ? 'unix' : undefined)),
  'fd.is_server': ofFd((fd) => isIpServer(fd) || (isIpSocket(fd) && isLocal(fd, dip(fd)))),
  // libsinsp chains the thread id and the fd number.
  'fd.uid': always((ctx) => (fdEvent(ctx) ? `${ctx.thread!.tid}${ctx.fdNum ?? -1}` : undefined)),
  'fd.containername': always((ctx) => {
    const name = fdName(ctx);
    return name === undefined ? undefined : `${ctx.thread!.containerId}:${name}`;
  }),
  'fd.containerdirectory': always((ctx) => {
    const dir = fdDirectory(ctx);
    return dir === undefined ? undefined : `${ctx.thread!.containerId}:${dir}`;
  }),
  'fd.proto': endpointPorts,
  'fd.cproto': clientProto,
  'fd.sproto': serverProto,
  'fd.lproto': ofConnection((fd) => String(clientIsLocal(fd) ? sport(fd) : dport(fd))),
  'fd.rproto': ofConnection((fd) => String(clientIsLocal(fd) ? dport(fd) : sport(fd))),
  'fd.net': endpointIps,
  'fd.cnet': ofConnection(sip),
  'fd.snet': serverIpField,
  'fd.lnet': ofConnection((fd) => (clientIsLocal(fd) ? sip(fd) : dip(fd))),
  'fd.rnet': ofConnection((fd) => (clientIsLocal(fd) ? dip(fd) : sip(fd))),
  'fd.connected': ofFd((fd) => fd.connected),
  'fd.name_changed': ofFd((fd) => fd.nameChanged),
  // No DNS cache offline: libsinsp's lookups come back empty, which is NULL.
  'fd.cip.name': always(() => undefined),
  'fd.sip.name': always(() => undefined),
  'fd.lip.name': always(() => undefined),
  'fd.rip.name': always(() => undefined),
  'fd.dev': ofFd((fd) => fd.dev | 0),
  'fd.dev.major': ofFd((fd) => (fd.dev & 0xfff00) >>> 8),
  'fd.dev.minor': ofFd((fd) => ((fd.dev & 0xff) | ((fd.dev >>> 12) & 0xfff00)) >>> 0),
  'fd.ino': ofFd((fd) => fd.ino),
  'fd.nameraw': always(fdNameRaw),
  'fd.types': fdTypes,
  // The driver reports overlayfs layers in the open flags.
  'fd.is_upper_layer': ofFd((fd) => (fd.openFlags & PPM_FD_UPPER_LAYER) !== 0),
  'fd.is_lower_layer': ofFd((fd) => (fd.openFlags & PPM_FD_LOWER_LAYER) !== 0),
};

/** fd.* fields that are "either endpoint" matches (FieldInfo.candidates 'endpoints'). */
export const FD_ENDPOINT_FIELDS: ReadonlySet<string> = new Set(['fd.ip', 'fd.net', 'fd.port', 'fd.proto']);
