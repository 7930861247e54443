#!/bin/bash
# Records the real-probe fixtures (root, BTF kernel, `npm run build:native` done):
#   fixtures/intrusion.fcap  scripts/fixtures/intrusion.sh under `falco-ts record`
#   fixtures/diff-*.fcap     scripts/fixtures/diff-workload.sh, DIFF_MODE base (twice), quiet, extra
# then writes their golden files with the bundled rules (and, when
# ../shared/upstream-rules is present, Falco's stacked upstream rules).
# Recordings differ on every run (pids, times): re-record only on purpose and
# review the golden diff. Argument: intrusion, diff or all (default).
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
WHAT=${1:-all}
cleanup
mkdir -p "$WORK/home" "$WORK/rootfs"/{lower/usr/bin,upper/usr/bin,work,merged} "$CGROUP"
echo 'export PS1="$ "' > "$WORK/home/.bashrc"
echo 'ls' > "$WORK/home/.bash_history"
echo 'ls' > "$WORK/home/.ash_history"
echo 'old entries' > /var/log/falco-ts-fixture.log
cp /bin/true "$WORK/rootfs/upper/usr/bin/apt-get"   # dropped after the image was built
mount -t overlay overlay -o "lowerdir=$WORK/rootfs/lower,upperdir=$WORK/rootfs/upper,workdir=$WORK/rootfs/work" "$WORK/rootfs/merged"

if [ "$WHAT" != diff ]; then
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin TERM=xterm \
    ./bin/run.js record -o fixtures/intrusion.fcap -- sh -c "$HOST_CGROUP; exec bash scripts/fixtures/intrusion.sh"
  chmod 0644 fixtures/intrusion.fcap
fi

# The diff fixtures: the same workload recorded twice, once without its suspicious action, once with more.
record_diff() {
  rm -rf /tmp/falco-ts-diff && mkdir -p /tmp/falco-ts-diff/home
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DIFF_MODE="$1" \
    ./bin/run.js record -o "fixtures/diff-$2.fcap" -- sh -c "$HOST_CGROUP; exec bash scripts/fixtures/diff-workload.sh"
  chmod 0644 "fixtures/diff-$2.fcap"
}
if [ "$WHAT" != intrusion ]; then
  record_diff base base
  record_diff base base-again
  record_diff quiet quiet
  record_diff extra extra
  rm -rf /tmp/falco-ts-diff
fi
[ "$WHAT" = diff ] && exit 0

./bin/run.js replay fixtures/intrusion.fcap --expect fixtures/intrusion.golden --update-expect --summary none > /dev/null
UPSTREAM=../shared/upstream-rules
if [ -d "$UPSTREAM" ]; then
  ./bin/run.js replay fixtures/intrusion.fcap -r "$UPSTREAM/falco_rules.yaml" -r "$UPSTREAM/falco-incubating_rules.yaml" \
    -r "$UPSTREAM/falco-sandbox_rules.yaml" --expect fixtures/intrusion.upstream.golden --update-expect --summary none > /dev/null
fi
