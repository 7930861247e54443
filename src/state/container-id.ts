// Container ids from a thread's cgroups, as the container plugin
// (falcosecurity/plugins plugins/container/src/matchers) computes them with its
// default configuration: every cgroup path of the thread in order, each tried
// against the podman, docker, cri, containerd, lxc, libvirt-lxc and bpm
// matchers in that order; the first match wins, no match means the host ('').

const ID_LENGTH = 64;
const REPORTED_LENGTH = 12;

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** std::string::find_first_not_of(hex digits, from); -1 for npos. */
function firstNotHex(s: string, from: number): number {
  for (let i = from; i < s.length; i++) if (!isHex(s.charCodeAt(i))) return i;
  return -1;
}

/** runc.cpp match_one_container_id, quirks included (the hex check compares an absolute position with 64). */
function matchOne(cgroup: string, prefix: string, suffix: string, isContainerd: boolean): string | null {
  let start = cgroup.lastIndexOf(prefix);
  if (start < 0) return null;
  start += prefix.length;
  let end: number;
  if (suffix.length === 0) {
    end = cgroup.length;
  } else {
    end = cgroup.lastIndexOf(suffix);
    if (end < 0) return null;
  }
  // size_t arithmetic: an end before the start wraps around to a huge length.
  const len = end >= start ? end - start : Number.MAX_SAFE_INTEGER;
  if (len === ID_LENGTH) {
    const bad = firstNotHex(cgroup, start);
    if (bad < 0 || bad >= ID_LENGTH) return cgroup.substr(start, REPORTED_LENGTH);
  }
  if (len > ID_LENGTH || len === 0) return null;
  if (isContainerd && !cgroup.endsWith('.service') && !cgroup.endsWith('.slice') && !cgroup.endsWith('.scope')) {
    return cgroup.substr(start, Math.min(len, REPORTED_LENGTH));
  }
  return null;
}

type Layout = readonly (readonly [prefix: string, suffix: string])[];

function matchLayout(cgroup: string, layout: Layout, isContainerd = false): string | null {
  for (const [prefix, suffix] of layout) {
    const id = matchOne(cgroup, prefix, suffix, isContainerd);
    if (id !== null) return id;
  }
  return null;
}

const PODMAN: Layout = [
  ['/libpod-', '.scope'], ['/libpod-', '.scope/container'], ['/libpod-', ''],
  ['/libpod-payload-', '.scope'], ['/libpod-payload-', '.scope/container'], ['/libpod-payload-', ''],
];
const DOCKER: Layout = [['/', ''], ['/docker-', '.scope']];
const CRI: Layout = [
  ['/', ''], ['/crio-', ''], ['/cri-containerd-', '.scope'], ['/crio-', '.scope'], [':cri-containerd:', ''],
  ['/docker-', '.scope'], ['/nerdctl-', '.scope'],
];

/** containerd.cpp: the first "/namespace/" segment is the prefix, then runc matching with short ids allowed. */
const CONTAINERD_NAMESPACE = /\/[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*\//;

function containerd(cgroup: string): string | null {
  const m = CONTAINERD_NAMESPACE.exec(cgroup);
  return m === null ? null : matchOne(cgroup, m[0], '', true);
}

const LXC_LAYOUT = ['/lxc/', '/lxc.payload/', '/lxc.payload.'];

function lxc(cgroup: string): string | null {
  for (const layout of LXC_LAYOUT) {
    const pos = cgroup.indexOf(layout);
    if (pos >= 0) {
      const start = pos + layout.length;
      const end = cgroup.indexOf('/', start);
      return end < 0 ? cgroup.slice(start) : cgroup.slice(start, end);
    }
  }
  return null;
}

function libvirtLxc(cgroup: string): string | null {
  let pos = cgroup.indexOf('.libvirt-lxc');
  if (pos >= 0 && pos === cgroup.length - '.libvirt-lxc'.length) {
    const slash = cgroup.lastIndexOf('/');
    if (slash >= 0) return cgroup.substr(slash + 1, pos - slash - 1);
  }
  // systemd libvirt-lxc: sizeof("-lxc\\x2") counts the NUL, so the id starts one past "-lxc\x2".
  pos = cgroup.indexOf('-lxc\\x2');
  if (pos >= 0) {
    const delimiter = cgroup.includes('.scope/libvirt') ? '.scope/libvirt' : '.scope';
    const pos2 = cgroup.indexOf(delimiter);
    if (pos2 >= 0 && pos2 === cgroup.length - delimiter.length) {
      const skip = '-lxc\\x2'.length + 1;
      return cgroup.substr(pos + skip, pos2 - pos - skip);
    }
  }
  pos = cgroup.indexOf('/libvirt/lxc/');
  if (pos >= 0) return cgroup.slice(pos + '/libvirt/lxc/'.length);
  return null;
}

const BPM_ID = /^[A-Za-z0-9._-]+$/;

function bpm(cgroup: string): string | null {
  const pos = cgroup.indexOf('bpm-');
  if (pos < 0) return null;
  const start = pos + 4;
  const end = cgroup.indexOf('.scope', start);
  const id = end < 0 ? cgroup.slice(start) : cgroup.slice(start, end);
  return id.length > 0 && BPM_ID.test(id) ? id : null;
}

/** The container id one cgroup path names, or '' when no engine matches it. */
export function containerIdFromCgroupPath(cgroup: string): string {
  return matchLayout(cgroup, PODMAN) ?? matchLayout(cgroup, DOCKER) ?? matchLayout(cgroup, CRI)
    ?? containerd(cgroup) ?? lxc(cgroup) ?? libvirtLxc(cgroup) ?? bpm(cgroup) ?? '';
}

const CACHE_LIMIT = 4096;
const cache = new Map<string, string>();

function cachedPathId(path: string): string {
  let id = cache.get(path);
  if (id === undefined) {
    id = containerIdFromCgroupPath(path);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(path, id);
  }
  return id;
}

/**
 * The container id of a thread from its cgroups ("subsys=/path" entries, as in
 * libsinsp's thread table): the first entry whose path matches; '' for the host.
 */
export function containerIdFromCgroups(cgroups: readonly string[]): string {
  for (const entry of cgroups) {
    const eq = entry.indexOf('=');
    const path = eq < 0 ? entry : entry.slice(eq + 1);
    if (path.length === 0) continue;
    const id = cachedPathId(path);
    if (id.length > 0) return id;
  }
  return '';
}
