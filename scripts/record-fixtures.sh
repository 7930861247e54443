#!/bin/bash
# Records the real-probe fixtures (root, BTF kernel, `npm run build:native` done):
#   fixtures/intrusion.fcap  scripts/fixtures/intrusion.sh under `falco-ts record`
# then writes their golden files with the bundled rules (and, when
# ../shared/upstream-rules is present, Falco's stacked upstream rules).
# Recordings differ on every run (pids, times): re-record only on purpose and
# review the golden diff.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=/tmp/falco-ts-fixture
CONTAINER_ID=5f1c0a7e3b2d4c6f8a9e0b1d2c3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f
CGROUP=/sys/fs/cgroup/memory/docker/$CONTAINER_ID

# The workload leaves whatever cgroup the recorder runs in (a sandbox may look like a container).
HOST_CGROUP='echo $$ > /sys/fs/cgroup/memory/cgroup.procs'

cleanup() {
  umount "$WORK/rootfs/merged" 2>/dev/null || true
  rmdir "$CGROUP" 2>/dev/null || true
  rm -rf "$WORK" /var/log/falco-ts-fixture.log
}
trap cleanup EXIT
cleanup
mkdir -p "$WORK/home" "$WORK/rootfs"/{lower/usr/bin,upper/usr/bin,work,merged} "$CGROUP"
echo 'export PS1="$ "' > "$WORK/home/.bashrc"
echo 'ls' > "$WORK/home/.bash_history"
echo 'ls' > "$WORK/home/.ash_history"
echo 'old entries' > /var/log/falco-ts-fixture.log
cp /bin/true "$WORK/rootfs/upper/usr/bin/apt-get"   # dropped after the image was built
mount -t overlay overlay -o "lowerdir=$WORK/rootfs/lower,upperdir=$WORK/rootfs/upper,workdir=$WORK/rootfs/work" "$WORK/rootfs/merged"

env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin TERM=xterm \
  ./bin/run.js record -o fixtures/intrusion.fcap -- sh -c "$HOST_CGROUP; exec bash scripts/fixtures/intrusion.sh"
chmod 0644 fixtures/intrusion.fcap

./bin/run.js replay fixtures/intrusion.fcap --expect fixtures/intrusion.golden --update-expect --summary none > /dev/null
UPSTREAM=../shared/upstream-rules
if [ -d "$UPSTREAM" ]; then
  ./bin/run.js replay fixtures/intrusion.fcap -r "$UPSTREAM/falco_rules.yaml" -r "$UPSTREAM/falco-incubating_rules.yaml" \
    -r "$UPSTREAM/falco-sandbox_rules.yaml" --expect fixtures/intrusion.upstream.golden --update-expect --summary none > /dev/null
fi
