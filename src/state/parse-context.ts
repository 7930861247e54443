// What the per-syscall parsers work on: the tables, and the event's thread and
// fd as libsinsp's sinsp_evt carries them while an event is parsed (its tinfo,
// m_lastevent_fd and fd info). One instance is reused for every event.
import type { CapturedEvent } from '../capture/model.js';
import type { FdInfo } from './state-model.js';
import type { ThreadEntry, ThreadTable } from './thread-table.js';
import type { UserTable } from './user-table.js';

export class ParseContext {
  /** The event's thread; parsers may replace it (a clone child, a replaced pid). */
  thread: ThreadEntry | undefined = undefined;
  /** libsinsp m_lastevent_fd: the fd number fd fields report (-1: none). */
  fdNum = -1;
  /** libsinsp's event fd info. */
  fd: FdInfo | undefined = undefined;
  /** The name `fd` had before the event ('' for an fd the event created): fd.name_changed. */
  oldName = '';
  /** Thread to remove before the next event (procexit), -1 for none. */
  tidToRemove = -1;

  constructor(
    readonly table: ThreadTable,
    readonly users: UserTable,
    readonly timeBaseNs: bigint,
    readonly bootTimeNs: bigint | undefined,
  ) {}

  /** Epoch ns of an event. */
  epochOf(e: CapturedEvent): bigint {
    return this.timeBaseNs + BigInt(e.ts);
  }

  /** libsinsp add_fd + evt.set_fd_info: the new fd becomes the event's fd. */
  addFd(t: ThreadEntry, num: number, f: FdInfo): void {
    t.fds.set(num, f);
    this.fdNum = num;
    this.fd = f;
    this.oldName = '';
  }

  /** libsinsp add_fd alone: the table and m_lastevent_fd change, the event's fd info does not. */
  addFdKeepEventFd(t: ThreadEntry, num: number, f: FdInfo): void {
    t.fds.set(num, f);
    this.fdNum = num;
  }
}

export type Handler = (p: ParseContext, e: CapturedEvent) => void;

/** A parser family: enum ids and, for each, a factory given the event code (to precompute parameter indices). */
export type ParserTable = readonly (readonly [id: string, make: (code: number) => Handler])[];
