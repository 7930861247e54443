#!/usr/bin/env node
// `npm run build:native`: builds the eBPF probe and its loader (native/Makefile)
// when Debian's toolchain is present. Without it, says exactly what is missing
// and exits 0 so that every other command still builds and runs; `record`
// then reports the missing probe. FALCO_TS_REQUIRE_NATIVE=1 makes it an error.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

const need = [
  ['clang', () => spawnSync('clang', ['--version']).status === 0, 'clang'],
  ['bpftool', () => ['/usr/sbin/bpftool', '/usr/bin/bpftool'].some((p) => fs.existsSync(p)) || spawnSync('bpftool', ['version']).status === 0, 'bpftool'],
  ['libbpf headers', () => fs.existsSync('/usr/include/bpf/libbpf.h'), 'libbpf-dev'],
  ['libelf', () => fs.existsSync('/usr/include/libelf.h') || fs.existsSync('/usr/include/gelf.h'), 'libelf-dev'],
  ['zlib', () => fs.existsSync('/usr/include/zlib.h'), 'zlib1g-dev'],
  ['kernel BTF', () => fs.existsSync('/sys/kernel/btf/vmlinux'), null],
];
const missing = need.filter(([, ok]) => !ok());
if (missing.length > 0) {
  const pkgs = missing.map(([, , pkg]) => pkg).filter(Boolean);
  const msg = `native probe not built: missing ${missing.map(([what]) => what).join(', ')}` +
    (pkgs.length ? ` (apt-get install -y ${pkgs.join(' ')})` : '');
  console.error(`falco-ts: ${msg}`);
  process.exit(process.env.FALCO_TS_REQUIRE_NATIVE === '1' ? 1 : 0);
}
execFileSync('make', ['-C', 'native', '-s'], { stdio: 'inherit' });
