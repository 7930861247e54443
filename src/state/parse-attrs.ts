// Parsers for per-thread attributes: credentials, capabilities, session,
// subreaper, working and root directories, fd limit; and the user/group meta
// events. After libsinsp's parse_set*_exit, parse_capset_exit,
// parse_setsid_exit, parse_prctl_exit, parse_chdir/fchdir/getcwd/chroot_exit,
// parse_getrlimit_setrlimit_exit, parse_prlimit_exit, parse_user/group_evt.
import { paramAt } from '../capture/event-param.js';
import { paramIndex } from './event-params.js';
import type { Handler, ParserTable } from './parse-context.js';
import { exact, isEmpty, num, str } from './param-values.js';
import { concatenatePaths } from './path-resolution.js';
import { changeCwd, cwdOf } from './thread-state.js';

/** The id the kernel leaves unchanged: -1 as the driver records a uid_t/gid_t argument. */
const UNCHANGED_ID = 0xffffffff;
const PPM_PR_SET_CHILD_SUBREAPER = 36;
const PPM_PR_GET_CHILD_SUBREAPER = 37;
const PPM_RLIMIT_NOFILE = 7;

/**
 * setuid/setreuid/setresuid (and the gid ones): on success the thread's
 * effective id becomes the event's. An id of -1 ("unchanged" to the kernel)
 * leaves it as it was; libsinsp would store 4294967295 there.
 */
function makeSetId(code: number, name: string, field: 'uid' | 'gid'): Handler {
  const iRes = paramIndex(code, 'res');
  const iId = paramIndex(code, name);
  return (p, e) => {
    if (num(paramAt(e, iRes), -1) !== 0) return;
    const t = p.thread;
    const v = paramAt(e, iId);
    if (t === undefined || isEmpty(v)) return;
    const id = num(v) >>> 0;
    if (id !== UNCHANGED_ID) t[field] = id;
  };
}

function makeCapset(code: number): Handler {
  const iRes = paramIndex(code, 'res');
  const iInh = paramIndex(code, 'cap_inheritable');
  const iPerm = paramIndex(code, 'cap_permitted');
  const iEff = paramIndex(code, 'cap_effective');
  return (p, e) => {
    const t = p.thread;
    if (t === undefined || num(paramAt(e, iRes), -1) < 0) return;
    t.capInheritable = exact(paramAt(e, iInh));
    t.capPermitted = exact(paramAt(e, iPerm));
    t.capEffective = exact(paramAt(e, iEff));
  };
}

function makeSetsid(code: number): Handler {
  const iRes = paramIndex(code, 'res');
  return (p, e) => {
    const res = num(paramAt(e, iRes), -1);
    if (res >= 0 && p.thread !== undefined) p.thread.sid = res;
  };
}

/** Only the child-subreaper options change state (PR_SET_NAME does not update comm in libsinsp). */
function makePrctl(code: number): Handler {
  const iRes = paramIndex(code, 'res');
  const iOption = paramIndex(code, 'option');
  const iArg2 = paramIndex(code, 'arg2_int');
  return (p, e) => {
    if (num(paramAt(e, iRes), -1) < 0) return;
    const t = p.thread;
    if (t === undefined || t.isInvalid || t.group === undefined) return;
    const option = num(paramAt(e, iOption));
    if (option !== PPM_PR_SET_CHILD_SUBREAPER && option !== PPM_PR_GET_CHILD_SUBREAPER) return;
    t.group.reaper = num(paramAt(e, iArg2)) !== 0;
  };
}

/** chdir and getcwd: the path joins the cwd (libsinsp update_cwd). */
function makeCwdFromPath(code: number): Handler {
  const iRes = paramIndex(code, 'res');
  const iPath = paramIndex(code, 'path');
  return (p, e) => {
    const t = p.thread;
    if (t === undefined || num(paramAt(e, iRes), -1) < 0) return;
    changeCwd(p.table, t, str(paramAt(e, iPath)));
  };
}

function makeFchdir(code: number): Handler {
  const iRes = paramIndex(code, 'res');
  return (p, e) => {
    const t = p.thread;
    if (t === undefined || p.fd === undefined || num(paramAt(e, iRes), -1) < 0) return;
    changeCwd(p.table, t, p.fd.name);
  };
}

/** chroot: the root becomes the path, resolved against the cwd when relative. */
function makeChroot(code: number): Handler {
  const iRes = paramIndex(code, 'res');
  const iPath = paramIndex(code, 'path');
  return (p, e) => {
    const t = p.thread;
    if (t === undefined || num(paramAt(e, iRes), -1) !== 0) return;
    const path = str(paramAt(e, iPath));
    const relative = path.length > 0 && path !== '<NA>' && path.charCodeAt(0) !== 47;
    t.root = relative ? concatenatePaths(cwdOf(p.table, t), path) : path;
  };
}

function setFdlimit(p: Parameters<Handler>[0], tid: number, limit: number): void {
  const t = p.table.threads.get(tid);
  if (t === undefined || t.isInvalid) return;
  const main = p.table.mainOf(t);
  if (main === undefined) return;
  p.table.forEachInProcess(main, (m) => { m.fdlimit = limit; });
}

function makeRlimit(code: number): Handler {
  const iRes = paramIndex(code, 'res');
  const iCur = paramIndex(code, 'cur');
  const iResource = paramIndex(code, 'resource');
  return (p, e) => {
    if (p.thread === undefined || num(paramAt(e, iRes), -1) < 0) return;
    if (num(paramAt(e, iResource), -1) !== PPM_RLIMIT_NOFILE) return;
    const cur = num(paramAt(e, iCur), -1);
    if (cur !== -1) setFdlimit(p, e.tid, cur);
  };
}

function makePrlimit(code: number): Handler {
  const iRes = paramIndex(code, 'res');
  const iNewcur = paramIndex(code, 'newcur');
  const iPid = paramIndex(code, 'pid');
  const iResource = paramIndex(code, 'resource');
  return (p, e) => {
    if (num(paramAt(e, iRes), -1) !== 0) return;
    const resource = paramAt(e, iResource);
    if (isEmpty(resource) || num(resource) !== PPM_RLIMIT_NOFILE) return;
    const newcur = num(paramAt(e, iNewcur), -1);
    const pid = paramAt(e, iPid);
    if (newcur === -1 || isEmpty(pid)) return;
    const tid = num(pid);
    setFdlimit(p, tid === 0 ? e.tid : tid, newcur);
  };
}

function makeUserEvent(code: number, added: boolean): Handler {
  const i = (name: string): number => paramIndex(code, name);
  const I = { uid: i('uid'), gid: i('gid'), name: i('name'), home: i('home'), shell: i('shell'), container: i('container_id') };
  return (p, e) => {
    const container = str(paramAt(e, I.container));
    const uid = num(paramAt(e, I.uid));
    if (!added) {
      p.users.removeUser(container, uid);
      return;
    }
    p.users.addUser({
      uid, gid: num(paramAt(e, I.gid)), name: str(paramAt(e, I.name)), home: str(paramAt(e, I.home)), shell: str(paramAt(e, I.shell)),
      container,
    });
  };
}

function makeGroupEvent(code: number, added: boolean): Handler {
  const iGid = paramIndex(code, 'gid');
  const iName = paramIndex(code, 'name');
  const iContainer = paramIndex(code, 'container_id');
  return (p, e) => {
    const container = str(paramAt(e, iContainer));
    const gid = num(paramAt(e, iGid));
    if (added) p.users.addGroup({ gid, name: str(paramAt(e, iName)), container });
    else p.users.removeGroup(container, gid);
  };
}

export const ATTR_PARSERS: ParserTable = [
  ['SYSCALL_SETUID_X', (c) => makeSetId(c, 'uid', 'uid')],
  ['SYSCALL_SETREUID_X', (c) => makeSetId(c, 'euid', 'uid')],
  ['SYSCALL_SETRESUID_X', (c) => makeSetId(c, 'euid', 'uid')],
  ['SYSCALL_SETGID_X', (c) => makeSetId(c, 'gid', 'gid')],
  ['SYSCALL_SETREGID_X', (c) => makeSetId(c, 'egid', 'gid')],
  ['SYSCALL_SETRESGID_X', (c) => makeSetId(c, 'egid', 'gid')],
  ['SYSCALL_CAPSET_X', makeCapset],
  ['SYSCALL_SETSID_X', makeSetsid],
  ['SYSCALL_PRCTL_X', makePrctl],
  ['SYSCALL_CHDIR_X', makeCwdFromPath],
  ['SYSCALL_GETCWD_X', makeCwdFromPath],
  ['SYSCALL_FCHDIR_X', makeFchdir],
  ['SYSCALL_CHROOT_X', makeChroot],
  ['SYSCALL_GETRLIMIT_X', makeRlimit],
  ['SYSCALL_SETRLIMIT_X', makeRlimit],
  ['SYSCALL_PRLIMIT_X', makePrlimit],
  ['USER_ADDED_E', (c) => makeUserEvent(c, true)],
  ['USER_DELETED_E', (c) => makeUserEvent(c, false)],
  ['GROUP_ADDED_E', (c) => makeGroupEvent(c, true)],
  ['GROUP_DELETED_E', (c) => makeGroupEvent(c, false)],
];
