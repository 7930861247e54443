// IP addresses and networks as libsinsp parses and compares them
// (value_parser.cpp, tuples.cpp, filter_compare.cpp). Addresses of different
// families never compare equal, and then only `!=` is true. Extracted values
// may be raw bytes (4 or 16, network order) or text; text is parsed into a
// caller-owned scratch so evaluation does not allocate.
import type { FieldScalar } from '../../fields/field-access.js';

export interface IpAddr {
  kind: 'ipaddr';
  family: 4 | 6;
  /** IPv4 as an unsigned 32-bit integer (first octet most significant). */
  v4: number;
  v6: Uint8Array;
}

export interface IpNet {
  kind: 'ipnet';
  family: 4 | 6;
  /** IPv4: network and mask as unsigned 32-bit integers. */
  v4: number;
  v4Mask: number;
  /** IPv6: address bytes and prefix length. */
  v6: Uint8Array;
  prefix: number;
}

/** Reusable storage for one decoded address. */
export interface IpScratch {
  family: 0 | 4 | 6;
  v4: number;
  v6: Uint8Array;
}

export function newIpScratch(): IpScratch {
  return { family: 0, v4: 0, v6: new Uint8Array(16) };
}

const EMPTY = new Uint8Array(0);

/** inet_pton(AF_INET): exactly four decimal octets, no leading zeros. */
export function parseIPv4(s: string): number | undefined {
  let value = 0;
  let octets = 0;
  let i = 0;
  while (octets < 4) {
    const start = i;
    let octet = 0;
    while (i < s.length && isDigit(s.charCodeAt(i))) {
      octet = octet * 10 + (s.charCodeAt(i) - 48);
      i++;
    }
    const len = i - start;
    if (len === 0 || len > 3 || octet > 255 || (len > 1 && s.charCodeAt(start) === 48)) return undefined;
    value = value * 256 + octet;
    octets++;
    if (octets < 4) {
      if (s.charCodeAt(i) !== 46) return undefined;
      i++;
    }
  }
  return i === s.length ? value : undefined;
}

/** inet_pton(AF_INET6) into `out`: hex groups, one `::`, optional dotted IPv4 tail. */
export function parseIPv6(s: string, out: Uint8Array): boolean {
  const words: number[] = [];
  let gap = -1;
  let i = 0;
  if (s.startsWith('::')) {
    gap = 0;
    i = 2;
    if (s.length === 2) return fillV6(words, gap, out);
  } else if (s.startsWith(':')) {
    return false;
  }
  while (i < s.length) {
    const next = readV6Group(s, i, words);
    if (next < 0) return false;
    i = next;
    if (i === s.length) break;
    if (s.charCodeAt(i) !== 58) return false;
    i++;
    if (s.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = words.length;
      i++;
      if (i === s.length) break;
    } else if (i === s.length) {
      return false;
    }
  }
  return fillV6(words, gap, out);
}

/** Reads one group (or the IPv4 tail) at `i`; returns the index after it, or -1. */
function readV6Group(s: string, i: number, words: number[]): number {
  let j = i;
  while (j < s.length && j - i < 5 && isHex(s.charCodeAt(j))) j++;
  if (j < s.length && s.charCodeAt(j) === 46) {
    const v4 = parseIPv4(s.slice(i));
    if (v4 === undefined || words.length > 6) return -1;
    words.push(Math.floor(v4 / 65536), v4 % 65536);
    return s.length;
  }
  if (j === i || j - i > 4) return -1;
  words.push(parseInt(s.slice(i, j), 16));
  return j;
}

function fillV6(words: number[], gap: number, out: Uint8Array): boolean {
  if (gap < 0 ? words.length !== 8 : words.length > 7) return false;
  const padded = gap < 0 ? words : [...words.slice(0, gap), ...new Array<number>(8 - words.length).fill(0), ...words.slice(gap)];
  for (let k = 0; k < 8; k++) {
    const w = padded[k] ?? 0;
    out[2 * k] = w >> 8;
    out[2 * k + 1] = w & 0xff;
  }
  return true;
}

/**
 * RHS literal for an IPADDR field. Like libsinsp, any `.` means IPv4, so a
 * CIDR (`10.0.0.0/8`) or an IPv4-mapped IPv6 literal is rejected here.
 */
export function parseIpAddrLiteral(s: string): IpAddr | string {
  if (s.includes('.')) {
    const v4 = parseIPv4(s);
    return v4 === undefined ? `unrecognized IPv4 address ${s}` : { kind: 'ipaddr', family: 4, v4, v6: EMPTY };
  }
  const v6 = new Uint8Array(16);
  return parseIPv6(s, v6) ? { kind: 'ipaddr', family: 6, v4: 0, v6 } : `unrecognized IPv6 address ${s}`;
}

/** RHS literal for an IPNET field: `a.b.c.d/N` or `v6/N`. */
export function parseIpNetLiteral(s: string): IpNet | string {
  return s.includes('.') ? parseV4Net(s) : parseV6Net(s);
}

function parseV4Net(s: string): IpNet | string {
  const slash = s.indexOf('/');
  if (slash < 0) return `unrecognized IP network ${s}`;
  const v4 = parseIPv4(s.slice(0, slash));
  if (v4 === undefined) return `unrecognized IP address ${s}`;
  const maskText = s.slice(slash + 1);
  const bits = parsePrefix(maskText);
  if (bits === undefined) return `${maskText} is not a valid number`;
  if (bits > 32) return `invalid netmask ${maskText}`;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { kind: 'ipnet', family: 4, v4: (v4 & mask) >>> 0, v4Mask: mask, v6: EMPTY, prefix: bits };
}

function parseV6Net(s: string): IpNet | string {
  const slash = s.indexOf('/');
  if (slash < 0) return `invalid v6 netmask: ${s}`;
  const v6 = new Uint8Array(16);
  if (!parseIPv6(s.slice(0, slash), v6)) return `unrecognized IPv6 address ${s}`;
  const maskText = s.slice(slash + 1);
  const bits = parsePrefix(maskText);
  if (bits === undefined) return `${maskText} is not a valid number`;
  if (bits === 0 || bits > 128) return `invalid v6 netmask ${maskText}`;
  return { kind: 'ipnet', family: 6, v4: 0, v4Mask: 0, v6, prefix: bits };
}

/** parseu8: a decimal stored in 8 bits (so `/264` wraps to 8, as in libsinsp). */
function parsePrefix(text: string): number | undefined {
  if (!/^[ \t\n\v\f\r]*\+?[0-9]+$/.test(text)) return undefined;
  return Number(BigInt.asUintN(8, BigInt(text.trim())));
}

/** Decodes an extracted address into `out`; family 0 when it is not an address. */
export function readIp(v: FieldScalar, out: IpScratch): IpScratch {
  out.family = 0;
  if (v instanceof Uint8Array) return readIpBytes(v, out);
  if (typeof v !== 'string') return out;
  const v4 = v.includes(':') ? undefined : parseIPv4(v);
  if (v4 !== undefined) {
    out.family = 4;
    out.v4 = v4;
  } else if (parseIPv6(v, out.v6)) {
    out.family = 6;
  }
  return out;
}

function readIpBytes(v: Uint8Array, out: IpScratch): IpScratch {
  if (v.length === 4) {
    out.family = 4;
    out.v4 = ((v[0]! << 24) | (v[1]! << 16) | (v[2]! << 8) | v[3]!) >>> 0;
  } else if (v.length === 16) {
    out.family = 6;
    out.v6.set(v);
  }
  return out;
}

export function ipEquals(a: IpScratch, b: IpAddr | IpScratch): boolean {
  if (a.family !== b.family) return false;
  return a.family === 4 ? a.v4 === b.v4 : bytesEqual(a.v6, b.v6, 16);
}

export function inNet(a: IpScratch, net: IpNet): boolean {
  if (a.family !== net.family) return false;
  if (a.family === 4) return ((a.v4 & net.v4Mask) >>> 0) === net.v4;
  return prefixEqual(a.v6, net.v6, net.prefix);
}

function prefixEqual(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  const full = bits >> 3;
  if (!bytesEqual(a, b, full)) return false;
  const rest = bits & 7;
  if (rest === 0) return true;
  const shift = 8 - rest;
  return (a[full]! >> shift) === (b[full]! >> shift);
}

function bytesEqual(a: Uint8Array, b: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
