// container.* and k8s.* fields, as the container plugin extracts them
// (falcosecurity/plugins @ 0b3cbd8d, plugins/container/src/caps/extract/
// extract.cpp). Host processes belong to the plugin's built-in "host"
// container (id, name and type "host", every other string empty); a
// container id the capture has no metadata for yields only container.id and
// the kernel-derived start time. What a capture cannot hold (mounts, IPs, pod
// sandbox data) is missing, as it is while the plugin's lookup is pending.
import type { FieldScalar } from '../field-access.js';
import type { ContainerInfo } from '../../capture/model.js';
import type { EventContext } from '../../state/event-context.js';
import { eventEpochNs, nsValue } from './common.js';
import type { Extractor, FieldTable, ResolvedArg } from './types.js';

/**
 * A field from container metadata: `host` is the host container's value,
 * `pick` reads known metadata; NULL without a thread or without metadata.
 */
function meta(host: FieldScalar | undefined, pick: (c: ContainerInfo) => FieldScalar | undefined): () => Extractor {
  return () => (ctx) => {
    const t = ctx.thread;
    if (t === undefined) return undefined;
    if (t.containerId === '') return host;
    const info = ctx.state.container(t.containerId);
    return info === undefined ? undefined : pick(info);
  };
}

/** parseImageRepoTag of the plugin's go-worker: digest dropped, tag after the last colon past the last slash. */
export function imageRepoTag(image: string): [repo: string, tag: string] {
  if (image === '') return ['', ''];
  const at = image.indexOf('@');
  const name = at === -1 ? image : image.slice(0, at);
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon === -1 || (slash !== -1 && colon < slash)) return [name, ''];
  return [name.slice(0, colon), name.slice(colon + 1)];
}

/** concatenate_container_labels: sorted `key:value` pairs joined by ", ", annotations and io.kubernetes.* left out. */
function labelsText(labels: Readonly<Record<string, string>>): string {
  let out = '';
  for (const key of Object.keys(labels).sort()) {
    if (key.startsWith('annotation.') || key.startsWith('io.kubernetes.')) continue;
    const value = labels[key]!;
    const item = value === '' ? key : `${key}:${value}`;
    out = out === '' ? item : `${out}, ${item}`;
  }
  return out;
}

const label = (name: string): ((c: ContainerInfo) => string | undefined) => (c) => c.labels[name];

function labelField(arg: ResolvedArg): Extractor {
  const key = arg.arg ?? '';
  return meta(undefined, (c) => c.labels[key])();
}

const startTs = (ctx: EventContext): bigint | undefined => {
  const t = ctx.thread;
  return t === undefined || t.pidnsInitStartTs === 0n ? undefined : t.pidnsInitStartTs;
};

const missing = (): Extractor => () => undefined;

export const containerFields: FieldTable = {
  'container.id': () => (ctx) => {
    const t = ctx.thread;
    return t === undefined ? undefined : t.containerId === '' ? 'host' : t.containerId;
  },
  // Our metadata keeps the id the capture knew the container by.
  'container.full_id': meta('host', (c) => c.id),
  'container.name': meta('host', (c) => c.name),
  'container.image': meta('', (c) => c.image),
  'container.image.id': meta('', (c) => c.imageId),
  'container.type': meta('host', (c) => c.runtime),
  'container.privileged': meta(false, (c) => c.privileged),
  'container.mounts': meta('', () => undefined),
  'container.mount': missing,
  'container.mount.source': missing,
  'container.mount.dest': missing,
  'container.mount.mode': missing,
  'container.mount.rdwr': missing,
  'container.mount.propagation': missing,
  'container.image.repository': meta('', (c) => imageRepoTag(c.image)[0]),
  'container.image.tag': meta('', (c) => c.imageTag || imageRepoTag(c.image)[1]),
  'container.image.digest': meta('', (c) => c.imageDigest),
  // Deprecated: the plugin extracts nothing.
  'container.healthcheck': missing,
  'container.liveness_probe': missing,
  'container.readiness_probe': missing,
  'proc.is_container_healthcheck': missing,
  'proc.is_container_liveness_probe': missing,
  'proc.is_container_readiness_probe': missing,
  'container.start_ts': () => (ctx) => {
    const ts = startTs(ctx);
    return ts === undefined ? undefined : nsValue(ts);
  },
  'container.duration': () => (ctx) => {
    const ts = startTs(ctx);
    return ts === undefined ? undefined : nsValue(eventEpochNs(ctx) - ts);
  },
  'container.ip': meta('', () => undefined),
  'container.cni.json': meta('', () => undefined),
  'container.host_pid': meta(false, () => undefined),
  'container.host_network': meta(false, () => undefined),
  'container.host_ipc': meta(false, () => undefined),
  'container.label': labelField,
  'container.labels': meta('', (c) => labelsText(c.labels)),
  'k8s.pod.name': meta(undefined, label('io.kubernetes.pod.name')),
  'k8s.ns.name': meta(undefined, label('io.kubernetes.pod.namespace')),
  'k8s.pod.id': meta(undefined, label('io.kubernetes.pod.uid')),
  'k8s.pod.uid': meta(undefined, label('io.kubernetes.pod.uid')),
  // The host container has an empty sandbox id, which the plugin returns as such.
  'k8s.pod.sandbox_id': meta('', () => undefined),
  'k8s.pod.full_sandbox_id': meta('', () => undefined),
  'k8s.pod.label': missing,
  'k8s.pod.labels': meta('', () => undefined),
  'k8s.pod.ip': meta('', () => undefined),
  'k8s.pod.cni.json': meta('', () => undefined),
  // Deprecated k8s fields: the plugin extracts nothing.
  ...Object.fromEntries(
    ['rc', 'svc', 'rs', 'deployment'].flatMap((kind) => ['name', 'id', 'label', 'labels'].map((f) => [`k8s.${kind}.${f}`, missing])),
  ),
  'k8s.ns.id': missing,
  'k8s.ns.label': missing,
  'k8s.ns.labels': missing,
};
