// Per event code facts the engine needs on every event, computed once from the
// event table: parameter indices by name, where the event's fd is, which
// parameters are paths. The hot path only indexes arrays by event code.
import { allEvents, eventCode } from '../capture/event-schema.js';
import type { EventInfo } from '../capture/event-schema.js';

/** Index of parameter `name` of event `code`, or -1. For use at module initialisation only. */
export function paramIndex(code: number, name: string): number {
  const info = allEvents()[code];
  return info === undefined ? -1 : info.params.findIndex((p) => p.name === name);
}

/** Index of parameter `name` of the event with enum id `id`, or -1. */
export function paramIndexById(id: string, name: string): number {
  return paramIndex(eventCode(id), name);
}

/** How the engine finds the event's thread (libsinsp sinsp_parser::reset). */
export enum ThreadLookup {
  /** No thread: meta events (user/group/container/plugin/async) and skipparsereset events. */
  None = 0,
  /** Only an existing entry: clone/fork exits, procexit, scheduler switches, PROCINFO. */
  Find = 1,
  /** An existing entry, or a minimal invalid one created on first sight. */
  GetOrCreate = 2,
}

/** A path parameter to resolve: its index and, for FSRELPATH, its dirfd parameter (-1 otherwise). */
export interface PathParam {
  readonly index: number;
  readonly dirfd: number;
}

export interface EventMeta {
  readonly info: EventInfo;
  readonly lookup: ThreadLookup;
  /** The event creates, uses or destroys an fd: fd fields apply (fd.num is -1 when there is none). */
  readonly fdEvent: boolean;
  /** Parameter holding the fd the event uses (libsinsp get_exit/enter_event_fd_location), or -1. */
  readonly fdParam: number;
  readonly paths: readonly PathParam[];
  /** libsinsp is_metaevent: not counted for the first event timestamp. */
  readonly metaEvent: boolean;
}

/** libsinsp get_exit_event_fd_location: where exit events keep the fd they use. */
const EXIT_FD_LOCATION: Readonly<Record<string, number>> = (() => {
  const loc: Record<string, number> = {};
  const at = (n: number, ids: string[]): void => { for (const id of ids) loc[id] = n; };
  at(1, [
    'SYSCALL_SETNS_X', 'SOCKET_LISTEN_X', 'SOCKET_SHUTDOWN_X', 'SYSCALL_FCHDIR_X', 'SYSCALL_LSEEK_X', 'SYSCALL_LLSEEK_X',
    'SYSCALL_IOCTL_3_X', 'SYSCALL_FSTAT_X', 'SYSCALL_CLOSE_X', 'SYSCALL_GETDENTS_X', 'SYSCALL_GETDENTS64_X', 'SYSCALL_FLOCK_X',
    'SYSCALL_COPY_FILE_RANGE_X', 'SYSCALL_FCNTL_X', 'SYSCALL_DUP_1_X', 'SYSCALL_DUP2_X', 'SYSCALL_DUP3_X', 'SYSCALL_NEWFSTATAT_X',
    'SYSCALL_FCHOWNAT_X', 'SYSCALL_FCHMODAT_X', 'SYSCALL_MKDIRAT_X', 'SYSCALL_UNLINKAT_2_X', 'SYSCALL_MKNODAT_X',
    'SOCKET_SENDMMSG_X', 'SOCKET_RECVMMSG_X', 'SYSCALL_IO_URING_REGISTER_X', 'SYSCALL_IO_URING_ENTER_X', 'SOCKET_SETSOCKOPT_X',
    'SOCKET_GETSOCKOPT_X', 'SYSCALL_FSCONFIG_X', 'SYSCALL_FINIT_MODULE_X', 'SYSCALL_FCHMOD_X', 'SYSCALL_FCHOWN_X',
  ]);
  at(2, [
    'SYSCALL_READ_X', 'SYSCALL_PREAD_X', 'SOCKET_BIND_X', 'SYSCALL_WRITE_X', 'SYSCALL_PWRITE_X', 'SOCKET_RECV_X', 'SOCKET_SEND_X',
    'SOCKET_SENDTO_X', 'SOCKET_SENDMSG_X', 'SYSCALL_SENDFILE_X', 'SYSCALL_SPLICE_X', 'SYSCALL_WRITEV_X', 'SYSCALL_PWRITEV_X',
    'SOCKET_CONNECT_X', 'SYSCALL_SYMLINKAT_X',
  ]);
  at(3, ['SOCKET_RECVFROM_X', 'SYSCALL_READV_X', 'SYSCALL_PREADV_X']);
  at(5, ['SOCKET_RECVMSG_X']);
  at(8, ['SYSCALL_MMAP_X', 'SYSCALL_MMAP2_X']);
  return loc;
})();

/** libsinsp get_enter_event_fd_location (old captures may still hold enter events). */
function enterFdLocation(id: string): number {
  if (id === 'SYSCALL_MMAP_E' || id === 'SYSCALL_MMAP2_E') return 4;
  if (id === 'SYSCALL_SPLICE_E') return 1;
  return 0;
}

const NO_THREAD_IDS = new Set([
  'CONTAINER_JSON_E', 'CONTAINER_JSON_2_E', 'USER_ADDED_E', 'USER_DELETED_E', 'GROUP_ADDED_E', 'GROUP_DELETED_E',
  'PLUGINEVENT_E', 'ASYNCEVENT_E',
]);

const FIND_ONLY_IDS = new Set([
  'SYSCALL_CLONE_20_X', 'SYSCALL_CLONE3_X', 'SYSCALL_FORK_20_X', 'SYSCALL_VFORK_20_X', 'PROCEXIT_1_E', 'SCHEDSWITCH_6_E',
]);

function metaFor(info: EventInfo): EventMeta {
  const flags = info.flags;
  const fdEvent = flags.has('uses_fd') || flags.has('creates_fd') || flags.has('destroys_fd');
  let fdParam = -1;
  if (flags.has('uses_fd')) {
    const loc = info.direction === 'exit' ? (EXIT_FD_LOCATION[info.id] ?? -1) : enterFdLocation(info.id);
    if (loc >= 0 && loc < info.params.length) fdParam = loc;
  }
  let lookup = ThreadLookup.GetOrCreate;
  if (NO_THREAD_IDS.has(info.id) || flags.has('skipparsereset')) lookup = ThreadLookup.None;
  if (FIND_ONLY_IDS.has(info.id) || info.id === 'PROCINFO_E') lookup = ThreadLookup.Find;
  const paths: PathParam[] = [];
  info.params.forEach((p, index) => {
    if (p.type === 'FSPATH') paths.push({ index, dirfd: -1 });
    else if (p.type === 'FSRELPATH') {
      const d = p.dirfdParam;
      paths.push({ index, dirfd: d !== undefined && info.params[d]?.type === 'FD' ? d : -1 });
    }
  });
  return { info, lookup, fdEvent, fdParam, paths, metaEvent: info.categories.includes('metaevent') };
}

/** EventMeta by event code (one per event-table row). */
export const EVENT_META: readonly EventMeta[] = allEvents().map(metaFor);
