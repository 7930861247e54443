// user.* and group.* fields (sinsp_filtercheck_user.cpp, _group.cpp): the
// thread's ids, named through the capture's user and group tables of the
// thread's container. Unknown ids print "<NA>" (a string, not NULL), except
// that uid/gid 0 fall back to root.
import type { FieldScalar } from '../field-access.js';
import type { EventContext } from '../../state/event-context.js';
import type { ThreadInfo } from '../../state/state-model.js';
import type { Extractor, FieldTable } from './types.js';

const UNSET_LOGINUID = 0xffffffff;

const ofThread = (pick: (t: ThreadInfo, ctx: EventContext) => FieldScalar): (() => Extractor) =>
  () => (ctx) => (ctx.thread === undefined ? undefined : pick(ctx.thread, ctx));

const userOf = (ctx: EventContext, uid: number, t: ThreadInfo) => ctx.state.user(uid, t.containerId);

export const userFields: FieldTable = {
  'user.uid': ofThread((t) => t.uid >>> 0),
  'user.name': ofThread((t, ctx) => userOf(ctx, t.uid, t)?.name ?? (t.uid === 0 ? 'root' : '<NA>')),
  'user.homedir': ofThread((t, ctx) => userOf(ctx, t.uid, t)?.home ?? (t.uid === 0 ? '/root' : '<NA>')),
  'user.shell': ofThread((t, ctx) => userOf(ctx, t.uid, t)?.shell ?? '<NA>'),
  // The kernel's loginuid is unsigned; libsinsp shows "unset" (2^32-1) as -1.
  'user.loginuid': ofThread((t) => (t.loginuid >= UNSET_LOGINUID || t.loginuid < 0 ? -1 : t.loginuid)),
  'user.loginname': ofThread((t, ctx) => userOf(ctx, t.loginuid, t)?.name ?? (t.loginuid === 0 ? 'root' : '<NA>')),
  'group.gid': ofThread((t) => t.gid >>> 0),
  'group.name': ofThread((t, ctx) => ctx.state.group(t.gid, t.containerId)?.name ?? (t.gid === 0 ? 'root' : '<NA>')),
};
