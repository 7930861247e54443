// What a capture holds, as the reader hands it out and the writer takes it in.
// Field names follow libsinsp's thread/fd tables so that later stages (and the
// .scap converter) map one to one.

/**
 * A parameter value, by wire type: integers as numbers (bigint only beyond
 * 2^53, e.g. kernel pointers), paths and names as strings (bytes when they are
 * not valid UTF-8), byte buffers and the scap-encoded SOCKADDR, SOCKTUPLE and
 * FDLIST values as Uint8Array, and null for an empty (absent) parameter.
 */
export type ParamValue = number | bigint | string | Uint8Array | null;

/** One syscall exit (or lifecycle event): Falco's modern exit-only model. */
export interface CapturedEvent {
  /** Nanoseconds since the capture's time base (see timestamp.ts). */
  ts: number;
  cpu: number;
  /** Kernel thread id in the host pid namespace. */
  tid: number;
  /** ppm_event_code (event-schema.ts). */
  type: number;
  /** Parameters in the event table's order. */
  params: ParamValue[];
  /**
   * A .scap event flagged SCAP_DF_STATE_ONLY (written by sysdig to keep the
   * state of a filtered capture): it updates the state, and libsinsp filters
   * it out of what users and rules see; so does a replay. Absent otherwise.
   */
  stateOnly?: boolean;
}

export type FdType =
  | 'file' | 'directory' | 'ipv4' | 'ipv6' | 'ipv4-server' | 'ipv6-server' | 'fifo' | 'unix'
  | 'event' | 'signalfd' | 'eventpoll' | 'inotify' | 'timerfd' | 'netlink' | 'bpf' | 'userfaultfd'
  | 'io_uring' | 'memfd' | 'pidfd' | 'unsupported';

export const FD_TYPES: readonly FdType[] = [
  'file', 'directory', 'ipv4', 'ipv6', 'ipv4-server', 'ipv6-server', 'fifo', 'unix', 'event', 'signalfd',
  'eventpoll', 'inotify', 'timerfd', 'netlink', 'bpf', 'userfaultfd', 'io_uring', 'memfd', 'pidfd', 'unsupported',
];

/** A socket's endpoints; for a server socket only the local side is set. */
export interface SocketTuple {
  /** 'tcp' | 'udp' | 'icmp' | 'raw' | 'unknown'. */
  l4proto: string;
  sip: string;
  sport: number;
  dip: string;
  dport: number;
}

export interface FdSnapshot {
  fd: number;
  type: FdType;
  /** Path, or the libsinsp-style name of a socket/pipe/anon fd. */
  name: string;
  /** PPM_O_* open flags, for files. */
  openFlags?: number;
  ino?: number | bigint;
  dev?: number;
  tuple?: SocketTuple;
}

export interface ThreadSnapshot {
  tid: number;
  pid: number;
  ppid: number;
  vtid: number;
  vpid: number;
  sid: number;
  vpgid: number;
  pgid: number;
  comm: string;
  /** argv[0]. */
  exe: string;
  /** Full path of the executable. */
  exepath: string;
  /** argv[1..]. */
  args: string[];
  env: string[];
  cwd: string;
  root: string;
  uid: number;
  gid: number;
  /** 0xffffffff when unset, as in the kernel. */
  loginuid: number;
  tty: number;
  /** "subsys=/path" entries, as in /proc/PID/cgroup. */
  cgroups: string[];
  capInheritable: number | bigint;
  capPermitted: number | bigint;
  capEffective: number | bigint;
  fdlimit: number;
  /** PPM_CL_* flags. */
  flags: number;
  /** Epoch ns, absolute. */
  startTs: bigint;
  pidnsInitStartTs: bigint;
  exeIno: number | bigint;
  exeInoCtime: bigint;
  exeInoMtime: bigint;
  exeWritable: boolean;
  exeUpperLayer: boolean;
  exeLowerLayer: boolean;
  exeFromMemfd: boolean;
  /** Open fds; libsinsp keeps them on the thread-group leader only. */
  fds: FdSnapshot[];
}

export interface UserInfo {
  uid: number;
  gid: number;
  name: string;
  home: string;
  shell: string;
  /** Container the entry was read in; '' for the host. */
  container: string;
}

export interface GroupInfo {
  gid: number;
  name: string;
  container: string;
}

export interface ContainerInfo {
  id: string;
  /** 'docker' | 'containerd' | 'cri-o' | 'podman' | ... */
  runtime: string;
  name: string;
  image: string;
  imageTag: string;
  imageDigest: string;
  imageId: string;
  privileged: boolean;
  labels: Record<string, string>;
}

/** The process, fd, user and container state at one instant. */
export interface StateSnapshot {
  /** Relative ns (as event ts) at which the state was taken. */
  ts: number;
  threads: ThreadSnapshot[];
  users: UserInfo[];
  groups: GroupInfo[];
  containers: ContainerInfo[];
}

/** Cumulative recorder counters (scap_stats); the last block in a file is the total. */
export interface CaptureStats {
  ts: number;
  events: number;
  drops: number;
  dropsBuffer: number;
  dropsScratchMap: number;
  dropsPageFault: number;
  dropsBug: number;
  preemptions: number;
  perCpu: { cpu: number; events: number; drops: number }[];
}

export interface CaptureHeader {
  hostname: string;
  kernelRelease: string;
  /** Epoch ns of the machine's boot. */
  bootTimeNs: bigint;
  /** Epoch ns (wall clock) when recording started. */
  captureStartNs: bigint;
  /** Epoch ns that every event ts is relative to: captureStartNs floored to a second. */
  timeBaseNs: bigint;
  recorderVersion: string;
  eventSchemaVersion: number;
  eventSchemaSource: string;
  /** Block payload codec; see codec.ts. */
  codec: CodecName;
  /** What the recorder was asked to do (command, filters, snaplen, ...), free-form. */
  options: Record<string, unknown>;
}

export type CodecName = 'none' | 'deflate' | 'brotli';

/** One entry of the footer's block index. */
export interface BlockIndexEntry {
  offset: number;
  kind: BlockKindName;
  /** Events in the block (0 for non-event blocks). */
  count: number;
  /** First and last event ts in the block; the snapshot/stats ts for other kinds. */
  firstTs: number;
  lastTs: number;
}

export interface FooterIndex {
  blocks: BlockIndexEntry[];
  eventCount: number;
  firstTs: number | null;
  lastTs: number | null;
  /** Events per ppm_event_code. */
  countsByType: Record<number, number>;
}

export type BlockKindName = 'snapshot' | 'events' | 'stats' | 'footer';
