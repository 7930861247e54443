// Small thread-state operations shared by the parsers and the snapshot loader.
import { containerIdFromCgroups } from './container-id.js';
import { updatedCwd } from './path-resolution.js';
import type { ThreadEntry, ThreadTable } from './thread-table.js';

/** libsinsp get_cwd: the main thread's cwd, "./" when the main thread is unknown. */
export function cwdOf(table: ThreadTable, t: ThreadEntry): string {
  const main = table.mainOf(t);
  return main === undefined ? './' : main.cwd;
}

/** libsinsp update_cwd, applied to every thread of the process (they all show the main thread's cwd). */
export function changeCwd(table: ThreadTable, t: ThreadEntry, path: string): void {
  const main = table.mainOf(t);
  if (main === undefined) return;
  const cwd = updatedCwd(main.cwd, path);
  table.forEachInProcess(main, (m) => { m.cwd = cwd; });
}

/** A new non-main thread shows its main thread's cwd and environment. */
export function inheritFromMain(table: ThreadTable, t: ThreadEntry): void {
  if (t.isMain) return;
  const main = table.mainOf(t);
  if (main === undefined) {
    t.cwd = './';
    return;
  }
  t.cwd = main.cwd;
  t.env = main.env;
}

/**
 * libsinsp set_cgroups: "subsys=/path" entries; a list with an entry lacking
 * '=' is ignored as a whole. The container id follows the cgroups.
 */
export function setCgroups(t: ThreadEntry, cgroups: string[]): void {
  for (const c of cgroups) if (!c.includes('=')) return;
  t.cgroups = cgroups;
  t.containerId = containerIdFromCgroups(cgroups);
}

/**
 * An entry created on first sight (pid unknown) that an event has just
 * completed: link it to its process and parent. libsinsp's placeholder has an
 * empty cwd, shown as "./" only while it has no main thread.
 */
export function linkCompleted(table: ThreadTable, t: ThreadEntry): void {
  table.linkDependencies(t);
  if (!t.isMain) inheritFromMain(table, t);
  else if (t.cwd === './') t.cwd = '';
}
