// Linux open(2) flags to the driver's PPM_O_* values. Both the /proc scan
// (fdinfo "flags:") and the probe decoder (syscall arguments) go through here,
// so a snapshot's fds and a recorded openat agree bit for bit.

export const PPM_O_NONE = 0;
export const PPM_O_RDONLY = 1 << 0;
export const PPM_O_WRONLY = 1 << 1;
export const PPM_O_RDWR = PPM_O_RDONLY | PPM_O_WRONLY;
export const PPM_O_CREAT = 1 << 2;
export const PPM_O_APPEND = 1 << 3;
export const PPM_O_DSYNC = 1 << 4;
export const PPM_O_EXCL = 1 << 5;
export const PPM_O_NONBLOCK = 1 << 6;
export const PPM_O_SYNC = 1 << 7;
export const PPM_O_TRUNC = 1 << 8;
export const PPM_O_DIRECT = 1 << 9;
export const PPM_O_DIRECTORY = 1 << 10;
export const PPM_O_LARGEFILE = 1 << 11;
export const PPM_O_CLOEXEC = 1 << 12;
export const PPM_O_TMPFILE = 1 << 13;

/** The Linux O_* values that differ between architectures (include/uapi/asm-generic/fcntl.h and arch overrides). */
export interface LinuxOpenFlagValues {
  CREAT: number; EXCL: number; TRUNC: number; APPEND: number; NONBLOCK: number; DSYNC: number;
  DIRECT: number; LARGEFILE: number; DIRECTORY: number; CLOEXEC: number; SYNC: number; TMPFILE: number;
}

/** x86_64 (and the asm-generic layout most other architectures share). */
export const LINUX_O_X86_64: LinuxOpenFlagValues = {
  CREAT: 0o100, EXCL: 0o200, TRUNC: 0o1000, APPEND: 0o2000, NONBLOCK: 0o4000, DSYNC: 0o10000,
  DIRECT: 0o40000, LARGEFILE: 0o100000, DIRECTORY: 0o200000, CLOEXEC: 0o2000000,
  SYNC: 0o4010000, TMPFILE: 0o20200000,
};

/** arm64 swaps DIRECT/LARGEFILE/DIRECTORY/NOFOLLOW around (arch/arm64/include/uapi/asm/fcntl.h). */
export const LINUX_O_ARM64: LinuxOpenFlagValues = {
  ...LINUX_O_X86_64,
  DIRECTORY: 0o40000, DIRECT: 0o200000, LARGEFILE: 0o400000, TMPFILE: 0o20000000 | 0o40000,
};

export function linuxOpenFlagValues(arch: string = process.arch): LinuxOpenFlagValues {
  return arch === 'arm64' ? LINUX_O_ARM64 : LINUX_O_X86_64;
}

/**
 * Converts Linux open flags to PPM_O_* flags exactly as the driver and libscap
 * do, quirks included: every multi-bit flag is tested with `flags & X`, so
 * O_DSYNC alone also reports PPM_O_SYNC and O_DIRECTORY alone also reports
 * PPM_O_TMPFILE. Rules compare against what Falco would have produced, so the
 * quirks are kept on purpose.
 */
export function ppmOpenFlags(linuxFlags: number, values: LinuxOpenFlagValues = linuxOpenFlagValues()): number {
  let res: number;
  switch (linuxFlags & 3) {
    case 1: res = PPM_O_WRONLY; break;
    case 2: res = PPM_O_RDWR; break;
    // Access mode 3 is invalid for open(2); the driver lands in its default branch too.
    default: res = PPM_O_RDONLY; break;
  }
  const has = (bits: number): boolean => (linuxFlags & bits) !== 0;
  if (has(values.CREAT)) res |= PPM_O_CREAT;
  if (has(values.TMPFILE)) res |= PPM_O_TMPFILE;
  if (has(values.APPEND)) res |= PPM_O_APPEND;
  if (has(values.DSYNC)) res |= PPM_O_DSYNC;
  if (has(values.EXCL)) res |= PPM_O_EXCL;
  if (has(values.NONBLOCK)) res |= PPM_O_NONBLOCK;
  if (has(values.SYNC)) res |= PPM_O_SYNC;
  if (has(values.TRUNC)) res |= PPM_O_TRUNC;
  if (has(values.DIRECT)) res |= PPM_O_DIRECT;
  if (has(values.DIRECTORY)) res |= PPM_O_DIRECTORY;
  if (has(values.LARGEFILE)) res |= PPM_O_LARGEFILE;
  if (has(values.CLOEXEC)) res |= PPM_O_CLOEXEC;
  return res;
}
