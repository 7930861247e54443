// Fills the tables from a capture's snapshot, as libsinsp does after its /proc
// scan: threads (a thread of a process shares its leader's fd table), their
// fds, parent links (a parent missing from the snapshot leaves ptid 0), IPv4
// connection roles from the listening ports, users, groups and containers.
import type { FdSnapshot, StateSnapshot, ThreadSnapshot } from '../capture/model.js';
import { containerIdFromCgroups } from './container-id.js';
import { fdFromSnapshot, fixSnapshotSocket } from './fd-factory.js';
import { updatedCwd } from './path-resolution.js';
import { inheritFromMain } from './thread-state.js';
import { PPM_CL_ACTIVE, PPM_CL_CLONE_FILES, PPM_CL_CLONE_THREAD, ThreadEntry } from './thread-table.js';
import type { ThreadTable } from './thread-table.js';
import type { UserTable } from './user-table.js';

function entryFromSnapshot(s: ThreadSnapshot): ThreadEntry {
  const t = new ThreadEntry(s.tid);
  t.pid = s.pid;
  t.ptid = s.ppid;
  t.vtid = s.vtid;
  t.vpid = s.vpid;
  t.sid = s.sid;
  t.vpgid = s.vpgid;
  t.pgid = s.pgid;
  t.comm = s.comm;
  t.exe = s.exe;
  t.exepath = s.exepath;
  t.args = [...s.args];
  t.env = [...s.env];
  t.cwd = updatedCwd('', s.cwd);
  t.root = s.root;
  t.uid = s.uid;
  t.gid = s.gid;
  t.loginuid = s.loginuid;
  t.tty = s.tty;
  t.cgroups = [...s.cgroups];
  t.capInheritable = s.capInheritable;
  t.capPermitted = s.capPermitted;
  t.capEffective = s.capEffective;
  t.fdlimit = s.fdlimit;
  t.flags = s.flags | PPM_CL_ACTIVE;
  if (s.tid !== s.pid) t.flags |= PPM_CL_CLONE_THREAD | PPM_CL_CLONE_FILES;
  t.startTs = s.startTs;
  t.pidnsInitStartTs = s.pidnsInitStartTs;
  t.exeIno = s.exeIno;
  t.exeInoCtime = s.exeInoCtime;
  t.exeInoMtime = s.exeInoMtime;
  t.exeWritable = s.exeWritable;
  t.exeUpperLayer = s.exeUpperLayer;
  t.exeLowerLayer = s.exeLowerLayer;
  t.exeFromMemfd = s.exeFromMemfd;
  t.containerId = containerIdFromCgroups(t.cgroups);
  for (const f of s.fds) t.ownFds.set(f.fd, fdFromSnapshot(f));
  return t;
}

/** The listening port of a snapshot server socket (its tuple, else the name's last ":port"). */
function serverPort(f: FdSnapshot): number | undefined {
  if (f.type !== 'ipv4-server' && f.type !== 'ipv6-server') return undefined;
  if (f.tuple !== undefined) return f.tuple.sport;
  const port = Number(f.name.slice(f.name.lastIndexOf(':') + 1));
  return Number.isInteger(port) ? port : undefined;
}

/**
 * With `keepKnown`, threads the table already has are left as they are: a later
 * file's snapshot of a merged replay must not roll back state built from events.
 */
export function loadSnapshot(s: StateSnapshot, table: ThreadTable, users: UserTable, keepKnown = false): void {
  for (const u of s.users) users.addUser(u);
  for (const g of s.groups) users.addGroup(g);
  for (const c of s.containers) users.addContainer(c);

  const serverPorts = new Set<number>();
  const entries: ThreadEntry[] = [];
  for (const ts of s.threads) {
    if (keepKnown && table.threads.has(ts.tid)) continue;
    for (const f of ts.fds) {
      const port = serverPort(f);
      if (port !== undefined) serverPorts.add(port);
    }
    const t = entryFromSnapshot(ts);
    entries.push(t);
    table.threads.set(t.tid, t);
  }
  for (const t of entries) for (const f of t.ownFds.values()) fixSnapshotSocket(f, serverPorts);
  // Groups and parent links once every thread is in: a parent may come after its children.
  for (const t of entries) if (table.threads.get(t.tid) === t) table.linkDependencies(t);
  for (const t of entries) inheritFromMain(table, t);
}
