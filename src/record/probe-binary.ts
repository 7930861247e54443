// Where the native probe helper lives and whether it can run here. The helper
// is built by `npm run build:native` into native/build; everything except
// `record` works without it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest directory above this module with a package.json (works from src/ and dist/). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

const PACKAGE_ROOT = packageRoot();

export const PROBE_BUILD_HINT =
  'build it with `npm run build:native` (needs Debian packages clang, bpftool, libbpf-dev, libelf-dev, zlib1g-dev)';

/** The helper's path: FALCO_TS_PROBE if set, else native/build/falco-ts-probe in this package. */
export function probePath(): string {
  return process.env.FALCO_TS_PROBE ?? path.join(PACKAGE_ROOT, 'native', 'build', 'falco-ts-probe');
}

export type ProbeCheck = { ok: true; path: string; events: string[]; generic: string[] } | { ok: false; reason: string };

/**
 * Checks that the helper exists and lists what it can record: event types
 * with their own layout (`events`), and syscalls it records as generic events.
 */
export function checkProbe(file = probePath()): ProbeCheck {
  if (!fs.existsSync(file)) return { ok: false, reason: `the native probe ${file} is missing: ${PROBE_BUILD_HINT}` };
  const r = spawnSync(file, ['--list'], { encoding: 'utf8' });
  if (r.status !== 0) return { ok: false, reason: `the native probe ${file} does not run: ${(r.stderr || r.error?.message || '').trim()}` };
  const lines = r.stdout.split('\n').filter(Boolean).map((l) => l.split(' '));
  return {
    ok: true, path: file,
    events: lines.filter((l) => l.length === 1).map((l) => l[0]!),
    generic: lines.filter((l) => l[1] === 'generic').map((l) => l[0]!),
  };
}
