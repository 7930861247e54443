// Thread and fd state as stored in the case database: a msgpack tuple of an
// explicit field list (no key names per row), decoded back with the exact
// TypeScript types the field extractors expect (bigint stays bigint).
import type { FdType, SocketTuple } from '../capture/model.js';
import { packValue, unpackValue } from '../capture/payload.js';
import type { FdInfo, ThreadInfo } from '../state/state-model.js';

/** A stored thread: ThreadInfo without its fd table (fds are versioned on their own). */
export type StoredThread = Omit<ThreadInfo, 'fds'>;

const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(v as number));
const int = (v: unknown): number | bigint => (typeof v === 'bigint' ? v : (v as number));

export function encodeThread(t: ThreadInfo): Uint8Array {
  return packValue([
    t.tid, t.pid, t.ptid, t.vtid, t.vpid, t.sid, t.vpgid, t.pgid, t.comm, t.exe, t.exepath, t.args, t.env, t.cwd, t.root,
    t.uid, t.gid, t.loginuid, t.tty, t.cgroups, t.capInheritable, t.capPermitted, t.capEffective, t.fdlimit, t.flags,
    t.startTs, t.pidnsInitStartTs, t.exeIno, t.exeInoCtime, t.exeInoMtime, t.exeWritable, t.exeUpperLayer, t.exeLowerLayer,
    t.exeFromMemfd, t.containerId, t.exited,
  ]);
}

export function decodeThread(data: Uint8Array): StoredThread {
  const v = unpackValue(data) as unknown[];
  return {
    tid: v[0] as number, pid: v[1] as number, ptid: v[2] as number, vtid: v[3] as number, vpid: v[4] as number,
    sid: v[5] as number, vpgid: v[6] as number, pgid: v[7] as number, comm: v[8] as string, exe: v[9] as string,
    exepath: v[10] as string, args: v[11] as string[], env: v[12] as string[], cwd: v[13] as string, root: v[14] as string,
    uid: v[15] as number, gid: v[16] as number, loginuid: v[17] as number, tty: v[18] as number, cgroups: v[19] as string[],
    capInheritable: int(v[20]), capPermitted: int(v[21]), capEffective: int(v[22]), fdlimit: v[23] as number, flags: v[24] as number,
    startTs: big(v[25]), pidnsInitStartTs: big(v[26]), exeIno: int(v[27]), exeInoCtime: big(v[28]), exeInoMtime: big(v[29]),
    exeWritable: v[30] as boolean, exeUpperLayer: v[31] as boolean, exeLowerLayer: v[32] as boolean, exeFromMemfd: v[33] as boolean,
    containerId: v[34] as string, exited: v[35] as boolean,
  };
}

/** True when two thread states differ in anything a field can read. */
export function threadChanged(a: StoredThread, t: ThreadInfo): boolean {
  return a.comm !== t.comm || a.exepath !== t.exepath || a.args !== t.args || a.env !== t.env || a.cwd !== t.cwd
    || a.uid !== t.uid || a.gid !== t.gid || a.ptid !== t.ptid || a.pid !== t.pid || a.flags !== t.flags || a.exited !== t.exited
    || a.loginuid !== t.loginuid || a.tty !== t.tty || a.sid !== t.sid || a.pgid !== t.pgid || a.vpgid !== t.vpgid
    || a.cgroups !== t.cgroups || a.capEffective !== t.capEffective || a.capPermitted !== t.capPermitted
    || a.capInheritable !== t.capInheritable || a.fdlimit !== t.fdlimit || a.root !== t.root || a.exe !== t.exe
    || a.containerId !== t.containerId || a.vtid !== t.vtid || a.vpid !== t.vpid || a.startTs !== t.startTs
    || a.pidnsInitStartTs !== t.pidnsInitStartTs || a.exeIno !== t.exeIno || a.exeInoCtime !== t.exeInoCtime
    || a.exeInoMtime !== t.exeInoMtime || a.exeWritable !== t.exeWritable || a.exeUpperLayer !== t.exeUpperLayer
    || a.exeLowerLayer !== t.exeLowerLayer || a.exeFromMemfd !== t.exeFromMemfd;
}

const THREAD_KEYS = [
  'tid', 'pid', 'ptid', 'vtid', 'vpid', 'sid', 'vpgid', 'pgid', 'comm', 'exe', 'exepath', 'args', 'env', 'cwd', 'root', 'uid', 'gid',
  'loginuid', 'tty', 'cgroups', 'capInheritable', 'capPermitted', 'capEffective', 'fdlimit', 'flags', 'startTs', 'pidnsInitStartTs',
  'exeIno', 'exeInoCtime', 'exeInoMtime', 'exeWritable', 'exeUpperLayer', 'exeLowerLayer', 'exeFromMemfd', 'containerId', 'exited',
] as const;

/** The fields of a thread kept to compare the next event's state with (arrays by identity: the engine replaces them). */
export function threadShadow(t: ThreadInfo): StoredThread {
  const from = t as unknown as Record<string, unknown>;
  const s: Record<string, unknown> = {};
  for (const k of THREAD_KEYS) s[k] = from[k];
  return s as unknown as StoredThread;
}

export function encodeFd(f: FdInfo): Uint8Array {
  const t = f.tuple;
  return packValue([
    f.fd, f.type, f.typechar, f.name, f.openFlags, f.ino, f.dev, t === undefined ? null : [t.l4proto, t.sip, t.sport, t.dip, t.dport],
    f.isServer, f.nameRaw, f.isClient ?? false, f.connected ?? false,
  ]);
}

export function decodeFd(data: Uint8Array): FdInfo {
  const v = unpackValue(data) as unknown[];
  const t = v[7] as [string, string, number, string, number] | null;
  const tuple: SocketTuple | undefined = t === null ? undefined : { l4proto: t[0], sip: t[1], sport: t[2], dip: t[3], dport: t[4] };
  return {
    fd: v[0] as number, type: v[1] as FdType, typechar: v[2] as string, name: v[3] as string, openFlags: v[4] as number,
    ino: int(v[5]), dev: v[6] as number, tuple, isServer: v[8] as boolean, nameChanged: false, nameRaw: v[9] as string,
    isClient: v[10] as boolean, connected: v[11] as boolean,
  };
}

/** What an fd version is compared on: anything but nameChanged (which belongs to one event). */
export interface FdShadow {
  info: FdInfo;
  name: string;
  tuple: SocketTuple | undefined;
  isServer: boolean;
  isClient: boolean | undefined;
  connected: boolean | undefined;
  type: FdType;
  openFlags: number;
}

export function fdShadow(f: FdInfo): FdShadow {
  return { info: f, name: f.name, tuple: f.tuple, isServer: f.isServer, isClient: f.isClient, connected: f.connected, type: f.type, openFlags: f.openFlags };
}

export function fdChanged(s: FdShadow, f: FdInfo): boolean {
  return s.info !== f || s.name !== f.name || s.tuple !== f.tuple || s.isServer !== f.isServer || s.isClient !== f.isClient
    || s.connected !== f.connected || s.type !== f.type || s.openFlags !== f.openFlags;
}
