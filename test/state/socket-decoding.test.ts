// SOCKADDR/SOCKTUPLE decoding against the capture encoders, and inet_ntop-style IPv6 text.
import { describe, expect, it } from 'vitest';
import { encodeSockAddr, encodeSockTuple, encodeUnixTuple } from '../../src/capture/socket-encoding.js';
import {
  decodeSockAddr, decodeSockTuple, formatIpv6, isSockAddrValid, isSockTupleValid, sockAddrText, sockTupleText,
} from '../../src/state/socket-decoding.js';

function v6(text: string): Uint8Array {
  // Reuse the encoder: bytes 1..17 of a SOCKADDR are the address.
  return encodeSockAddr(text, 0).subarray(1, 17);
}

describe('socket decoding', () => {
  it('reads IPv4 and IPv6 tuples and addresses back', () => {
    const t4 = decodeSockTuple(encodeSockTuple('10.0.0.1', 40000, '93.184.216.34', 443));
    expect(t4).toMatchObject({ family: 2, sport: 40000, dport: 443 });
    expect(sockTupleText(encodeSockTuple('10.0.0.1', 40000, '93.184.216.34', 443))).toBe('10.0.0.1:40000->93.184.216.34:443');
    expect(sockTupleText(encodeSockTuple('2001:db8::1', 5000, '2001:db8::2', 80))).toBe('2001:db8::1:5000->2001:db8::2:80');
    expect(sockTupleText(encodeSockTuple('::ffff:a00:1', 5000, '::ffff:a00:2', 80))).toBe('10.0.0.1:5000->10.0.0.2:80');
    expect(sockAddrText(encodeSockAddr('0.0.0.0', 8080))).toBe('0.0.0.0:8080');
    expect(sockAddrText(encodeSockAddr('::', 8080))).toBe(':::8080');
    expect(decodeSockAddr(encodeSockAddr('127.0.0.1', 53))).toMatchObject({ family: 2, port: 53 });
  });

  it('reads unix tuples in libsinsp text form', () => {
    const b = encodeUnixTuple(0xffff9a1b2c3d4e00n, 0xffff9a1b2c3d5f00n, '/run/docker.sock');
    expect(decodeSockTuple(b)).toMatchObject({ family: 1, path: '/run/docker.sock' });
    expect(sockTupleText(b)).toBe('ffff9a1b2c3d4e00->ffff9a1b2c3d5f00 /run/docker.sock');
  });

  it('applies libsinsp validity rules', () => {
    expect(isSockTupleValid(undefined)).toBe(false);
    expect(isSockTupleValid(new Uint8Array([2, 1, 2, 3]))).toBe(false);
    expect(isSockTupleValid(encodeSockTuple('1.2.3.4', 1, '5.6.7.8', 2))).toBe(true);
    expect(isSockAddrValid(new Uint8Array([1, 0x61]))).toBe(false);
    expect(isSockAddrValid(new Uint8Array([1, 0x61, 0]))).toBe(true);
  });

  it('prints IPv6 as glibc inet_ntop does', () => {
    expect(formatIpv6(v6('::'))).toBe('::');
    expect(formatIpv6(v6('::1'))).toBe('::1');
    expect(formatIpv6(v6('fe80::1:2'))).toBe('fe80::1:2');
    expect(formatIpv6(v6('2001:db8:0:0:1:0:0:1'))).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(v6('1:0:2:3:4:5:6:7'))).toBe('1:0:2:3:4:5:6:7');
    expect(formatIpv6(v6('::ffff:c0a8:1'))).toBe('::ffff:192.168.0.1');
    expect(formatIpv6(v6('::c0a8:1'))).toBe('::192.168.0.1');
  });
});
