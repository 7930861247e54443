// The info command's verdict at every truncation point of a capture: always a
// clean exit with the documented code (3), never an exception. Run in-process
// (the command class itself, as oclif runs it) so that all ~2000 cuts are cheap.
import fs from 'node:fs';
import path from 'node:path';
import { Config, Errors } from '@oclif/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CaptureBuilder } from '../../src/capture/builder.js';
import Info from '../../src/commands/info.js';
import { ROOT } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir();
const config = await Config.load(ROOT);

async function exitCodeOf(file: string): Promise<number> {
  try {
    // Commands end with process.exitCode once their output is written (BaseCommand.finish).
    process.exitCode = undefined;
    await new Info([file], config).run();
    const code = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    return code;
  } catch (err) {
    if (err instanceof Errors.ExitError) return err.oclif.exit ?? 0;
    throw err;
  }
}

describe('falco-ts info on every truncation point', () => {
  beforeEach(() => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  it('exits 0 for the whole file, 3 for every cut after the header, 2 or 3 inside it', async () => {
    const b = new CaptureBuilder();
    b.addThread({ tid: 10, comm: 'sh' });
    for (let i = 0; i < 30; i++) b.tick(500).openat(10, `/var/log/f${i}`, 3);
    const whole = path.join(dir, 'whole.fcap');
    const footer = b.writeTo(whole, { blockEvents: 7 });
    const bytes = fs.readFileSync(whole);
    expect(await exitCodeOf(whole)).toBe(0);
    const cutFile = path.join(dir, 'cut.fcap');
    const dataStart = footer.blocks[0]!.offset;
    for (let cut = 0; cut < bytes.length; cut++) {
      fs.writeFileSync(cutFile, bytes.subarray(0, cut));
      const code = await exitCodeOf(cutFile);
      // Inside the preamble the file is not recognisable (2); a cut header is a damaged capture (3).
      const expected = cut < 16 ? [2, 3] : [3];
      expect(expected, `cut at ${cut} of ${bytes.length} exited ${code}`).toContain(code);
      if (cut >= dataStart) expect(code).toBe(3);
    }
  });
});
