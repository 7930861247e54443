// The scap byte encodings of SOCKADDR and SOCKTUPLE parameters. Events keep
// these values as the bytes the kernel side produced (exactly what a .scap
// holds); these helpers build and read them.
import { isIPv4, isIPv6 } from 'node:net';

export const PPM_AF_UNIX = 1;
export const PPM_AF_INET = 2;
export const PPM_AF_INET6 = 10;

function ipv4Bytes(ip: string): number[] {
  const parts = ip.split('.').map(Number);
  if (!isIPv4(ip)) throw new Error(`not an IPv4 address: ${ip}`);
  return parts;
}

function ipv6Bytes(ip: string): number[] {
  if (!isIPv6(ip)) throw new Error(`not an IPv6 address: ${ip}`);
  const [head = '', tail] = ip.split('::');
  const groups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

function port(buf: Buffer, at: number, value: number): void {
  buf.writeUInt16LE(value, at);
}

/** SOCKTUPLE for an IPv4/IPv6 pair (source → destination, in scap's direction). */
export function encodeSockTuple(sip: string, sport: number, dip: string, dport: number): Uint8Array {
  if (isIPv4(sip)) {
    const buf = Buffer.alloc(13);
    buf[0] = PPM_AF_INET;
    buf.set(ipv4Bytes(sip), 1);
    port(buf, 5, sport);
    buf.set(ipv4Bytes(dip), 7);
    port(buf, 11, dport);
    return buf;
  }
  const buf = Buffer.alloc(37);
  buf[0] = PPM_AF_INET6;
  buf.set(ipv6Bytes(sip), 1);
  port(buf, 17, sport);
  buf.set(ipv6Bytes(dip), 19);
  port(buf, 35, dport);
  return buf;
}

/** SOCKTUPLE of a unix socket: two kernel socket pointers and a path. */
export function encodeUnixTuple(source: bigint, dest: bigint, path: string): Uint8Array {
  const name = Buffer.from(path, 'utf8');
  const buf = Buffer.alloc(17 + name.length + 1);
  buf[0] = PPM_AF_UNIX;
  buf.writeBigUInt64LE(source, 1);
  buf.writeBigUInt64LE(dest, 9);
  name.copy(buf, 17);
  return buf;
}

/** SOCKADDR of an IPv4/IPv6 address and port. */
export function encodeSockAddr(ip: string, portNumber: number): Uint8Array {
  if (isIPv4(ip)) {
    const buf = Buffer.alloc(7);
    buf[0] = PPM_AF_INET;
    buf.set(ipv4Bytes(ip), 1);
    port(buf, 5, portNumber);
    return buf;
  }
  const buf = Buffer.alloc(19);
  buf[0] = PPM_AF_INET6;
  buf.set(ipv6Bytes(ip), 1);
  port(buf, 17, portNumber);
  return buf;
}
