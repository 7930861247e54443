// Rule-independent behaviour of a recording, for diff: what ran, what was
// written, which sensitive files were read, which endpoints were dialled or
// listened on, as which users, in which containers. Sets of strings: memory
// grows with distinct behaviours, not with events.
import { allEvents } from '../capture/event-schema.js';
import { eventField as bind } from '../fields/field-resolver.js';
import type { FieldBinding } from '../fields/field-access.js';
import type { EventContext } from '../state/event-context.js';
import { normalizeEndpoints } from './alert-key.js';

export const BEHAVIOUR_CATEGORIES = ['executables', 'command_lines', 'files_written', 'sensitive_files_read', 'outbound_endpoints', 'listening_endpoints', 'users', 'containers'] as const;
export type BehaviourCategory = (typeof BEHAVIOUR_CATEGORIES)[number];
export type Behaviour = Record<BehaviourCategory, Set<string>>;

/** Reads below these count as sensitive (docs/diff-format.md). */
export const SENSITIVE_PREFIXES: readonly string[] = ['/etc/', '/root/', '/boot/', '/var/lib/', '/proc/', '/sys/', '/dev/'];
/** Reads of paths containing these count as sensitive wherever they are (keys and credentials in homes). */
export const SENSITIVE_PARTS: readonly string[] = ['/.ssh/', '/.aws/', '/.kube/', '/.gnupg/', '/.docker/', '/.config/gcloud/'];

export function emptyBehaviour(): Behaviour {
  return Object.fromEntries(BEHAVIOUR_CATEGORIES.map((c) => [c, new Set<string>()])) as Behaviour;
}

const isSensitive = (path: string): boolean => SENSITIVE_PREFIXES.some((p) => path.startsWith(p)) || SENSITIVE_PARTS.some((p) => path.includes(p));

/** The event types observe() looks at. */
const OBSERVED_TYPES = new Set(['execve', 'execveat', 'open', 'openat', 'openat2', 'creat', 'connect', 'listen']);

export class BehaviourCollector {
  /** Event codes observe() looks at: a replay need not describe the others to it. */
  static readonly observedCodes: readonly number[] = allEvents().filter((e) => OBSERVED_TYPES.has(e.name)).map((e) => e.code);

  readonly behaviour = emptyBehaviour();
  private readonly f = {
    type: bind('evt.type'), rawres: bind('evt.rawres'), exepath: bind('proc.exepath'), cmdline: bind('proc.cmdline'),
    user: bind('user.name'), fdName: bind('fd.name'), typechar: bind('fd.typechar'), openWrite: bind('evt.is_open_write'),
    openRead: bind('evt.is_open_read'), l4proto: bind('fd.l4proto'), containerId: bind('container.id'), image: bind('container.image'),
    containerName: bind('container.name'),
  };

  observe(ctx: EventContext): void {
    const name = ctx.info?.name;
    if (name === undefined || ctx.thread === undefined) return;
    switch (name) {
      case 'execve': case 'execveat': return this.exec(ctx);
      case 'open': case 'openat': case 'openat2': case 'creat': return this.open(ctx);
      case 'connect': return this.endpoint(ctx, this.behaviour.outbound_endpoints);
      case 'listen': return this.endpoint(ctx, this.behaviour.listening_endpoints);
      default:
    }
  }

  private ok(ctx: EventContext): boolean {
    const r = this.f.rawres.extract(ctx);
    return typeof r === 'number' ? r >= 0 : r === undefined || (typeof r === 'bigint' && r >= 0n);
  }

  private text(b: FieldBinding<EventContext>, ctx: EventContext): string | undefined {
    const v = b.extract(ctx);
    return v === undefined || v === null ? undefined : String(v);
  }

  private exec(ctx: EventContext): void {
    if (!this.ok(ctx)) return;
    const exe = this.text(this.f.exepath, ctx);
    if (exe !== undefined) this.behaviour.executables.add(exe);
    const cmd = this.text(this.f.cmdline, ctx);
    if (cmd !== undefined) this.behaviour.command_lines.add(cmd);
    const user = this.text(this.f.user, ctx);
    if (user !== undefined) this.behaviour.users.add(user);
    const id = this.text(this.f.containerId, ctx);
    if (id !== undefined && id !== 'host' && id !== '') this.behaviour.containers.add(this.text(this.f.image, ctx) ?? this.text(this.f.containerName, ctx) ?? id);
  }

  private open(ctx: EventContext): void {
    if (!this.ok(ctx) || this.text(this.f.typechar, ctx) !== 'f') return;
    const path = this.text(this.f.fdName, ctx);
    if (path === undefined) return;
    if (this.f.openWrite.extract(ctx) === true) this.behaviour.files_written.add(path);
    else if (this.f.openRead.extract(ctx) === true && isSensitive(path)) this.behaviour.sensitive_files_read.add(path);
  }

  private endpoint(ctx: EventContext, into: Set<string>): void {
    if (!this.ok(ctx)) return;
    const name = this.text(this.f.fdName, ctx);
    if (name === undefined || name === '') return;
    const proto = this.text(this.f.l4proto, ctx);
    // A connection's remote side (after "->"), or a listener's own address; client ports are ephemeral.
    const arrow = name.indexOf('->');
    const where = into === this.behaviour.outbound_endpoints && arrow >= 0 ? name.slice(arrow + 2) : normalizeEndpoints(name);
    into.add(proto === undefined || proto === 'unknown' || proto === '<NA>' ? where : `${proto} ${where}`);
  }
}
