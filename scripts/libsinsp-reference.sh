#!/usr/bin/env bash
# Rewrites the current-libsinsp reference outputs the tests compare falco-ts with
# (fixtures/libsinsp/*.txt): what libsinsp's own example program prints for
#   - fixtures/intrusion.fcap exported to .scap by `falco-ts convert`, every event;
#   - the public samples falco_cat_write, falco_connect_localhost, falco_syscall and libs_sample
#     (../shared/scap-samples), exits only
#     (current libsinsp drops the enter events of old captures; internal events are left out).
#
# Usage: scripts/libsinsp-reference.sh PATH/TO/sinsp-example
#
# sinsp-example is built from falcosecurity/libs (userspace/libsinsp/examples) with Debian's
# packages, e.g.:
#   apt-get install -y cmake g++ libtbb-dev libjsoncpp-dev libre2-dev uthash-dev libelf-dev \
#     zlib1g-dev pkg-config nlohmann-json3-dev libcxxopts-dev libvalijson-dev
#   cmake SRC -DUSE_BUNDLED_DEPS=OFF -DBUILD_DRIVER=OFF -DBUILD_LIBSCAP_MODERN_BPF=OFF \
#     -DCREATE_TEST_TARGETS=OFF -DENABLE_ENGINE_KMOD=OFF -DBUILD_LIBSCAP_EXAMPLES=OFF -DCMAKE_BUILD_TYPE=Release
#   make -j2 sinsp-example
set -euo pipefail
sinsp=${1:?usage: $0 PATH/TO/sinsp-example}
root=$(cd "$(dirname "$0")/.." && pwd)
samples="$root/../shared/scap-samples"
out="$root/fixtures/libsinsp"
# Keep in step with FIELDS in test/cli/libsinsp-reference.test.ts.
fields='%evt.rawtime|%evt.dir|%evt.type|%evt.cpu|%thread.tid|%proc.pid|%proc.ppid|%proc.name|%proc.exepath|%proc.cmdline|%proc.pname|%proc.cwd|%user.name|%group.name|%fd.num|%fd.type|%fd.name|%evt.res|%evt.rawres|%evt.args'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
node "$root/bin/run.js" convert "$root/fixtures/intrusion.fcap" -o "$tmp/intrusion.scap" --format scap
"$sinsp" -s "$tmp/intrusion.scap" -a -o "*$fields" | grep '^[0-9]' > "$out/intrusion.txt"
for s in falco_cat_write falco_connect_localhost falco_syscall libs_sample; do
  "$sinsp" -s "$samples/$s.scap" -a -f 'evt.category != internal and evt.dir = <' -o "*$fields" | grep '^[0-9]' > "$out/$s.txt"
done
wc -l "$out"/*.txt
