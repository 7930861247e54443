// The engine fed from a written and re-read capture (decoded parameter values:
// byte lists, bigints, nulls) ends in the same state as from the builder's events.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PPM_O } from '../../src/capture/builder.js';
import { CaptureReader } from '../../src/capture/reader.js';
import { encodeSockTuple } from '../../src/capture/socket-encoding.js';
import { StateEngine } from '../../src/state/state-engine.js';
import { tempDir } from '../support/tmp.js';
import { baseBuilder } from './replay.js';

const dir = tempDir();

describe('replaying a capture file', () => {
  it('rebuilds the same process tree and fds', () => {
    const b = baseBuilder();
    b.spawn(100, 200);
    b.exec(200, { exepath: '/usr/bin/curl', args: ['-s', 'https://example.com'], env: ['A=1', 'B=2'] });
    b.openat(200, 'out.html', 3, PPM_O.WRONLY | PPM_O.CREAT);
    b.connect(200, 4, ['10.0.0.5', 40000], ['93.184.216.34', 443]);
    b.emit(200, 'SOCKET_SENDTO_X', { res: 5, fd: 4, size: 5, tuple: encodeSockTuple('10.0.0.5', 40000, '93.184.216.34', 443) });
    b.spawn(200, 201, { thread: true });
    b.close(201, 3);
    const file = path.join(dir, 'tree.fcap');
    b.writeTo(file);

    const opened = CaptureReader.open(file);
    if (!opened.ok) throw new Error(opened.error.message);
    const engine = new StateEngine(opened.reader.header.timeBaseNs, { bootTimeNs: opened.reader.header.bootTimeNs });
    const names: string[] = [];
    for (const item of opened.reader.items()) {
      if (item.kind === 'snapshot') engine.loadSnapshot(item.snapshot);
      if (item.kind !== 'events') continue;
      for (const e of item.events) {
        const ctx = engine.process(e);
        names.push(`${ctx.info?.name}:${ctx.thread?.comm}:${ctx.fd?.name ?? '-'}`);
      }
    }
    opened.reader.close();

    expect(names).toEqual([
      'clone:bash:-', 'clone:bash:-', 'execve:curl:-', 'openat:curl:/home/u/out.html', 'socket:curl:',
      'connect:curl:10.0.0.5:40000->93.184.216.34:443', 'sendto:curl:10.0.0.5:40000->93.184.216.34:443',
      'clone:curl:-', 'clone:curl:-', 'close:curl:/home/u/out.html',
    ]);
    const curl = engine.thread(200)!;
    expect(curl).toMatchObject({ args: ['-s', 'https://example.com'], env: ['A=1', 'B=2'], exepath: '/usr/bin/curl' });
    expect(curl.pidnsInitStartTs).toBe(opened.reader.header.bootTimeNs);
    expect([...curl.fds.keys()].sort()).toEqual([0, 1, 2, 4]);
    expect(engine.parent(engine.thread(201)!)?.comm).toBe('bash');
  });
});
