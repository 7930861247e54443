// FdInfo construction: every fd object is built here with one property order
// (one hidden class), from snapshot entries or by the parsers.
import type { FdSnapshot, FdType, SocketTuple } from '../capture/model.js';
import { PPM_O_CLOEXEC } from '../capture/open-flags.js';
import type { FdInfo } from './state-model.js';

/** libsinsp's typechar per fd type (sinsp_fdinfo::get_typechar). */
const TYPECHAR: Readonly<Record<FdType, string>> = {
  file: 'f', directory: 'd', ipv4: '4', ipv6: '6', 'ipv4-server': '4', 'ipv6-server': '6', fifo: 'p', unix: 'u',
  event: 'e', signalfd: 's', eventpoll: 'l', inotify: 'i', timerfd: 't', netlink: 'n', bpf: 'b', userfaultfd: 'u',
  io_uring: 'r', memfd: 'm', pidfd: 'P', unsupported: 'X',
};

/** Typechar of SCAP_FD_UNKNOWN (a socket of a family libsinsp does not model); its type is 'unsupported'. */
export const TYPECHAR_UNKNOWN = 'o';

export function typecharOf(type: FdType): string {
  return TYPECHAR[type];
}

export function newFd(fd: number, type: FdType, name = ''): FdInfo {
  return {
    fd,
    type,
    typechar: TYPECHAR[type],
    name,
    openFlags: 0,
    ino: 0,
    dev: 0,
    tuple: undefined,
    isServer: false,
    nameChanged: false,
    nameRaw: '',
    isClient: false,
    connected: false,
  };
}

export function cloneFd(src: FdInfo, fd: number): FdInfo {
  return {
    fd,
    type: src.type,
    typechar: src.typechar,
    name: src.name,
    openFlags: src.openFlags,
    ino: src.ino,
    dev: src.dev,
    tuple: src.tuple === undefined ? undefined : { ...src.tuple },
    isServer: src.isServer,
    nameChanged: false,
    nameRaw: src.nameRaw,
    isClient: src.isClient,
    connected: src.connected,
  };
}

export const PPM_EPOLL_CLOEXEC = 1;
export const PPM_MFD_CLOEXEC = 1;

/** libsinsp sinsp_fdinfo::is_close_on_exec. */
export function isCloseOnExec(fd: FdInfo): boolean {
  if ((fd.openFlags & PPM_O_CLOEXEC) !== 0) return true;
  if (fd.type === 'eventpoll' && (fd.openFlags & PPM_EPOLL_CLOEXEC) !== 0) return true;
  return fd.type === 'memfd' && (fd.openFlags & PPM_MFD_CLOEXEC) !== 0;
}

/** libsinsp clear_close_on_exec_bits: also clears bit 0 (EPOLL/MFD_CLOEXEC, which is PPM_O_RDONLY for files). */
export function clearCloseOnExecBits(fd: FdInfo): void {
  fd.openFlags &= ~(PPM_O_CLOEXEC | PPM_EPOLL_CLOEXEC);
}

export const ZERO_IPV4 = '0.0.0.0';
export const ZERO_IPV6 = '::';

export function emptyTuple(l4proto: string, ipv6: boolean): SocketTuple {
  const zero = ipv6 ? ZERO_IPV6 : ZERO_IPV4;
  return { l4proto, sip: zero, sport: 0, dip: zero, dport: 0 };
}

/** An IPv6 text that is IPv4-mapped (or all-zero), as libsinsp's is_ipv4_mapped_ipv6 sees it. */
function mappedV4(ip: string): string | null {
  if (ip === '::') return ZERO_IPV4;
  const lower = ip.toLowerCase();
  if (lower.startsWith('::ffff:') && lower.includes('.')) return lower.slice(7);
  return null;
}

/** libsinsp's connected-socket name: "sip:sport->dip:dport" for TCP/UDP, "sip->dip" for ICMP/raw IPv4. */
export function tupleName(t: SocketTuple, ipv6: boolean): string {
  if (t.l4proto === 'tcp' || t.l4proto === 'udp') return `${t.sip}:${t.sport}->${t.dip}:${t.dport}`;
  if (t.l4proto === 'icmp' || (!ipv6 && t.l4proto === 'raw')) return `${t.sip}->${t.dip}`;
  return '<unknown>';
}

/**
 * An fd of the snapshot, as libsinsp's add_fd_from_scap builds it (IPv4-mapped
 * IPv6 connections become IPv4 ones, TCP connections are connected, unix
 * sockets are clients when unnamed and servers otherwise). IPv4 connection
 * roles are settled afterwards by fixSnapshotSockets.
 */
export function fdFromSnapshot(s: FdSnapshot): FdInfo {
  let type = s.type;
  let tuple = s.tuple === undefined ? undefined : { ...s.tuple };
  let name = s.name;
  if (type === 'ipv6' && tuple !== undefined) {
    const sip = mappedV4(tuple.sip);
    const dip = mappedV4(tuple.dip);
    if (sip !== null && dip !== null) {
      type = 'ipv4';
      tuple = { ...tuple, sip, dip };
    }
  }
  const f = newFd(s.fd, type, name);
  f.openFlags = s.openFlags ?? 0;
  f.ino = s.ino ?? 0;
  f.dev = s.dev ?? 0;
  f.tuple = tuple;
  if ((type === 'ipv4' || type === 'ipv6') && tuple !== undefined) {
    f.connected = tuple.l4proto === 'tcp';
    name = `${tuple.sip}:${tuple.sport}->${tuple.dip}:${tuple.dport}`;
    f.name = name;
  } else if (type === 'unix') {
    if (name.length === 0) f.isClient = true;
    else f.isServer = true;
  }
  return f;
}

/**
 * libsinsp fix_sockets_coming_from_proc: an IPv4 connection whose local port
 * is a listening port of the snapshot is the server side (its tuple is turned
 * to client→server order), any other IPv4 connection is a client.
 */
export function fixSnapshotSocket(f: FdInfo, serverPorts: ReadonlySet<number>): void {
  if (f.type !== 'ipv4' || f.tuple === undefined) return;
  const t = f.tuple;
  if (!serverPorts.has(t.sport)) {
    f.isClient = true;
    return;
  }
  f.tuple = { l4proto: t.l4proto, sip: t.dip, sport: t.dport, dip: t.sip, dport: t.sport };
  f.name = `${t.dip}:${t.dport}->${t.sip}:${t.sport}`;
  f.isServer = true;
}
