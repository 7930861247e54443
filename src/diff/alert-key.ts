// What makes two alerts "the same" across recordings: the rule and its output
// fields, minus the values that differ between two runs of the same workload
// (times, pids and tids, fd numbers, ephemeral ports, container ids,
// durations, inode numbers). The list is documented in docs/diff-format.md.

/** Output fields (by name, before any [argument]) left out of an alert's identity. */
export const VOLATILE_FIELDS: readonly string[] = [
  'evt.time', 'evt.time.s', 'evt.time.iso8601', 'evt.datetime', 'evt.datetime.s', 'evt.outputtime', 'evt.rawtime', 'evt.rawtime.s',
  'evt.rawtime.ns', 'evt.reltime', 'evt.reltime.s', 'evt.reltime.ns', 'evt.num', 'evt.latency', 'evt.latency.s', 'evt.latency.ns',
  'evt.latency.human', 'evt.latency.quantized', 'evt.wait_latency', 'evt.cpu',
  'proc.pid', 'proc.ppid', 'proc.vpid', 'proc.pvpid', 'proc.apid', 'proc.sid', 'proc.vpgid', 'proc.pgid', 'proc.loginshellid',
  'thread.tid', 'thread.vtid', 'thread.nametid', 'proc.duration', 'proc.ppid.duration', 'proc.pid.ts', 'proc.ppid.ts',
  'proc.exe_ino', 'proc.exe_ino.ctime', 'proc.exe_ino.mtime', 'proc.exe_ino.ctime_duration_proc_start',
  'proc.exe_ino.ctime_duration_pidns_start', 'proc.pidns_init_start_ts',
  'fd.num', 'fd.ino', 'fd.dev', 'fd.dev.major', 'fd.dev.minor', 'fd.uid',
  'container.id', 'container.full_id', 'container.start_ts', 'container.duration', 'k8s.pod.id', 'k8s.pod.uid', 'k8s.pod.sandbox_id',
  'k8s.pod.full_sandbox_id',
];

/** Port fields whose values are ephemeral (client side) above EPHEMERAL_MIN. */
const PORT_FIELDS = new Set(['fd.port', 'fd.cport', 'fd.sport', 'fd.lport', 'fd.rport']);
/** Linux's default ephemeral range starts here (net.ipv4.ip_local_port_range). */
const EPHEMERAL_MIN = 32768;

const baseName = (field: string): string => {
  const bracket = field.indexOf('[');
  return bracket < 0 ? field : field.slice(0, bracket);
};

/** `10.0.0.5:54321->10.0.1.7:443` with ephemeral ports as `*`. */
export function normalizeEndpoints(text: string): string {
  return text.replace(/:(\d{5})(?=->|$|\s|\))/g, (m, port: string) => (Number(port) >= EPHEMERAL_MIN ? ':*' : m));
}

function normalizeValue(field: string, v: unknown): unknown {
  if (PORT_FIELDS.has(field) && typeof v === 'number' && v >= EPHEMERAL_MIN) return '*';
  if (Array.isArray(v)) return v.map((x) => normalizeValue(field, x));
  if (typeof v === 'string') return normalizeEndpoints(v);
  if (typeof v === 'bigint') return v.toString();
  return v;
}

export class AlertIdentity {
  private readonly ignored: Set<string>;

  constructor(extraIgnored: readonly string[] = []) {
    this.ignored = new Set([...VOLATILE_FIELDS, ...extraIgnored.map(baseName)]);
  }

  /** The alert's identity: rule name and its normalised, non-volatile output fields. */
  key(rule: string, fields: Readonly<Record<string, unknown>>): string {
    const kept: [string, unknown][] = [];
    for (const name of Object.keys(fields).sort()) {
      if (this.ignored.has(baseName(name))) continue;
      kept.push([name, normalizeValue(baseName(name), fields[name])]);
    }
    return JSON.stringify([rule, kept]);
  }
}
