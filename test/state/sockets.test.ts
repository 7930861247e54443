// Sockets: types from the domain, tuples and names from connect/accept/bind,
// UDP sockets named by their first send/recv, socketpair, snapshot sockets.
import { describe, expect, it } from 'vitest';
import { CaptureBuilder } from '../../src/capture/builder.js';
import { encodeSockAddr, encodeSockTuple, encodeUnixTuple } from '../../src/capture/socket-encoding.js';
import { Replay, baseBuilder } from './replay.js';

const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;
const AF_NETLINK = 16;
const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;

describe('client sockets', () => {
  it('connect names the socket local→remote and marks it a connected client', () => {
    const b = baseBuilder();
    const r = new Replay(b);
    b.connect(100, 3, ['10.0.0.5', 40000], ['93.184.216.34', 443]);
    const ctx = r.run();
    expect(ctx.info?.name).toBe('connect');
    expect(ctx.fdNum).toBe(3);
    expect(ctx.fd).toMatchObject({
      type: 'ipv4', typechar: '4', name: '10.0.0.5:40000->93.184.216.34:443', isClient: true, isServer: false,
      connected: true, nameChanged: true,
      tuple: { l4proto: 'tcp', sip: '10.0.0.5', sport: 40000, dip: '93.184.216.34', dport: 443 },
    });
    const write = r.emit(100, 'SYSCALL_WRITE_X', { res: 10, fd: 3, size: 10 });
    expect(write.fd?.nameChanged).toBe(false);
  });

  it('accepts EINPROGRESS and ignores other failures', () => {
    const b = baseBuilder();
    const r = new Replay(b);
    r.emit(100, 'SOCKET_SOCKET_X', { fd: 3, domain: AF_INET6, type: SOCK_STREAM, proto: 0, flags: 0 });
    const ctx = r.emit(100, 'SOCKET_CONNECT_X', {
      res: -115, tuple: encodeSockTuple('2001:db8::5', 50000, '2001:db8::80', 80), fd: 3, addr: encodeSockAddr('2001:db8::80', 80),
    });
    expect(ctx.fd).toMatchObject({ type: 'ipv6', typechar: '6', name: '2001:db8::5:50000->2001:db8::80:80', connected: true });
    r.emit(100, 'SOCKET_SOCKET_X', { fd: 4, domain: AF_INET, type: SOCK_STREAM, proto: 0, flags: 0 });
    const refused = r.emit(100, 'SOCKET_CONNECT_X', {
      res: -111, tuple: encodeSockTuple('10.0.0.5', 40001, '10.0.0.9', 22), fd: 4, addr: encodeSockAddr('10.0.0.9', 22),
    });
    expect(refused.fd).toMatchObject({ name: '', connected: false, isClient: false });
  });

  it('turns an IPv6 socket connecting to an IPv4-mapped address into an IPv4 one', () => {
    const b = baseBuilder();
    const r = new Replay(b);
    r.emit(100, 'SOCKET_SOCKET_X', { fd: 3, domain: AF_INET6, type: SOCK_STREAM, proto: 6, flags: 0 });
    const ctx = r.emit(100, 'SOCKET_CONNECT_X', {
      res: 0, tuple: encodeSockTuple('::ffff:a00:5', 40000, '::ffff:a00:9', 5432), fd: 3, addr: null,
    });
    expect(ctx.fd).toMatchObject({ type: 'ipv4', typechar: '4', name: '10.0.0.5:40000->10.0.0.9:5432' });
  });

  it('types sockets by domain and names unix connections', () => {
    const b = baseBuilder();
    const r = new Replay(b);
    expect(r.emit(100, 'SOCKET_SOCKET_X', { fd: 3, domain: AF_UNIX, type: SOCK_STREAM, proto: 0, flags: 0 }).fd)
      .toMatchObject({ type: 'unix', typechar: 'u' });
    expect(r.emit(100, 'SOCKET_SOCKET_X', { fd: 4, domain: AF_NETLINK, type: 3, proto: 0, flags: 0 }).fd)
      .toMatchObject({ type: 'netlink', typechar: 'n' });
    expect(r.emit(100, 'SOCKET_SOCKET_X', { fd: 5, domain: 17, type: 3, proto: 0, flags: 0 }).fd)
      .toMatchObject({ type: 'unsupported', typechar: 'o' });
    const ctx = r.emit(100, 'SOCKET_CONNECT_X', {
      res: 0, tuple: encodeUnixTuple(0xabcn, 0xdefn, '/run/docker.sock'), fd: 3, addr: null,
    });
    expect(ctx.fd?.name).toBe('abc->def /run/docker.sock');
  });
});

describe('server sockets', () => {
  it('bind with a port makes a server socket named ip:port; accept gives client→server fds', () => {
    const b = baseBuilder();
    const r = new Replay(b);
    r.emit(100, 'SOCKET_SOCKET_X', { fd: 3, domain: AF_INET, type: SOCK_STREAM, proto: 0, flags: 0 });
    const bind = r.emit(100, 'SOCKET_BIND_X', { res: 0, addr: encodeSockAddr('0.0.0.0', 8080), fd: 3 });
    expect(bind.fd).toMatchObject({
      type: 'ipv4-server', typechar: '4', name: '0.0.0.0:8080', isServer: true, nameChanged: true,
      tuple: { l4proto: 'tcp', sip: '0.0.0.0', sport: 8080 },
    });
    const listen = r.emit(100, 'SOCKET_LISTEN_X', { res: 0, fd: 3, backlog: 128 });
    expect(listen.fd?.name).toBe('0.0.0.0:8080');
    const accept = r.emit(100, 'SOCKET_ACCEPT4_6_X', {
      fd: 4, tuple: encodeSockTuple('192.168.1.20', 51515, '192.168.1.10', 8080), queuepct: 0, queuelen: 0, queuemax: 128,
      flags: 1 << 12,
    });
    expect(accept.fdNum).toBe(4);
    expect(accept.fd).toMatchObject({
      type: 'ipv4', name: '192.168.1.20:51515->192.168.1.10:8080', isServer: true, connected: true, openFlags: 1 << 12,
      tuple: { l4proto: 'tcp', sip: '192.168.1.20', sport: 51515, dip: '192.168.1.10', dport: 8080 },
    });
    // The accepted fd is close-on-exec.
    b.exec(100, { exepath: '/usr/sbin/nginx' });
    r.run();
    expect(r.thread(100).fds.has(4)).toBe(false);
    expect(r.thread(100).fds.has(3)).toBe(true);
  });

  it('binds IPv6 (dual-stack any is IPv4-mapped for libsinsp) and unix sockets', () => {
    const b = baseBuilder();
    const r = new Replay(b);
    r.emit(100, 'SOCKET_SOCKET_X', { fd: 3, domain: AF_INET6, type: SOCK_STREAM, proto: 0, flags: 0 });
    expect(r.emit(100, 'SOCKET_BIND_X', { res: 0, addr: encodeSockAddr('::', 443), fd: 3 }).fd)
      .toMatchObject({ type: 'ipv4-server', name: ':::443' });
    r.emit(100, 'SOCKET_SOCKET_X', { fd: 4, domain: AF_INET6, type: SOCK_STREAM, proto: 0, flags: 0 });
    expect(r.emit(100, 'SOCKET_BIND_X', { res: 0, addr: encodeSockAddr('fd00::1', 443), fd: 4 }).fd)
      .toMatchObject({ type: 'ipv6-server', typechar: '6', name: 'fd00::1:443', tuple: { sip: 'fd00::1', sport: 443 } });
    r.emit(100, 'SOCKET_SOCKET_X', { fd: 5, domain: AF_UNIX, type: SOCK_STREAM, proto: 0, flags: 0 });
    const unixBind = r.emit(100, 'SOCKET_BIND_X', { res: 0, addr: new Uint8Array([1, ...Buffer.from('/tmp/s.sock'), 0]), fd: 5 });
    expect(unixBind.fd).toMatchObject({ type: 'unix', name: '/tmp/s.sock', isServer: false });
  });
});

describe('datagram sockets', () => {
  it('a UDP socket gets its name from the first sendto, which sets nameChanged', () => {
    const b = baseBuilder();
    const r = new Replay(b);
    r.emit(100, 'SOCKET_SOCKET_X', { fd: 3, domain: AF_INET, type: SOCK_DGRAM, proto: 0, flags: 0 });
    const tuple = encodeSockTuple('10.0.0.5', 53000, '8.8.8.8', 53);
    const send = r.emit(100, 'SOCKET_SENDTO_X', { res: 40, fd: 3, size: 40, tuple });
    expect(send.fd).toMatchObject({
      name: '10.0.0.5:53000->8.8.8.8:53', nameChanged: true, isClient: true, connected: true,
      tuple: { l4proto: 'udp', sip: '10.0.0.5', dip: '8.8.8.8', dport: 53 },
    });
    const again = r.emit(100, 'SOCKET_SENDTO_X', { res: 40, fd: 3, size: 40, tuple });
    expect(again.fd?.nameChanged).toBe(false);
    // The reply's tuple (remote → local) keeps the client → server name.
    const recv = r.emit(100, 'SOCKET_RECVFROM_X', { res: 90, tuple: encodeSockTuple('8.8.8.8', 53, '10.0.0.5', 53000), fd: 3, size: 512 });
    expect(recv.fd).toMatchObject({ name: '10.0.0.5:53000->8.8.8.8:53', nameChanged: false });
  });

  it('a UDP server answering names its socket client→server', () => {
    const b = baseBuilder();
    const r = new Replay(b);
    r.emit(100, 'SOCKET_SOCKET_X', { fd: 3, domain: AF_INET, type: SOCK_DGRAM, proto: 17, flags: 0 });
    r.emit(100, 'SOCKET_BIND_X', { res: 0, addr: encodeSockAddr('0.0.0.0', 5353), fd: 3 });
    const send = r.emit(100, 'SOCKET_SENDTO_X', {
      res: 12, fd: 3, size: 12, tuple: encodeSockTuple('192.168.1.10', 5353, '192.168.1.77', 40000),
    });
    expect(send.fd).toMatchObject({ type: 'ipv4', name: '192.168.1.77:40000->192.168.1.10:5353', isServer: true });
  });

  it('a send on an fd never seen created assumes a UDP socket', () => {
    const b = baseBuilder();
    const r = new Replay(b);
    const ctx = r.emit(100, 'SOCKET_SENDTO_X', {
      res: 10, fd: 7, size: 10, tuple: encodeSockTuple('10.0.0.5', 40000, '10.0.0.1', 514),
    });
    expect(ctx.fdNum).toBe(7);
    expect(ctx.fd).toMatchObject({ type: 'ipv4', name: '10.0.0.5:40000->10.0.0.1:514', tuple: { l4proto: 'udp' } });
  });

  it('socketpair creates two unix sockets', () => {
    const b = baseBuilder();
    const r = new Replay(b);
    const ctx = r.emit(100, 'SOCKET_SOCKETPAIR_X', { res: 0, fd1: 3, fd2: 4, source: 1, peer: 2, domain: AF_UNIX, type: 1, proto: 0 });
    expect(ctx.fdNum).toBe(4);
    expect(ctx.fd?.type).toBe('unix');
    expect(r.thread(100).fds.get(4)?.typechar).toBe('u');
  });
});

describe('snapshot sockets', () => {
  it('orients IPv4 connections on listening ports server-side and others client-side', () => {
    const b = new CaptureBuilder();
    b.addThread({
      tid: 10, comm: 'sshd', fds: [
        { fd: 3, type: 'ipv4-server', name: '0.0.0.0:22', tuple: { l4proto: 'tcp', sip: '0.0.0.0', sport: 22, dip: '0.0.0.0', dport: 0 } },
        { fd: 4, type: 'ipv4', name: '10.0.0.2:22->10.0.0.9:50000', tuple: { l4proto: 'tcp', sip: '10.0.0.2', sport: 22, dip: '10.0.0.9', dport: 50000 } },
        { fd: 5, type: 'ipv4', name: '10.0.0.2:41000->10.0.0.3:443', tuple: { l4proto: 'tcp', sip: '10.0.0.2', sport: 41000, dip: '10.0.0.3', dport: 443 } },
        { fd: 6, type: 'unix', name: '/run/systemd/journal/stdout' },
        { fd: 7, type: 'fifo', name: 'pipe:[1234]', ino: 1234 },
      ],
    });
    const r = new Replay(b);
    const fds = r.thread(10).fds;
    expect(fds.get(3)).toMatchObject({ type: 'ipv4-server', typechar: '4', isServer: false, isClient: false });
    expect(fds.get(4)).toMatchObject({ name: '10.0.0.9:50000->10.0.0.2:22', isServer: true, connected: true });
    expect(fds.get(5)).toMatchObject({ name: '10.0.0.2:41000->10.0.0.3:443', isClient: true });
    expect(fds.get(6)).toMatchObject({ typechar: 'u', isServer: true });
    expect(fds.get(7)).toMatchObject({ typechar: 'p', name: 'pipe:[1234]' });
  });
});
