// Container ids from cgroups, per runtime layout of the container plugin's matchers.
import { describe, expect, it } from 'vitest';
import { containerIdFromCgroupPath, containerIdFromCgroups } from '../../src/state/container-id.js';

const ID = '3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e';
const SHORT = ID.slice(0, 12);

describe('containerIdFromCgroupPath', () => {
  it.each([
    ['docker, cgroupfs', `/docker/${ID}`],
    ['docker, systemd', `/system.slice/docker-${ID}.scope`],
    ['containerd/cri, systemd', `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-${ID}.scope`],
    ['kubernetes, cgroupfs', `/kubepods/besteffort/pod2c0c5b50-0b6e-4b33-9d1e-3b3c4a7d8f00/${ID}`],
    ['cri-o, systemd', `/kubepods.slice/kubepods-pod1.slice/crio-${ID}.scope`],
    ['cri-o, cgroupfs', `/kubepods/pod1/crio-${ID}`],
    ['podman', `/machine.slice/libpod-${ID}.scope`],
    ['podman, container subgroup', `/machine.slice/libpod-${ID}.scope/container`],
    ['podman, split mode', `/user.slice/libpod-payload-${ID}.scope`],
    ['containerd without systemd cgroups', `/k8s.io/${ID}`],
    ['nerdctl', `/system.slice/nerdctl-${ID}.scope`],
  ])('%s', (_name, cgroup) => {
    expect(containerIdFromCgroupPath(cgroup)).toBe(SHORT);
  });

  it.each([
    ['/'],
    ['/init.scope'],
    ['/user.slice/user-1000.slice/session-2.scope'],
    ['/system.slice/docker.service'],
    ['/system.slice/sshd.service'],
  ])('%s is the host', (cgroup) => {
    expect(containerIdFromCgroupPath(cgroup)).toBe('');
  });

  it('takes short ids of ctr-created containers (containerd namespace layout)', () => {
    expect(containerIdFromCgroupPath('/default/redis-server')).toBe('redis-server');
    expect(containerIdFromCgroupPath('/default/a-very-long-container-name')).toBe('a-very-long-');
    // Not a full runc id, but the containerd matcher takes any short one under a namespace.
    expect(containerIdFromCgroupPath(`/docker/${ID.slice(0, 63)}`)).toBe(SHORT);
  });

  it('reads lxc, libvirt-lxc and bpm layouts', () => {
    expect(containerIdFromCgroupPath('/lxc/mybox/init.scope')).toBe('mybox');
    expect(containerIdFromCgroupPath('/lxc.payload.mybox')).toBe('mybox');
    expect(containerIdFromCgroupPath('/vm1.libvirt-lxc')).toBe('vm1');
    expect(containerIdFromCgroupPath('/machine.slice/machine-lxc\\x2d2293906\\x2dlibvirt\\x2dcontainer.scope')).toBe(
      '2293906\\x2dlibvirt\\x2dcontainer',
    );
    expect(containerIdFromCgroupPath('/system.slice/bpm-job_1.scope')).toBe('job_1');
  });
});

describe('containerIdFromCgroups', () => {
  it('uses the first cgroup entry that names a container', () => {
    expect(containerIdFromCgroups(['cpuset=/', `cpu=/docker/${ID}`, 'memory=/'])).toBe(SHORT);
    expect(containerIdFromCgroups(['cpuset=/', 'cpu=/user.slice', 'memory=/'])).toBe('');
    expect(containerIdFromCgroups([])).toBe('');
  });
});
