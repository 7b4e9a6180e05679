#!/usr/bin/env bash
# `make aio`: a REAL all-in-one OpenStack (Debian 12's Zed packages) on 127.0.0.1, state in .lanes/aio/.
#
#   lab/aio/up.sh
#
#   AIO_LXD_POOL=btrfs lab/aio/up.sh      (make aio AIO_LXD_POOL=btrfs): lxd1's root disks on the btrfs pool
#
# install (apt, root only) -> stop our previous run -> the lab LXD (lab/lxd/up.sh; reused when running) and the
# pool of its default profile's root disk -> configure (files) -> MariaDB/RabbitMQ/memcached/epmd -> first-run data
# (schemas, keystone bootstrap) -> Keystone, Placement, registration -> glance, nova (compute hosts aio and lxd1),
# neutron (+ stand-in agents), cinder -> readiness gate -> the seed's post-deploy steps -> clouds.yaml entry `aio`.
# Safe to re-run: reuses what is installed and configured, and restarts our services cleanly.
# Exit codes: 0 ready, 1 failed, 2 bad usage, 3 this machine cannot run it (not root on Debian 12, no lab LXD).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source-path=SCRIPTDIR source=services.sh
source "$HERE/services.sh"
# shellcheck source-path=SCRIPTDIR source=lxd1.sh
source "$HERE/lxd1.sh"

[ $# -eq 0 ] || { echo "usage: [AIO_LXD_POOL=dir|btrfs] $0" >&2; exit 2; }
POOL="${AIO_LXD_POOL:-dir}"
[[ "$POOL" == dir || "$POOL" == btrfs ]] || { echo "usage: AIO_LXD_POOL is dir or btrfs, not '$POOL'" >&2; exit 2; }
require_platform
require_venv
take_lock 900

READY_DEADLINE=300   # start to ready took 50-90 s here; 300 s leaves room for a loaded machine
TIMINGS="$STATE/timings.log"
# For the python helpers (deploy.py, ready.py): the paths and ports chosen in common.sh.
export STATE RUN LOG ETC BIN AUTH_URL REGION PORT_GLANCE PORT_PLACEMENT PORT_NOVA PORT_NEUTRON PORT_CINDER
PY=("$VENV_PY" -u)

phase() { echo "$(date -u +%FT%TZ) $1 $(elapsed "$2" 0) s" >>"$TIMINGS"; say "$1: $(elapsed "$2" 0) s"; }

t0="$(now)"
t="$t0"
"$HERE/install.sh"
phase install "$t"

t="$(now)"
stop_all           # our services from an earlier run (idempotence); nobody else's
require_free_ports
phase stop-previous "$t"

t="$(now)"
start_lab_lxd
set_root_pool "$POOL"
phase lab-lxd "$t"

t="$(now)"
"$HERE/configure.sh"
start_infra
"$HERE/initdb.sh"
start_identity
"${PY[@]}" "$HERE/deploy.py" register || die "registering services and endpoints in Keystone failed"
phase configure "$t"

t="$(now)"
start="$(date +%s)"
start_services
say "waiting until nova, cinder and the agents report in and hosts aio and $LXD_HOST are mapped" \
    "(deadline $READY_DEADLINE s)"
if ! "${PY[@]}" "$HERE/ready.py" "$start" "$READY_DEADLINE"; then
    die "not ready; everything stays up for a look at $LOG (stop it with make aio-stop)"
fi
phase start-to-ready "$t"

t="$(now)"
"${PY[@]}" "$HERE/deploy.py" post-deploy || die "post-deploy steps (flavors, image, networks) failed"
"${PY[@]}" "$HERE/deploy.py" clouds-yaml "$ROOT/clouds.yaml" "$STATE/novarc" || die "could not write clouds.yaml"
phase post-deploy "$t"
phase total "$t0"

say "ready: openstack --os-cloud aio (clouds.yaml in $ROOT; admin novarc in $STATE/novarc); logs in $LOG"
say "stop it with: make aio-stop"
