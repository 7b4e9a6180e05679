#!/usr/bin/env bash
# The all-in-one's second compute host, lxd1: the lab LXD under it, and its lab options on a running all-in-one,
# changing only what must change:
#
#   lab/aio/lxd1.sh pool dir|btrfs              the lab LXD's default profile's root disk goes on pool `default`
#                                               (dir) or `btrfs`; nothing restarts: the lab driver reads the
#                                               pool at every spawn. Refused while containers use the profile.
#   lab/aio/lxd1.sh rule root-pool|newton-exact the lab driver's storage rule; restarts nova-compute-lxd1 only,
#                                               and waits until the cloud is ready again (lab/aio/ready.py)
#
# `make aio` resets both (AIO_LXD_POOL, default dir; AIO_LXD_RULE, default root-pool). up.sh and down.sh source
# this file for its functions; run, it takes the all-in-one's lock like them.
# shellcheck shell=bash

# A command of the lab LXD's own scripts' environment (lab/lxd/common.sh: its LXD_DIR, client config, processes),
# in a subshell so that nothing of it leaks into ours.
# shellcheck source=/dev/null  # lab/lxd/common.sh: another lab's variables, in the subshell only
in_lab_lxd() { ( source "$LXD_LAB/common.sh" && "$@" ); }
lab_lxd_running() { [ -n "$(in_lab_lxd leader_pid)" ]; }

# The lab LXD up (reused when running), its socket linked where the expectations say; when this started it,
# make aio-stop stops it again.
start_lab_lxd() {
    local before=0 status=0
    ! lab_lxd_running || before=1
    "$LXD_LAB/up.sh" >/dev/null || status=$?
    [ "$status" != 3 ] || cannot_run "the lab LXD under host $LXD_HOST cannot run here (lab/lxd/up.sh said why above)"
    [ "$status" = 0 ] || die "lab/lxd/up.sh failed with exit $status (logs: $ROOT/.lanes/lxd/log)"
    mkdir -p "$RUN"   # a fresh checkout has no run/ yet
    [ "$before" = 1 ] || touch "$LXD_OURS"
    ln -sfn "$(sed -n 's/^SOCKET=//p' "$LXD_ENV")" "$LXD_SOCKET_LINK"
}

# The lab LXD, if make aio started it: stopped (lab/lxd/down.sh also removes its state and containers).
stop_lab_lxd() {
    [ -e "$LXD_OURS" ] || return 0
    "$LXD_LAB/down.sh" || die "lab/lxd/down.sh failed"
    rm -f "$LXD_OURS" "$LXD_SOCKET_LINK"
}

# set_root_pool dir|btrfs: where the default profile puts every new container's root disk.
set_root_pool() {
    local pool
    case "$1" in
        dir) pool=default ;;
        btrfs) pool=btrfs ;;
        *) echo "$LANE: the pool of $LXD_HOST is dir or btrfs, not '$1' (AIO_LXD_POOL)" >&2; exit 2 ;;
    esac
    [ "$(in_lab_lxd lxc profile device get default root pool 2>/dev/null)" != "$pool" ] || return 0
    in_lab_lxd lxc profile device set default root pool "$pool" \
        || die "could not move the lab LXD's default root disk to pool $pool (delete the servers on $LXD_HOST first)"
    say "$LXD_HOST: root disks now on pool $pool ($1)"
}

# set_rule root-pool|newton-exact: the lab driver's option, then nova-compute-lxd1 restarted and the cloud ready.
set_rule() {
    case "$1" in
        root-pool | newton-exact) ;;
        *) echo "$LANE: the storage rule of $LXD_HOST is root-pool or newton-exact, not '$1'" >&2; exit 2 ;;
    esac
    local conf="$ETC/nova/nova-$LXD_HOST.conf" start
    [ -f "$conf" ] || die "no $conf: run make aio first"
    sed -i "s/^storage_rule = .*/storage_rule = $1/" "$conf"
    stop_group nova-compute-lxd1
    start="$(date +%s)"
    start_one nova-compute-lxd1
    export STATE RUN LOG ETC BIN AUTH_URL REGION
    "$VENV_PY" -u "$HERE/ready.py" "$start" 120 || die "not ready after restarting nova-compute-lxd1"
    say "$LXD_HOST: storage rule $1 (nova-compute-lxd1 restarted)"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    # shellcheck source-path=SCRIPTDIR source=common.sh
    source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
    # shellcheck source-path=SCRIPTDIR source=services.sh
    source "$HERE/services.sh"
    [ $# -eq 2 ] || { echo "usage: $0 pool dir|btrfs | rule root-pool|newton-exact" >&2; exit 2; }
    [ -d "$RUN" ] || die "the all-in-one was never started here: run make aio"
    require_venv
    take_lock 900
    case "$1" in
        pool) set_root_pool "$2" ;;
        rule) set_rule "$2" ;;
        *) echo "usage: $0 pool dir|btrfs | rule root-pool|newton-exact" >&2; exit 2 ;;
    esac
fi
