// What field extractors see for one event: the event, its table entry, and
// the state it was evaluated against. The engine reuses one context object
// for every event (no per-event allocation); extractors must not keep it.
import type { EventInfo } from '../capture/event-schema.js';
import type { CapturedEvent, ContainerInfo, GroupInfo, UserInfo } from '../capture/model.js';
import type { FdInfo, ThreadInfo } from './state-model.js';

/** Read-only queries on the state, for fields that walk beyond the event's own thread and fd. */
export interface StateView {
  thread(tid: number): ThreadInfo | undefined;
  /** The thread-group leader of `t` (itself when it is the leader, or when the leader is unknown). */
  mainThread(t: ThreadInfo): ThreadInfo;
  /** libsinsp's parent: from the main thread, follow ptid to that thread's main thread. */
  parent(t: ThreadInfo): ThreadInfo | undefined;
  user(uid: number, containerId: string): UserInfo | undefined;
  group(gid: number, containerId: string): GroupInfo | undefined;
  container(id: string): ContainerInfo | undefined;
}

export interface EventContext {
  event: CapturedEvent;
  /** Undefined for an event code newer than our table. */
  info: EventInfo | undefined;
  /** evt.num: 1-based position of the event in the replay. */
  num: number;
  /**
   * The thread the event happened in. A thread nobody knew gets a minimal entry on first sight
   * (libsinsp's placeholder: pid/ptid -1, comm and exe "<NA>", uid/gid 0xffffffff, cwd "./");
   * undefined for meta events (user/group/container/plugin), for clone/procexit events of an
   * unknown thread, and for drop/scheduler-style internal events.
   */
  thread: ThreadInfo | undefined;
  /**
   * The fd number the event refers to (its fd parameter or the fd it returned; libsinsp
   * m_lastevent_fd): -1 on an fd event with none (a failed open), undefined on events that
   * create, use or destroy no fd (fd fields are NULL) or have no thread.
   */
  fdNum: number | undefined;
  /** That fd as it was for this event: the new fd for open/socket/accept, the closed one for close. */
  fd: FdInfo | undefined;
  /**
   * fd.name when `fd` is undefined on an fd event of a known thread (libsinsp
   * extract_fdname_from_event): the event's own path or tuple for open/creat/openat/openat2/
   * open_by_handle_at/accept/connect, '' for other fd events; undefined when `fd` is set or the
   * event cannot name one (fd.name is then NULL).
   */
  eventFdName?: string | undefined;
  /**
   * Absolute paths of the event's path parameters (FSPATH/FSRELPATH resolved against
   * the thread's cwd or the dirfd's path), by parameter index; undefined where not a path.
   */
  absPaths: (string | undefined)[];
  state: StateView;
  /** Epoch ns the event timestamps are relative to (capture header). */
  timeBaseNs: bigint;
  /** Relative ns of the first event of the replay (evt.reltime is measured from it). */
  firstTs: number;
}
