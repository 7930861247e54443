// What the state engine knows at any event, as libsinsp's thread and fd
// tables do. The engine (state-engine.ts) owns these objects and mutates them
// in place as events arrive; field extractors only read them.
import type { FdType, SocketTuple, ThreadSnapshot } from '../capture/model.js';

export interface FdInfo {
  fd: number;
  type: FdType;
  /** libsinsp's one-letter fd type: f d 4 6 u p e s l i t n b r m P o X. */
  typechar: string;
  /** Path for files, `sip:sport->dip:dport` for connected IP sockets, `ip:port` for servers, unix path, `pipe:[ino]`... */
  name: string;
  /** PPM_O_* flags the fd was opened with (files). */
  openFlags: number;
  ino: number | bigint;
  dev: number;
  tuple: SocketTuple | undefined;
  /** A listening (server) socket. */
  isServer: boolean;
  /** Set by the event that changed the name (connect, sendto on UDP), cleared at the next event on it. */
  nameChanged: boolean;
  /** The raw path as the event gave it, before resolution against cwd/dirfd (fd.nameraw). */
  nameRaw: string;
  /**
   * libsinsp's client role (FLAGS_ROLE_CLIENT): set by connect, by a send/recv that named the
   * socket, and for snapshot IPv4 connections whose local port is not a listening port. With
   * neither isClient nor isServer set the socket has no role (libsinsp then reports fd.l4proto
   * as unknown). isServer is libsinsp's FLAGS_ROLE_SERVER: bind with a port, accept, or a
   * snapshot IPv4 connection on a listening port; snapshot listening sockets (type
   * ipv4-server/ipv6-server) carry no role, as in libsinsp. Always set by the state engine
   * (optional only so that hand-built FdInfo objects stay valid).
   */
  isClient?: boolean;
  /** libsinsp's FLAGS_SOCKET_CONNECTED (fd.connected); always set by the state engine. */
  connected?: boolean;
}

/**
 * A thread as the engine tracks it: the capture model's thread fields (cwd in
 * libsinsp form: normalised, ending in '/', the main thread's for every thread
 * of a process), plus libsinsp's parent id, the container, a live fd table and
 * the exit mark.
 */
export interface ThreadInfo extends Omit<ThreadSnapshot, 'ppid' | 'fds'> {
  /** Parent thread id (libsinsp m_ptid): the parent's pid; reparented when the parent exits. */
  ptid: number;
  /** Container id (12 hex chars), or '' on the host. */
  containerId: string;
  /** The fd table; shared by every thread of a process (the main thread's object). */
  fds: Map<number, FdInfo>;
  /**
   * Set by procexit (libsinsp PPM_CL_CLOSED). The entry is removed before the next event is
   * processed, except a main thread whose process still has live threads: it stays (dead) until
   * the last one exits, since they share its fd table.
   */
  exited: boolean;
}
