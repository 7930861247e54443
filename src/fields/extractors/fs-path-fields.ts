// fs.path.* fields (sinsp_filtercheck_fspath.cpp): the path a filesystem
// syscall operates on, or the source and target of renames, links and
// mounts. Only for the listed exit events, and only when the event passes
// libsinsp's success check (res == 0, or fd != -1 for opens: a failed open's
// fd is an errno, so it passes too). The `raw` variants are the parameter as
// given; the others are made absolute and normalized.
import { allEvents, EVENT_COUNT } from '../../capture/event-schema.js';
import type { EventContext } from '../../state/event-context.js';
import { concatenatePaths, num, paramText, threadCwd } from './common.js';
import type { Extractor, FieldTable } from './types.js';

type Role = 'path' | 'source' | 'target';

/** How a relative path is made absolute (the switch in sinsp_filter_check_fspath::extract_single). */
type Base = 'cwd' | 'openat' | 'dirfd' | 'symlinkat' | 'renameat2';

interface Spec {
  /** The success check: parameter `res` equals 0, or parameter `fd` is not -1. */
  success: 'res' | 'fd';
  path?: string;
  source?: string;
  target?: string;
  /** `fd.name` instead of a parameter (fchmod, fchown). */
  useFdName?: true;
  base: Base;
}

const SPECS: Readonly<Record<string, Spec>> = {
  SYSCALL_MKDIR_2_X: { success: 'res', path: 'path', base: 'cwd' },
  SYSCALL_MKDIRAT_X: { success: 'res', path: 'path', base: 'dirfd' },
  SYSCALL_RMDIR_2_X: { success: 'res', path: 'path', base: 'cwd' },
  SYSCALL_UNLINK_2_X: { success: 'res', path: 'path', base: 'cwd' },
  SYSCALL_UNLINKAT_2_X: { success: 'res', path: 'name', base: 'dirfd' },
  SYSCALL_OPEN_X: { success: 'fd', path: 'name', base: 'cwd' },
  SYSCALL_OPENAT_2_X: { success: 'fd', path: 'name', base: 'openat' },
  SYSCALL_OPENAT2_X: { success: 'fd', path: 'name', base: 'openat' },
  SYSCALL_FCHMODAT_X: { success: 'res', path: 'filename', base: 'dirfd' },
  SYSCALL_CHMOD_X: { success: 'res', path: 'filename', base: 'cwd' },
  SYSCALL_FCHMOD_X: { success: 'res', useFdName: true, base: 'cwd' },
  SYSCALL_CHOWN_X: { success: 'res', path: 'path', base: 'cwd' },
  SYSCALL_LCHOWN_X: { success: 'res', path: 'path', base: 'cwd' },
  SYSCALL_FCHOWN_X: { success: 'res', useFdName: true, base: 'cwd' },
  SYSCALL_FCHOWNAT_X: { success: 'res', path: 'pathname', base: 'dirfd' },
  SYSCALL_QUOTACTL_X: { success: 'res', path: 'special', base: 'cwd' },
  SYSCALL_RENAME_X: { success: 'res', source: 'oldpath', target: 'newpath', base: 'cwd' },
  // renameat is not in libsinsp's dirfd list: its relative paths resolve against the cwd.
  SYSCALL_RENAMEAT_X: { success: 'res', source: 'oldpath', target: 'newpath', base: 'cwd' },
  SYSCALL_RENAMEAT2_X: { success: 'res', source: 'oldpath', target: 'newpath', base: 'renameat2' },
  // Links name the new link the source and the existing file the target.
  SYSCALL_LINK_2_X: { success: 'res', source: 'newpath', target: 'oldpath', base: 'cwd' },
  SYSCALL_LINKAT_2_X: { success: 'res', source: 'newpath', target: 'oldpath', base: 'cwd' },
  SYSCALL_SYMLINK_X: { success: 'res', source: 'linkpath', target: 'target', base: 'cwd' },
  SYSCALL_SYMLINKAT_X: { success: 'res', source: 'linkpath', target: 'target', base: 'symlinkat' },
  SYSCALL_MOUNT_X: { success: 'res', source: 'dev', target: 'dir', base: 'cwd' },
  SYSCALL_UMOUNT_1_X: { success: 'res', path: 'name', base: 'cwd' },
  SYSCALL_UMOUNT2_X: { success: 'res', path: 'name', base: 'cwd' },
};

interface CodeSpec {
  successAt: number;
  success: 'res' | 'fd';
  /** Parameter index per role, -1 = none, -2 = fd.name. */
  at: Readonly<Record<Role, number>>;
  base: Base;
}

const BY_CODE: (CodeSpec | undefined)[] = new Array(EVENT_COUNT + 1);
for (const e of allEvents()) {
  const spec = SPECS[e.id];
  if (spec === undefined) continue;
  const idx = (name: string | undefined): number => (name === undefined ? -1 : e.params.findIndex((p) => p.name === name));
  BY_CODE[e.code] = {
    successAt: idx(spec.success),
    success: spec.success,
    at: { path: spec.useFdName ? -2 : idx(spec.path), source: idx(spec.source), target: idx(spec.target) },
    base: spec.base,
  };
}

function passes(ctx: EventContext, spec: CodeSpec): boolean {
  if (spec.successAt < 0) return false;
  const v = num(ctx.event.params[spec.successAt] ?? null);
  if (v === undefined) return false;
  return spec.success === 'res' ? v === 0 : v !== -1;
}

/** format_dirfd: the event's fd when it is a directory, else "<UNKNOWN>". */
function dirfdDir(ctx: EventContext): string {
  const fd = ctx.fd;
  if (fd === undefined || fd.type !== 'directory') return '<UNKNOWN>';
  return fd.name === '' || fd.name.endsWith('/') ? fd.name : `${fd.name}/`;
}

function renameat2Dir(ctx: EventContext, path: string, role: Role): string {
  if (role === 'path') return '<UNKNOWN>';
  const dirfd = num(ctx.event.params[role === 'target' ? 3 : 1] ?? null) ?? 0;
  if (path.charCodeAt(0) === 47) return '.';
  if (dirfd === -100) return threadCwd(ctx.state, ctx.thread!);
  const info = ctx.thread!.fds.get(dirfd);
  if (info === undefined) return '<UNKNOWN>';
  return info.name === '' || info.name.endsWith('/') ? info.name : `${info.name}/`;
}

function rawPath(ctx: EventContext, spec: CodeSpec, role: Role): string | undefined {
  const at = spec.at[role];
  if (at === -2) {
    // fd.name of a uses-fd event: the fd entry's name, or '' when it is missing.
    return ctx.thread === undefined ? undefined : ctx.fd?.name ?? '';
  }
  if (at < 0) return undefined;
  const v = ctx.event.params[at];
  if (v === null || v === undefined) return undefined;
  return paramText(v);
}

function fsPath(role: Role, raw: boolean): () => Extractor {
  return () => (ctx) => {
    const spec = BY_CODE[ctx.event.type];
    if (spec === undefined || !passes(ctx, spec)) return undefined;
    const path = rawPath(ctx, spec, role);
    if (path === undefined || raw) return path;
    const t = ctx.thread;
    if (t === undefined) return undefined;
    if (path.charCodeAt(0) === 47) return concatenatePaths('', path);
    switch (spec.base) {
      case 'openat':
        // The fd entry already holds the resolved name.
        return concatenatePaths('', ctx.fd?.name ?? '<UNKNOWN>');
      case 'dirfd':
        return concatenatePaths(dirfdDir(ctx), path);
      case 'symlinkat':
        return concatenatePaths(role === 'source' ? dirfdDir(ctx) : '<UNKNOWN>', path);
      case 'renameat2':
        return concatenatePaths(renameat2Dir(ctx, path, role), path);
      default:
        return concatenatePaths(threadCwd(ctx.state, t), path);
    }
  };
}

export const fsPathFields: FieldTable = {
  'fs.path.name': fsPath('path', false),
  'fs.path.nameraw': fsPath('path', true),
  'fs.path.source': fsPath('source', false),
  'fs.path.sourceraw': fsPath('source', true),
  'fs.path.target': fsPath('target', false),
  'fs.path.targetraw': fsPath('target', true),
};
