// Path joining exactly as libsinsp's sinsp_utils::concatenate_paths (and its
// copy_and_normalize_path helper): quirks kept on purpose, since fd names and
// resolved event arguments are compared by rules as Falco would print them.

/** SCAP_MAX_PATH_SIZE (bytes): longer joins are replaced by a marker. */
const MAX_PATH = 1024;
const TOO_LONG = '/DIR_TOO_LONG/FILENAME_TOO_LONG';
const SLASH = 47;
const DOT = 46;

/** True when the normalisation of `p` appended to a base is the identity (the common case). */
function isPlain(p: string): boolean {
  const n = p.length;
  if (p.charCodeAt(0) === DOT || p.charCodeAt(n - 1) === SLASH) return false;
  for (let i = 0; i < n - 1; i++) {
    if (p.charCodeAt(i) === SLASH) {
      const c = p.charCodeAt(i + 1);
      if (c === SLASH || c === DOT) return false;
    }
  }
  return true;
}

// The last join, reused: an open's fd name and its resolved path argument are the same join.
let lastBase = '';
let lastPath = '';
let lastResult = '';

/**
 * Joins `base` and `path`: an absolute (or empty) `path` is normalised alone, a
 * relative one is appended to `base` as is (callers give bases ending in '/')
 * and normalised: '.', '..' (never above the start of the buffer), repeated
 * '/', and a trailing '/' dropped.
 */
export function concatenatePaths(base: string, path: string): string {
  if (path === lastPath && base === lastBase) return lastResult;
  const result = join(base, path);
  lastBase = base;
  lastPath = path;
  lastResult = result;
  return result;
}

function join(base: string, path: string): string {
  // UTF-8 is never shorter than UTF-16 code units; count bytes only when it could matter.
  const units = base.length + path.length + 1;
  if (units > MAX_PATH || (units * 3 > MAX_PATH && Buffer.byteLength(base) + Buffer.byteLength(path) + 1 > MAX_PATH)) {
    return TOO_LONG;
  }
  const relative = path.length !== 0 && path.charCodeAt(0) !== SLASH;
  if (path.length !== 0 && isPlain(path)) return relative ? base + path : path;
  return normalizeInto(relative ? base : '', path);
}

function normalizeInto(prefix: string, path: string): string {
  // `out` plays the C target buffer: the base was copied in first, `tc` is out.length.
  const out: string[] = prefix.length === 0 ? [] : Array.from(prefix);
  const emptyBase = out.length === 0;
  const n = path.length;
  let pc = 0;
  const at = (i: number): number => (i < n ? path.charCodeAt(i) : 0);
  const rewind = (delta: number): void => {
    if (out.length <= 1) {
      pc += delta;
      return;
    }
    out.length--;
    while (out.length >= 1 && out[out.length - 1] !== '/') out.length--;
    pc += delta;
  };
  for (;;) {
    const c = at(pc);
    if (c === 0) {
      if (out.length > 1 && out[out.length - 1] === '/') out.length--;
      return out.join('');
    }
    if (c === DOT && (out.length === 0 || out[out.length - 1] === '/')) {
      const c1 = at(pc + 1);
      const c2 = at(pc + 2);
      if (c1 === DOT && c2 === SLASH) rewind(3);
      else if (c1 === DOT && c2 === 0) rewind(2);
      else if (c1 === SLASH) pc += 2;
      else if (c1 === 0) pc++;
      else out.push(path[pc++]!);
    } else if (c === SLASH) {
      if ((out.length > 0 && out[out.length - 1] === '/') || (out.length === 0 && !emptyBase)) pc++;
      else out.push(path[pc++]!);
    } else {
      out.push(path[pc++]!);
    }
  }
}

/**
 * libsinsp sinsp_threadinfo::update_cwd: the new cwd is `path` joined to the
 * current one, always ending in '/'.
 */
export function updatedCwd(current: string, path: string): string {
  const cwd = concatenatePaths(current, path);
  return cwd.length === 0 || cwd.charCodeAt(cwd.length - 1) !== SLASH ? `${cwd}/` : cwd;
}

/** A directory name as a base for relative paths (get_path_for_dir_fd / parse_dirfd): with a trailing '/'. */
export function asDirBase(name: string): string {
  return name.length === 0 || name.charCodeAt(name.length - 1) === SLASH ? name : `${name}/`;
}
