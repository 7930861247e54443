// Socket tables of one network namespace, as /proc/<pid>/net shows them: a
// socket fd only names its inode ("socket:[N]"), and these tables are the only
// place that inode's addresses can be read back from without entering the
// namespace.
import fs from 'node:fs';
import path from 'node:path';

export type InetProto = 'tcp' | 'udp' | 'raw';

export interface InetSocket {
  kind: 'inet';
  family: 4 | 6;
  l4proto: InetProto;
  sip: string;
  sport: number;
  dip: string;
  dport: number;
  /** Bound and waiting: TCP in LISTEN, or UDP/raw with no peer. */
  listening: boolean;
}

export interface UnixSocket {
  kind: 'unix';
  /** Bound path ('@name' for the abstract namespace), '' when unbound. */
  path: string;
}

export interface NetlinkSocket {
  kind: 'netlink';
}

export type SocketInfo = InetSocket | UnixSocket | NetlinkSocket;

/** Socket inode → what the tables say about it. */
export type SocketTable = Map<number, SocketInfo>;

const TCP_LISTEN = 0x0a;

/** A /proc/net address word is the kernel's in-memory u32, printed as host-order hex: on little-endian hosts the bytes come out reversed. */
function wordBytes(hex: string): number[] {
  const v = Number.parseInt(hex, 16);
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

export function decodeIpv4Hex(hex: string): string {
  return wordBytes(hex).join('.');
}

export function decodeIpv6Hex(hex: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 8) bytes.push(...wordBytes(hex.slice(i, i + 8)));
  return formatIpv6(bytes);
}

/** RFC 5952 text (what inet_ntop prints), with the dotted tail for IPv4-mapped addresses. */
export function formatIpv6(bytes: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return `::ffff:${bytes.slice(12, 16).join('.')}`;
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLen).join(':');
  return `${head}::${tail}`;
}

function splitAddr(field: string): [string, number] | null {
  const colon = field.indexOf(':');
  if (colon < 0) return null;
  return [field.slice(0, colon), Number.parseInt(field.slice(colon + 1), 16)];
}

/** Parses /proc/net/{tcp,udp,raw}{,6} into `into`. */
export function parseInetTable(text: string, l4proto: InetProto, family: 4 | 6, into: SocketTable = new Map()): SocketTable {
  const decode = family === 4 ? decodeIpv4Hex : decodeIpv6Hex;
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.trim().split(/\s+/);
    if (f.length < 10) continue;
    const local = splitAddr(f[1]!);
    const remote = splitAddr(f[2]!);
    const inode = Number(f[9]);
    // Inode 0 is a socket already detached from any file (TIME_WAIT and the like): no fd can point at it.
    if (local === null || remote === null || !Number.isFinite(inode) || inode === 0) continue;
    const state = Number.parseInt(f[3]!, 16);
    const remoteUnset = /^0+$/.test(remote[0]) && remote[1] === 0;
    into.set(inode, {
      kind: 'inet', family, l4proto,
      sip: decode(local[0]), sport: local[1], dip: decode(remote[0]), dport: remote[1],
      listening: l4proto === 'tcp' ? state === TCP_LISTEN : remoteUnset,
    });
  }
  return into;
}

/** Parses /proc/net/unix: "Num RefCount Protocol Flags Type St Inode [Path]". */
export function parseUnixTable(text: string, into: SocketTable = new Map()): SocketTable {
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const f = line.trim().split(/\s+/);
    if (f.length < 7) continue;
    const inode = Number(f[6]);
    if (!Number.isFinite(inode)) continue;
    // The path may contain spaces; take everything after the inode column.
    const m = /^\s*\S+(?:\s+\S+){6}\s(.*)$/.exec(line);
    into.set(inode, { kind: 'unix', path: m?.[1] ?? '' });
  }
  return into;
}

/** Parses /proc/net/netlink: "sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode". */
export function parseNetlinkTable(text: string, into: SocketTable = new Map()): SocketTable {
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.trim().split(/\s+/);
    if (f.length < 10) continue;
    const inode = Number(f[9]);
    if (Number.isFinite(inode)) into.set(inode, { kind: 'netlink' });
  }
  return into;
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch {
    return null;
  }
}

/** Reads every socket table visible through `netDir` (a /proc/<pid>/net directory); missing tables (no IPv6, no raw) are skipped. */
export function readSocketTables(netDir: string): SocketTable {
  const table: SocketTable = new Map();
  const inet: [string, InetProto, 4 | 6][] = [
    ['tcp', 'tcp', 4], ['tcp6', 'tcp', 6], ['udp', 'udp', 4], ['udp6', 'udp', 6], ['raw', 'raw', 4], ['raw6', 'raw', 6],
  ];
  for (const [file, proto, family] of inet) {
    const text = readText(path.join(netDir, file));
    if (text !== null) parseInetTable(text, proto, family, table);
  }
  const unix = readText(path.join(netDir, 'unix'));
  if (unix !== null) parseUnixTable(unix, table);
  const netlink = readText(path.join(netDir, 'netlink'));
  if (netlink !== null) parseNetlinkTable(netlink, table);
  return table;
}

/**
 * Socket tables per network namespace, read at most once each: every process
 * in a namespace sees the same tables, and re-parsing them per process would
 * make the scan quadratic on a busy host.
 */
export class SocketTableCache {
  private readonly byNamespace = new Map<string, SocketTable>();

  constructor(private readonly procRoot: string) {}

  /** The tables of `pid`'s network namespace (empty when the process is gone). */
  forPid(pid: number): SocketTable {
    let ns: string;
    try {
      ns = fs.readlinkSync(path.join(this.procRoot, String(pid), 'ns', 'net'));
    } catch {
      // Without the namespace link (old kernel, fake root) fall back to a per-pid key.
      ns = `pid:${pid}`;
    }
    let table = this.byNamespace.get(ns);
    if (table === undefined) {
      table = readSocketTables(path.join(this.procRoot, String(pid), 'net'));
      this.byNamespace.set(ns, table);
    }
    return table;
  }
}
