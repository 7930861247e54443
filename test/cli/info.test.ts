// `falco-ts info` driven as a user would: the real CLI on real capture files.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureReader } from '../../src/capture/reader.js';
import { ROOT, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir();
const DEMO = 'fixtures/demo.fcap';

describe('falco-ts info', () => {
  it('describes the bundled demo capture', () => {
    const r = runCli(['info', DEMO]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Host:        web-01 (kernel 6.18.44-falco-ts-demo');
    expect(r.stdout).toContain('Time range:  2026-01-01T00:00:00.040000000Z .. 2026-01-01T00:00:04.618000000Z (4.578 s)');
    expect(r.stdout).toContain('Events:      61 ');
    expect(r.stdout).toContain('State:       7 threads, 6 fds, 4 users, 3 groups, 1 container');
    expect(r.stdout).toContain('Drops:       0 dropped of 61');
    expect(r.stdout).toContain('Integrity:   ok');
    expect(r.stdout).toMatch(/│ execve\s+│\s+5 │\s+8\.20 │/);
  });

  it('prints one JSON document with --json', () => {
    const r = runCli(['info', '--json', DEMO]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.events).toBe(61);
    expect(doc.header.hostname).toBe('web-01');
    expect(doc.header.capture_start_ns).toBe('1767225600000000000');
    expect(doc.first_ts_ns).toBe('1767225600040000000');
    expect(doc.events_by_type.openat).toBe(8);
    expect(doc.integrity).toEqual({ ok: true, footer: true, damage: [] });
    expect(doc.blocks).toEqual({ snapshot: 1, events: 1, stats: 1, footer: 1 });
  });

  it('names the damage and its offset, still describes what was recovered, and exits 3', () => {
    const bytes = fs.readFileSync(path.join(ROOT, DEMO));
    const cut = path.join(dir, 'cut.fcap');
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
    const r = runCli(['info', cut]);
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('Integrity:   DAMAGED: 1 problem');
    expect(r.stdout).toContain('Events:      61 ');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^falco-ts: ${cut}: byte \\d+: truncated`));

    const json = runCli(['info', '--json', cut]);
    expect(json.status).toBe(3);
    const doc = JSON.parse(json.stdout);
    expect(doc.integrity.ok).toBe(false);
    expect(doc.integrity.damage[0].code).toBe('truncated');
  });

  it('reports a flipped bit as a corrupt block with its offset', () => {
    const bytes = Buffer.from(fs.readFileSync(path.join(ROOT, DEMO)));
    const opened = CaptureReader.open(path.join(ROOT, DEMO));
    if (!opened.ok) throw new Error(opened.error.message);
    const eventsBlock = opened.reader.footer()!.blocks.find((b) => b.kind === 'events')!;
    opened.reader.close();
    bytes[eventsBlock.offset + 40]! ^= 0x10;
    const file = path.join(dir, 'flip.fcap');
    fs.writeFileSync(file, bytes);
    const r = runCli(['info', file]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`falco-ts: ${file}: byte ${eventsBlock.offset}: corrupt block (CRC mismatch)`);
    expect(r.stdout).toContain('Events:      0');
  });

  it('exits 2 with one line for a missing file or a file that is not a capture', () => {
    const missing = runCli(['info', 'no/such/file.fcap']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('falco-ts: no/such/file.fcap: no such file\n');
    const notCapture = runCli(['info', 'package.json']);
    expect(notCapture.status).toBe(2);
    expect(notCapture.stderr).toBe('falco-ts: package.json: byte 0: not a falco-ts capture (bad magic)\n');
  });

  it('exits 2 on a usage error', () => {
    expect(runCli(['info']).status).toBe(2);
    expect(runCli(['info', '--no-such-flag', DEMO]).status).toBe(2);
  });
});
