// `pmatch`: does any listed path prefix the value, component by component
// (libsinsp prefix_search.h). Paths split on `/` with empty components
// dropped, so `/var/run/docker` matches `/var/run`, `/var` does not match
// `/var/run`, and `/` (or "") matches everything. A component containing
// `? * [` is fnmatch'ed against one value component. Like libsinsp, a shorter
// prefix replaces longer ones below it, and a literal component is tried
// before the wildcard ones at the same level. (libsinsp advances its iterator
// while trying sibling wildcards, so a second matching wildcard sees the next
// component; here every sibling sees the same component.)
import { compileGlob, globMatch, type GlobPattern } from './glob.js';

interface Entry {
  /** undefined: this component ends a search path, so anything below matches. */
  sub: PrefixNode | undefined;
}

interface PrefixNode {
  /** Literal components indexed by length, so matching needs neither a substring nor a hash. */
  direct: Array<Array<{ name: string; entry: Entry }> | undefined>;
  globs: Array<{ pattern: GlobPattern; source: string; entry: Entry }>;
}

export interface PathPrefixSet {
  /** The implicit root component every path starts with. */
  root: Entry | undefined;
}

export function buildPathPrefixSet(paths: readonly string[]): PathPrefixSet {
  const set: PathPrefixSet = { root: undefined };
  for (const p of paths) addPath(set, splitPath(p));
  return set;
}

function splitPath(p: string): string[] {
  return p.split('/').filter((c) => c !== '');
}

function addPath(set: PathPrefixSet, comps: string[]): void {
  if (comps.length === 0) {
    set.root = { sub: undefined };
    return;
  }
  if (set.root === undefined) set.root = { sub: newNode() };
  if (set.root.sub !== undefined) addBelow(set.root.sub, comps, 0);
}

function newNode(): PrefixNode {
  return { direct: [], globs: [] };
}

function addBelow(node: PrefixNode, comps: string[], i: number): void {
  const comp = comps[i]!;
  const last = i === comps.length - 1;
  const existing = findEntry(node, comp);
  if (existing === undefined) {
    const entry: Entry = { sub: last ? undefined : newNode() };
    insertEntry(node, comp, entry);
    if (entry.sub !== undefined) addBelow(entry.sub, comps, i + 1);
  } else if (last) {
    existing.sub = undefined;
  } else if (existing.sub !== undefined) {
    addBelow(existing.sub, comps, i + 1);
  }
}

function isWildcard(comp: string): boolean {
  return /[?*[]/.test(comp);
}

function findEntry(node: PrefixNode, comp: string): Entry | undefined {
  if (isWildcard(comp)) return node.globs.find((g) => g.source === comp)?.entry;
  return node.direct[comp.length]?.find((d) => d.name === comp)?.entry;
}

function insertEntry(node: PrefixNode, comp: string, entry: Entry): void {
  if (isWildcard(comp)) {
    node.globs.push({ pattern: compileGlob(comp, false), source: comp, entry });
    return;
  }
  const bucket = node.direct[comp.length];
  if (bucket === undefined) node.direct[comp.length] = [{ name: comp, entry }];
  else bucket.push({ name: comp, entry });
}

export function pathPrefixMatch(set: PathPrefixSet, path: string): boolean {
  return set.root !== undefined && matchEntry(set.root, path, 0);
}

/** `entry` matched the component ending before `pos`; does the rest of `path` fit below it? */
function matchEntry(entry: Entry, path: string, pos: number): boolean {
  const start = skipSlashes(path, pos);
  if (start >= path.length) return entry.sub === undefined;
  if (entry.sub === undefined) return true;
  let end = path.indexOf('/', start);
  if (end < 0) end = path.length;
  return matchComponent(entry.sub, path, start, end);
}

function matchComponent(node: PrefixNode, path: string, start: number, end: number): boolean {
  const bucket = end - start < node.direct.length ? node.direct[end - start] : undefined;
  if (bucket !== undefined) {
    for (let i = 0; i < bucket.length; i++) {
      const d = bucket[i]!;
      if (path.startsWith(d.name, start) && matchEntry(d.entry, path, end)) return true;
    }
  }
  const globs = node.globs;
  for (let i = 0; i < globs.length; i++) {
    const g = globs[i]!;
    if (globMatch(g.pattern, path, start, end) && matchEntry(g.entry, path, end)) return true;
  }
  return false;
}

function skipSlashes(path: string, pos: number): number {
  while (pos < path.length && path.charCodeAt(pos) === 47) pos++;
  return pos;
}
