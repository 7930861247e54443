// fd.name when the thread has no entry for the event's fd: libsinsp's
// sinsp_filter_check_fd::extract_fdname_from_event (fields.md, Corrections).
import { paramAt } from '../capture/event-param.js';
import { eventCode } from '../capture/event-schema.js';
import type { CapturedEvent, ParamValue } from '../capture/model.js';
import { paramIndexById } from './event-params.js';
import { bytes, isEmpty, num, str } from './param-values.js';
import { asDirBase, concatenatePaths } from './path-resolution.js';
import { isSockTupleValid, sockTupleText } from './socket-decoding.js';
import { cwdOf } from './thread-state.js';
import type { ThreadEntry, ThreadTable } from './thread-table.js';

const AT_FDCWD = -100;

type Kind = 'path' | 'tuple' | 'openat' | 'raw';

const KINDS = new Map<number, { kind: Kind; index: number; dirfd: number }>();
function add(id: string, kind: Kind, name: string): void {
  KINDS.set(eventCode(id), { kind, index: paramIndexById(id, name), dirfd: paramIndexById(id, 'dirfd') });
}
add('SYSCALL_OPEN_X', 'path', 'name');
add('SYSCALL_CREAT_X', 'path', 'name');
add('SOCKET_ACCEPT_5_X', 'tuple', 'tuple');
add('SOCKET_ACCEPT4_6_X', 'tuple', 'tuple');
add('SOCKET_CONNECT_X', 'tuple', 'tuple');
add('SYSCALL_OPENAT_2_X', 'openat', 'name');
add('SYSCALL_OPENAT2_X', 'openat', 'name');
add('SYSCALL_OPEN_BY_HANDLE_AT_X', 'raw', 'path');

/** get_param_as_str of a SOCKTUPLE, including libsinsp's texts for empty and truncated ones. */
function tupleText(v: ParamValue | undefined): string {
  if (isEmpty(v)) return 'NULL';
  const b = bytes(v);
  if (isSockTupleValid(b)) return sockTupleText(b);
  switch (v instanceof Uint8Array ? v[0] : undefined) {
    case 1: return 'INVALID PATH';
    case 2: return 'INVALID IPv4';
    case 10: return 'INVALID IPv6';
    default: return 'INVALID SOCKTUPLE';
  }
}

/**
 * The name libsinsp shows for an fd event whose fd is not in the thread's
 * table: the path or tuple the event carries (open, creat, openat/openat2
 * resolved as the open would have named the fd, accept, connect,
 * open_by_handle_at), '' for any other fd event, undefined (NULL) when the
 * event cannot say (openat without name or dirfd, enter events).
 */
export function fdNameFromEvent(table: ThreadTable, t: ThreadEntry, e: CapturedEvent, exitEvent: boolean): string | undefined {
  if (!exitEvent) return undefined;
  const k = KINDS.get(e.type);
  if (k === undefined) return '';
  const v = k.index < 0 ? undefined : paramAt(e, k.index);
  switch (k.kind) {
    case 'tuple':
      return tupleText(v);
    case 'raw':
      return str(v);
    case 'path': {
      const path = str(v);
      if (path.length === 0 || path === '<NA>' || path.charCodeAt(0) === 47) return path;
      return concatenatePaths(cwdOf(table, t), path);
    }
    case 'openat': {
      if (isEmpty(v)) return undefined;
      const dv = k.dirfd < 0 ? undefined : paramAt(e, k.dirfd);
      if (isEmpty(dv)) return undefined;
      const name = str(v);
      const dirfd = num(dv);
      let base: string;
      if (name.length > 0 && name.charCodeAt(0) === 47) base = '.';
      else if (dirfd === AT_FDCWD) base = cwdOf(table, t);
      else {
        const f = t.fds.get(dirfd);
        base = f === undefined ? '<UNKNOWN>' : asDirBase(f.name);
      }
      return concatenatePaths(base, name);
    }
  }
}
