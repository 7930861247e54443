// Whether the real probe can run here. The record tests skip only where BPF is
// truly unavailable (not root, no kernel BTF) or the native toolchain was not
// installed, and say which; on CI none of these holds, so they run.
import fs from 'node:fs';
import { checkProbe } from '../../src/record/probe-binary.js';

export function probeSkipReason(): string | undefined {
  if (process.platform !== 'linux') return `BPF needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'BPF needs root (CAP_BPF, CAP_PERFMON)';
  if (!fs.existsSync('/sys/kernel/btf/vmlinux')) return 'the kernel has no BTF (/sys/kernel/btf/vmlinux)';
  const probe = checkProbe();
  return probe.ok ? undefined : probe.reason;
}

export const PROBE_SKIP = probeSkipReason();
if (PROBE_SKIP !== undefined) console.warn(`SKIPPING probe tests: ${PROBE_SKIP}`);
