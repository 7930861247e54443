// Linux clone(2) flags to the driver's PPM_CL_* values: the capture format
// stores the driver's values, as .scap files do.
const LINUX_TO_PPM: readonly [linux: number, ppm: number][] = [
  [0x00000400, 1 << 0], // CLONE_FILES
  [0x00000200, 1 << 1], // CLONE_FS
  [0x80000000, 1 << 2], // CLONE_IO
  [0x08000000, 1 << 3], // CLONE_NEWIPC
  [0x40000000, 1 << 4], // CLONE_NEWNET
  [0x00020000, 1 << 5], // CLONE_NEWNS
  [0x20000000, 1 << 6], // CLONE_NEWPID
  [0x04000000, 1 << 7], // CLONE_NEWUTS
  [0x00008000, 1 << 8], // CLONE_PARENT
  [0x00100000, 1 << 9], // CLONE_PARENT_SETTID
  [0x00002000, 1 << 10], // CLONE_PTRACE
  [0x00000800, 1 << 11], // CLONE_SIGHAND
  [0x00040000, 1 << 12], // CLONE_SYSVSEM
  [0x00010000, 1 << 13], // CLONE_THREAD
  [0x00800000, 1 << 14], // CLONE_UNTRACED
  [0x00000100, 1 << 15], // CLONE_VM
  [0x10000000, 1 << 20], // CLONE_NEWUSER
  [0x00200000, 1 << 23], // CLONE_CHILD_CLEARTID
  [0x01000000, 1 << 24], // CLONE_CHILD_SETTID
  [0x00080000, 1 << 25], // CLONE_SETTLS
  [0x00004000, 1 << 27], // CLONE_VFORK
  [0x02000000, 1 << 28], // CLONE_NEWCGROUP
];

export function ppmCloneFlags(linux: number): number {
  let ppm = 0;
  for (const [l, p] of LINUX_TO_PPM) if ((linux & l) !== 0) ppm |= p;
  return ppm >>> 0;
}
