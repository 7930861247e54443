// Socket parsers: socket, socketpair, bind, connect, accept, and the tuples
// of send/recv calls naming datagram sockets. After libsinsp add_socket,
// parse_socket_exit, parse_socketpair_exit, parse_bind_exit,
// parse_connect_exit/fill_client_socket_info, parse_accept_exit, update_fd,
// parse_read_exit and parse_write_exit.
import { paramAt } from '../capture/event-param.js';
import type { FdType, ParamValue, SocketTuple } from '../capture/model.js';
import { PPM_O_CLOEXEC } from '../capture/open-flags.js';
import { paramIndex } from './event-params.js';
import { cloneFd, emptyTuple, newFd, TYPECHAR_UNKNOWN, tupleName, typecharOf, ZERO_IPV4, ZERO_IPV6 } from './fd-factory.js';
import type { Handler, ParseContext, ParserTable } from './parse-context.js';
import { bytes, isEmpty, num } from './param-values.js';
import {
  AF_INET, AF_INET6, AF_NETLINK, AF_UNIX, decodeSockAddr, decodeSockTuple, formatIpv4, formatIpv6, isIpv4MappedIpv6,
  isSockAddrValid, isSockTupleValid, mappedIpv4, sockAddrText, sockTupleText, u16, unixTupleText,
} from './socket-decoding.js';
import type { FdInfo } from './state-model.js';
import type { ThreadEntry } from './thread-table.js';

const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;
const SOCK_RAW = 3;
const IPPROTO_IP = 0;
const IPPROTO_ICMP = 1;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const IPPROTO_RAW = 255;
const EINPROGRESS = 115;

function setType(f: FdInfo, type: FdType): void {
  f.type = type;
  f.typechar = typecharOf(type);
}

const isZeroIp = (ip: string): boolean => ip === ZERO_IPV4 || ip === ZERO_IPV6 || ip === '';

/** libsinsp add_socket: a new socket fd, typed by its domain, its protocol from type and protocol. */
export function addSocket(p: ParseContext, t: ThreadEntry, fd: number, domain: number, type: number, proto: number, flags: number): void {
  let f: FdInfo;
  if (domain === AF_UNIX) {
    f = newFd(fd, 'unix');
  } else if (domain === AF_INET || domain === AF_INET6) {
    let l4 = 'unknown';
    if (proto === IPPROTO_TCP) l4 = type === SOCK_RAW ? 'raw' : 'tcp';
    else if (proto === IPPROTO_UDP) l4 = type === SOCK_RAW ? 'raw' : 'udp';
    else if (proto === IPPROTO_IP) {
      // type may carry SOCK_NONBLOCK/SOCK_CLOEXEC in its high bits.
      if ((type & 0xff) === SOCK_STREAM) l4 = 'tcp';
      else if ((type & 0xff) === SOCK_DGRAM) l4 = 'udp';
    } else if (proto === IPPROTO_ICMP) l4 = type === SOCK_RAW ? 'raw' : 'icmp';
    else if (proto === IPPROTO_RAW) l4 = 'raw';
    const ipv6 = domain === AF_INET6;
    f = newFd(fd, ipv6 ? 'ipv6' : 'ipv4');
    f.tuple = emptyTuple(l4, ipv6);
  } else if (domain === AF_NETLINK) {
    f = newFd(fd, 'netlink');
  } else {
    // SCAP_FD_UNKNOWN: typechar 'o', no type string.
    f = newFd(fd, 'unsupported');
    f.typechar = TYPECHAR_UNKNOWN;
  }
  f.openFlags = flags;
  p.addFd(t, fd, f);
}

function makeSocket(code: number): Handler {
  const i = (name: string): number => paramIndex(code, name);
  const I = { fd: i('fd'), domain: i('domain'), type: i('type'), proto: i('proto'), flags: i('flags') };
  return (p, e) => {
    const fd = num(paramAt(e, I.fd), -1);
    const t = p.thread;
    if (fd < 0 || t === undefined) return;
    addSocket(p, t, fd, num(paramAt(e, I.domain)), num(paramAt(e, I.type)), num(paramAt(e, I.proto)), num(paramAt(e, I.flags)));
  };
}

/** socketpair: two connected unix sockets; fd.num reports the second, fd info the first (as libsinsp). */
function makeSocketpair(code: number): Handler {
  const iRes = paramIndex(code, 'res');
  const iFd1 = paramIndex(code, 'fd1');
  const iFd2 = paramIndex(code, 'fd2');
  return (p, e) => {
    const t = p.thread;
    if (t === undefined || num(paramAt(e, iRes), -1) < 0) return;
    const fd1 = num(paramAt(e, iFd1), -1);
    const fd2 = num(paramAt(e, iFd2), -1);
    if (fd1 === fd2) {
      p.fd = undefined;
      return;
    }
    const f1 = newFd(fd1, 'unix');
    p.addFd(t, fd1, f1);
    p.addFdKeepEventFd(t, fd2, cloneFd(f1, fd2));
  };
}

function l4Of(f: FdInfo): string {
  return f.tuple?.l4proto ?? 'unknown';
}

/** bind: a port makes the socket a server one; the name becomes the bound address. */
function makeBind(code: number): Handler {
  const iRes = paramIndex(code, 'res');
  const iAddr = paramIndex(code, 'addr');
  return (p, e) => {
    const f = p.fd;
    if (f === undefined || num(paramAt(e, iRes), -1) < 0) return;
    const addr = bytes(paramAt(e, iAddr));
    if (!isSockAddrValid(addr)) return;
    const a = decodeSockAddr(addr);
    if ('ip' in a && a.port > 0) {
      const l4 = l4Of(f);
      if (a.family === AF_INET) {
        setType(f, 'ipv4-server');
        f.tuple = { l4proto: l4, sip: formatIpv4(a.ip), sport: a.port, dip: ZERO_IPV4, dport: 0 };
      } else if (isIpv4MappedIpv6(a.ip)) {
        setType(f, 'ipv4-server');
        f.tuple = { l4proto: l4, sip: mappedIpv4(a.ip), sport: a.port, dip: ZERO_IPV4, dport: 0 };
      } else {
        setType(f, 'ipv6-server');
        f.tuple = { l4proto: l4, sip: formatIpv6(a.ip), sport: a.port, dip: ZERO_IPV6, dport: 0 };
      }
      f.isServer = true;
    }
    f.name = sockAddrText(addr);
  };
}

/**
 * libsinsp set_ipv4/ipv6_addresses_and_ports: stores a tuple, unless it is the
 * one the fd has (either way round); the destination is only filled in when
 * unset, unless `overwriteDest`. Returns whether anything changed.
 */
function setAddresses(f: FdInfo, sip: string, sport: number, dip: string, dport: number, overwriteDest: boolean, sameFamily: boolean): boolean {
  const t: SocketTuple = f.tuple ?? (f.tuple = emptyTuple('unknown', f.type === 'ipv6'));
  if (sameFamily) {
    if ((t.sip === sip && t.sport === sport && t.dip === dip && t.dport === dport)
      || (t.sip === dip && t.sport === dport && t.dip === sip && t.dport === sport)) return false;
  }
  let changed = false;
  if (t.sip !== sip) { t.sip = sip; changed = true; }
  if (t.sport !== sport) { t.sport = sport; changed = true; }
  if (isZeroIp(t.dip) || (overwriteDest && t.dip !== dip)) { t.dip = dip; changed = true; }
  if (t.dport === 0 || (overwriteDest && t.dport !== dport)) { t.dport = dport; changed = true; }
  return changed;
}

function swapAddresses(f: FdInfo): void {
  const t = f.tuple;
  if (t === undefined) return;
  const ip = t.sip;
  const port = t.sport;
  t.sip = t.dip;
  t.sport = t.dport;
  t.dip = ip;
  t.dport = port;
}

const isUdpV4 = (f: FdInfo): boolean => f.type === 'ipv4' && f.tuple?.l4proto === 'udp';
const isTcpV4 = (f: FdInfo): boolean => f.type === 'ipv4' && f.tuple?.l4proto === 'tcp';

function socketName(f: FdInfo): string {
  return f.tuple === undefined ? '' : tupleName(f.tuple, f.type === 'ipv6');
}

/**
 * Stores a valid IPv4/IPv6 SOCKTUPLE the way its family says (IPv4-mapped pairs
 * as IPv4), read in place: send/recv on datagram sockets do this per event.
 */
function storeInetTuple(f: FdInfo, b: Uint8Array, overwriteDest: boolean, setV6Type: boolean): boolean {
  if (b[0] === AF_INET) {
    if (f.type !== 'ipv4') setType(f, 'ipv4');
    return setAddresses(f, formatIpv4(b, 1), u16(b, 5), formatIpv4(b, 7), u16(b, 11), overwriteDest, true);
  }
  // AF_INET6: sip 1..17, sport 17, dip 19..35, dport 35.
  if (isIpv4MappedIpv6(b, 1) && isIpv4MappedIpv6(b, 19)) {
    if (f.type !== 'ipv4') setType(f, 'ipv4');
    return setAddresses(f, mappedIpv4(b, 1), u16(b, 17), mappedIpv4(b, 19), u16(b, 35), overwriteDest, true);
  }
  if (setV6Type) setType(f, 'ipv6');
  const sip = formatIpv6(b.subarray(1, 17));
  const dip = formatIpv6(b.subarray(19, 35));
  return setAddresses(f, sip, u16(b, 17), dip, u16(b, 35), overwriteDest, f.type === 'ipv6');
}

/** connect: the socket gets its tuple and a `sip:sport->dip:dport` name, and becomes a client. */
function makeConnect(code: number): Handler {
  const iRes = paramIndex(code, 'res');
  const iTuple = paramIndex(code, 'tuple');
  return (p, e) => {
    const f = p.fd;
    if (p.thread === undefined || f === undefined) return;
    const res = num(paramAt(e, iRes), -1);
    if (res < 0 && res !== -EINPROGRESS) return;
    f.connected = true;
    const tuple = bytes(paramAt(e, iTuple));
    // Without a tuple libsinsp falls back to the enter event's address, which exit-only captures lack.
    if (!isSockTupleValid(tuple)) return;
    const family = tuple[0];
    if (family === AF_INET || family === AF_INET6) {
      const changed = storeInetTuple(f, tuple, true, true);
      // A connect by a UDP server: keep client → server order.
      if (changed && f.isServer && isUdpV4(f)) swapAddresses(f);
      f.name = socketName(f);
    } else {
      if (f.type !== 'unix') return;
      const d = decodeSockTuple(tuple);
      if ('source' in d) f.name = unixTupleText(d.source, d.dest, d.path);
    }
    if (!f.isClient && !f.isServer) f.isClient = true;
  };
}

/** accept/accept4: a new connected server-side socket named by its client → server tuple. */
function makeAccept(code: number, accept4: boolean): Handler {
  const iFd = paramIndex(code, 'fd');
  const iTuple = paramIndex(code, 'tuple');
  const iFlags = paramIndex(code, 'flags');
  return (p, e) => {
    const t = p.thread;
    if (t === undefined) return;
    const fd = num(paramAt(e, iFd), -1);
    if (fd < 0) return;
    p.fdNum = fd;
    const tuple = bytes(paramAt(e, iTuple));
    if (!isSockTupleValid(tuple)) return;
    const d = decodeSockTuple(tuple);
    let f: FdInfo;
    if ('sip' in d) {
      if (d.family === AF_INET) {
        f = newFd(fd, 'ipv4');
        f.tuple = { l4proto: 'tcp', sip: formatIpv4(d.sip), sport: d.sport, dip: formatIpv4(d.dip), dport: d.dport };
      } else if (isIpv4MappedIpv6(d.sip) && isIpv4MappedIpv6(d.dip)) {
        f = newFd(fd, 'ipv4');
        f.tuple = { l4proto: 'tcp', sip: mappedIpv4(d.sip), sport: d.sport, dip: mappedIpv4(d.dip), dport: d.dport };
      } else {
        f = newFd(fd, 'ipv6');
        f.tuple = { l4proto: 'tcp', sip: formatIpv6(d.sip), sport: d.sport, dip: formatIpv6(d.dip), dport: d.dport };
      }
    } else if (d.family === AF_UNIX) {
      f = newFd(fd, 'unix');
    } else {
      return;
    }
    f.name = sockTupleText(tuple);
    f.openFlags = accept4 ? num(paramAt(e, iFlags)) & PPM_O_CLOEXEC : 0;
    f.isServer = true;
    f.connected = true;
    p.addFd(t, fd, f);
  };
}

/** libsinsp is_bound_to_port: an IPv4 connection to that port or an IPv4 server socket on it. */
function isBoundToPort(t: ThreadEntry, port: number): boolean {
  for (const f of t.fds.values()) {
    if (f.tuple === undefined) continue;
    if ((f.type === 'ipv4' && f.tuple.dport === port) || (f.type === 'ipv4-server' && f.tuple.sport === port)) return true;
  }
  return false;
}

function usesClientPort(t: ThreadEntry, port: number): boolean {
  for (const f of t.fds.values()) if (f.type === 'ipv4' && f.tuple !== undefined && f.tuple.sport === port) return true;
  return false;
}

/** libsinsp set_net_role_by_guessing. */
function guessRole(t: ThreadEntry, f: FdInfo, incoming: boolean): void {
  const tuple = f.tuple;
  if (tuple === undefined) return;
  if (!isBoundToPort(t, tuple.dport)) {
    f.isClient = true;
    return;
  }
  if (!usesClientPort(t, tuple.sport)) {
    f.isServer = true;
    return;
  }
  if (!f.isClient && !f.isServer) {
    if (incoming) f.isServer = true;
    else f.isClient = true;
  }
}

/** libsinsp update_fd: a send/recv tuple completes the socket's addresses; false when nothing changed. */
function updateFromTuple(f: FdInfo, tuple: Uint8Array | undefined): boolean {
  if (!isSockTupleValid(tuple)) return false;
  const family = tuple[0];
  if (family === AF_INET || family === AF_INET6) {
    if (!storeInetTuple(f, tuple, false, false)) return false;
  } else if (family === AF_UNIX) {
    setType(f, 'unix');
    return true;
  }
  // A datagram socket that never said its protocol: TCP cannot change address mid-connection.
  if ((f.type === 'ipv4' || f.type === 'ipv6') && f.tuple !== undefined && f.tuple.l4proto === 'unknown') f.tuple.l4proto = 'udp';
  return true;
}

/** Names a socket from a send/recv tuple (libsinsp parse_read_exit / parse_write_exit). */
function nameFromTuple(p: ParseContext, f: FdInfo, tupleValue: ParamValue | undefined, incoming: boolean): void {
  const tuple = bytes(tupleValue);
  if (!updateFromTuple(f, tuple)) return;
  if (f.type === 'ipv4' || f.type === 'ipv6') {
    if (!f.isClient && !f.isServer && p.thread !== undefined) guessRole(p.thread, f, incoming);
    if (incoming ? f.isClient : f.isServer) swapAddresses(f);
    f.name = socketName(f);
  } else if (tuple !== undefined) {
    f.name = sockTupleText(tuple);
  }
}

function makeRead(code: number, id: string): Handler {
  const iRes = paramIndex(code, 'res');
  const iTuple = id === 'SOCKET_RECVFROM_X' || id === 'SOCKET_RECVMSG_X' || id === 'SOCKET_RECVMMSG_X' || id === 'SOCKET_RECV_X'
    ? paramIndex(code, 'tuple') : -1;
  const mmsg = id === 'SOCKET_RECVMMSG_X';
  return (p, e) => {
    if (mmsg && isEmpty(paramAt(e, 0))) return;
    const f = p.fd;
    if (f === undefined || num(paramAt(e, iRes), -1) < 0) return;
    if (f.type === 'ipv4' || f.type === 'ipv6') f.connected = true;
    if (iTuple >= 0 && (f.name.length === 0 || !isTcpV4(f))) nameFromTuple(p, f, paramAt(e, iTuple), true);
  };
}

function makeWrite(code: number, id: string): Handler {
  const iRes = paramIndex(code, 'res');
  const iFd = paramIndex(code, 'fd');
  const sends = id === 'SOCKET_SEND_X' || id === 'SOCKET_SENDTO_X' || id === 'SOCKET_SENDMSG_X';
  const iTuple = sends || id === 'SOCKET_SENDMMSG_X' ? paramIndex(code, 'tuple') : -1;
  const mmsg = id === 'SOCKET_SENDMMSG_X';
  return (p, e) => {
    if (mmsg && isEmpty(paramAt(e, 0))) return;
    const res = num(paramAt(e, iRes), -1);
    const t = p.thread;
    // A send on an fd we never saw created: assume a UDP socket of the tuple's family.
    if (sends && p.fd === undefined && t !== undefined && res >= 0) {
      const tuple = bytes(paramAt(e, iTuple));
      const family = tuple?.[0];
      const fd = num(paramAt(e, iFd), -1);
      if (fd >= 0 && (family === AF_INET || family === AF_INET6)) addSocket(p, t, fd, family, SOCK_DGRAM, IPPROTO_UDP, 0);
    }
    const f = p.fd;
    if (f === undefined || res < 0) return;
    if (f.type === 'ipv4' || f.type === 'ipv6') f.connected = true;
    if (iTuple >= 0 && (f.name.length === 0 || !isTcpV4(f))) nameFromTuple(p, f, paramAt(e, iTuple), false);
  };
}

const READS = ['SYSCALL_READ_X', 'SYSCALL_READV_X', 'SYSCALL_PREAD_X', 'SYSCALL_PREADV_X', 'SOCKET_RECV_X', 'SOCKET_RECVFROM_X',
  'SOCKET_RECVMSG_X', 'SOCKET_RECVMMSG_X'];
const WRITES = ['SYSCALL_WRITE_X', 'SYSCALL_WRITEV_X', 'SYSCALL_PWRITE_X', 'SYSCALL_PWRITEV_X', 'SOCKET_SEND_X', 'SOCKET_SENDTO_X',
  'SOCKET_SENDMSG_X', 'SOCKET_SENDMMSG_X'];

export const NET_PARSERS: ParserTable = [
  ['SOCKET_SOCKET_X', makeSocket],
  ['SOCKET_SOCKETPAIR_X', makeSocketpair],
  ['SOCKET_BIND_X', makeBind],
  ['SOCKET_CONNECT_X', makeConnect],
  ['SOCKET_ACCEPT_5_X', (c) => makeAccept(c, false)],
  ['SOCKET_ACCEPT4_6_X', (c) => makeAccept(c, true)],
  ...READS.map((id) => [id, (c: number) => makeRead(c, id)] as const),
  ...WRITES.map((id) => [id, (c: number) => makeWrite(c, id)] as const),
];
