// Readers for the scap SOCKADDR and SOCKTUPLE byte layouts (the inverse of
// capture/socket-encoding.ts), with libsinsp's validity rules and its textual
// forms (sinsp_evt::get_param_as_str with PF_SIMPLE, inet_ntop).

export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const AF_NETLINK = 16;

export type DecodedAddress =
  | { family: typeof AF_INET | typeof AF_INET6; ip: Uint8Array; port: number }
  | { family: typeof AF_UNIX; path: string }
  | { family: number };

export type DecodedTuple =
  | { family: typeof AF_INET | typeof AF_INET6; sip: Uint8Array; sport: number; dip: Uint8Array; dport: number }
  | { family: typeof AF_UNIX; source: bigint; dest: bigint; path: string }
  | { family: number };

/** A little-endian u16 (ports are stored in host order, as scap does). */
export function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

function u64(b: Uint8Array, at: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[at + i]!);
  return v;
}

function cString(b: Uint8Array, at: number): string {
  let end = at;
  while (end < b.length && b[end] !== 0) end++;
  return Buffer.from(b.buffer, b.byteOffset + at, end - at).toString('utf8');
}

/** libsinsp sinsp_utils::is_sockaddr_valid. */
export function isSockAddrValid(b: Uint8Array | undefined): b is Uint8Array {
  if (b === undefined || b.length === 0) return false;
  switch (b[0]) {
    case AF_INET: return b.length >= 7;
    case AF_INET6: return b.length >= 19;
    case AF_UNIX: return b.length >= 2 && b[b.length - 1] === 0;
    default: return true;
  }
}

/** libsinsp sinsp_utils::is_socktuple_valid. */
export function isSockTupleValid(b: Uint8Array | undefined): b is Uint8Array {
  if (b === undefined || b.length === 0) return false;
  switch (b[0]) {
    case AF_INET: return b.length >= 13;
    case AF_INET6: return b.length >= 37;
    case AF_UNIX: return b.length >= 18 && b[b.length - 1] === 0;
    default: return true;
  }
}

/** A valid SOCKADDR (see isSockAddrValid). */
export function decodeSockAddr(b: Uint8Array): DecodedAddress {
  const family = b[0]!;
  if (family === AF_INET) return { family, ip: b.subarray(1, 5), port: u16(b, 5) };
  if (family === AF_INET6) return { family, ip: b.subarray(1, 17), port: u16(b, 17) };
  if (family === AF_UNIX) return { family, path: cString(b, 1) };
  return { family };
}

/** A valid SOCKTUPLE (see isSockTupleValid). */
export function decodeSockTuple(b: Uint8Array): DecodedTuple {
  const family = b[0]!;
  if (family === AF_INET) return { family, sip: b.subarray(1, 5), sport: u16(b, 5), dip: b.subarray(7, 11), dport: u16(b, 11) };
  if (family === AF_INET6) {
    return { family, sip: b.subarray(1, 17), sport: u16(b, 17), dip: b.subarray(19, 35), dport: u16(b, 35) };
  }
  if (family === AF_UNIX) return { family, source: u64(b, 1), dest: u64(b, 9), path: cString(b, 17) };
  return { family };
}

/** libsinsp sinsp_utils::is_ipv4_mapped_ipv6: ::ffff:a.b.c.d, or the all-zero address. */
export function isIpv4MappedIpv6(ip: Uint8Array, at = 0): boolean {
  for (let i = 0; i < 10; i++) if (ip[at + i] !== 0) return false;
  if (ip[at + 10] === 0xff && ip[at + 11] === 0xff) return true;
  for (let i = 10; i < 16; i++) if (ip[at + i] !== 0) return false;
  return true;
}

export function formatIpv4(ip: Uint8Array, at = 0): string {
  return `${ip[at]}.${ip[at + 1]}.${ip[at + 2]}.${ip[at + 3]}`;
}

/** The last four bytes of an IPv4-mapped IPv6 address, as IPv4 text. */
export function mappedIpv4(ip: Uint8Array, at = 0): string {
  return formatIpv4(ip, at + 12);
}

/** inet_ntop(AF_INET6) as glibc prints it (RFC 5952, dotted tail for ::ffff:0:0/96 and ::/96 forms). */
export function formatIpv6(ip: Uint8Array): string {
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((ip[i]! << 8) | ip[i + 1]!);
  // glibc prints the embedded IPv4 form when the leading zero run is exactly six
  // groups (::a.b.c.d with a non-zero seventh group) or five followed by ffff.
  const zero5 = g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0;
  if (zero5 && g[5] === 0xffff) return `::ffff:${formatIpv4(ip, 12)}`;
  if (zero5 && g[5] === 0 && g[6] !== 0) return `::${formatIpv4(ip, 12)}`;
  // Longest run of two or more zero groups (first one on ties) becomes '::'.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  if (bestLen < 2) return g.map((x) => x.toString(16)).join(':');
  const head = g.slice(0, bestStart).map((x) => x.toString(16)).join(':');
  const tail = g.slice(bestStart + bestLen).map((x) => x.toString(16)).join(':');
  return `${head}::${tail}`;
}

/** get_param_as_str(SOCKADDR, PF_SIMPLE): "ip:port", the unix path, or "family N". */
export function sockAddrText(b: Uint8Array): string {
  const a = decodeSockAddr(b);
  if (a.family === AF_INET && 'ip' in a) return `${formatIpv4(a.ip)}:${a.port}`;
  if (a.family === AF_INET6 && 'ip' in a) return `${formatIpv6(a.ip)}:${a.port}`;
  if ('path' in a) return a.path;
  return `family ${a.family}`;
}

/** The unix-socket form of a tuple as libsinsp prints it: "%lx->%lx path". */
export function unixTupleText(source: bigint, dest: bigint, path: string): string {
  return `${source.toString(16)}->${dest.toString(16)} ${path}`;
}

/** get_param_as_str(SOCKTUPLE, PF_SIMPLE): "sip:sport->dip:dport" (IPv4-mapped pairs as IPv4), or the unix form. */
export function sockTupleText(b: Uint8Array): string {
  const t = decodeSockTuple(b);
  if ('sip' in t) {
    if (t.family === AF_INET) return `${formatIpv4(t.sip)}:${t.sport}->${formatIpv4(t.dip)}:${t.dport}`;
    if (isIpv4MappedIpv6(t.sip) && isIpv4MappedIpv6(t.dip)) {
      return `${mappedIpv4(t.sip)}:${t.sport}->${mappedIpv4(t.dip)}:${t.dport}`;
    }
    return `${formatIpv6(t.sip)}:${t.sport}->${formatIpv6(t.dip)}:${t.dport}`;
  }
  if ('source' in t) return unixTupleText(t.source, t.dest, t.path);
  return `family ${t.family}`;
}
