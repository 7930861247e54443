// Test helper: feeds a CaptureBuilder's snapshot and events to a StateEngine,
// the events incrementally as a test appends them.
import type { BuilderParam } from '../../src/capture/builder.js';
import { CaptureBuilder } from '../../src/capture/builder.js';
import type { EventContext } from '../../src/state/event-context.js';
import { StateEngine } from '../../src/state/state-engine.js';
import type { ThreadInfo } from '../../src/state/state-model.js';

export class Replay {
  readonly engine: StateEngine;
  private next = 0;

  constructor(readonly b: CaptureBuilder) {
    this.engine = new StateEngine(b.timeBaseNs);
    this.engine.loadSnapshot(b.snapshot);
  }

  /** Processes the events appended since the last call; the context of the last one. */
  run(): EventContext {
    let ctx: EventContext | undefined;
    while (this.next < this.b.events.length) ctx = this.engine.process(this.b.events[this.next++]!);
    if (ctx === undefined) throw new Error('no new events');
    return ctx;
  }

  /** Emits one event and processes it. */
  emit(tid: number, id: string, params: Record<string, BuilderParam> = {}): EventContext {
    this.b.emit(tid, id, params);
    return this.run();
  }

  thread(tid: number): ThreadInfo {
    const t = this.engine.thread(tid);
    if (t === undefined) throw new Error(`no thread ${tid}`);
    return t;
  }

  /** comm of each ancestor process, starting with `tid`'s own process. */
  ancestry(tid: number): string[] {
    const out: string[] = [];
    let t: ThreadInfo | undefined = this.engine.mainThread(this.thread(tid));
    while (t !== undefined && out.length < 20) {
      out.push(t.comm);
      t = this.engine.parent(t);
    }
    return out;
  }
}

/** A builder with init (1), a bash (100, child of init) in /home/u with fds 0-2, and a user table. */
export function baseBuilder(): CaptureBuilder {
  const b = new CaptureBuilder();
  b.addThread({ tid: 1, ppid: 0, comm: 'systemd', exepath: '/usr/lib/systemd/systemd', exe: '/sbin/init' });
  b.addThread({
    tid: 100, ppid: 1, comm: 'bash', exepath: '/usr/bin/bash', exe: '-bash', cwd: '/home/u', uid: 1000, gid: 1000,
    env: ['HOME=/home/u', 'TERM=xterm'],
    fds: [
      { fd: 0, type: 'file', name: '/dev/pts/0' },
      { fd: 1, type: 'file', name: '/dev/pts/0' },
      { fd: 2, type: 'file', name: '/dev/pts/0' },
    ],
  });
  b.addUser({ uid: 0, name: 'root', home: '/root' });
  b.addUser({ uid: 1000, name: 'u' });
  b.addGroup({ gid: 1000, name: 'u' });
  return b;
}
