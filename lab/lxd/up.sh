#!/usr/bin/env bash
# The lab LXD: ONE real LXD daemon (Debian 12's lxd 5.0.2) for the lanes that need one, state in .lanes/lxd/,
# isolated in its own network and mount namespaces, never the system's /var/lib/lxd.
#
#   lab/lxd/up.sh
#
# install (apt, only what is missing) -> start lxd in its namespaces (or reuse the running lab daemon) -> storage
# pools `default` (dir) and `btrfs` (btrfs on a 2 GiB loop file), the default profile's root disk on `default` ->
# the image `lab-busybox`, built locally. Networks and the other profiles are the bring-up's job
# (lxdstack/bringup/lxd_steps.py). Safe to re-run: a running lab daemon is reused; a dead one's leftovers are
# cleared first (lab/lxd/down.sh), so every fresh start is a fresh LXD.
# Prints `socket=<path>` on stdout and writes .lanes/lxd/env (LXD_DIR=..., SOCKET=...); progress goes to stderr.
# Exit codes: 0 ready, 1 failed, 2 bad usage, 3 this machine cannot run it.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[ $# -eq 0 ] || { echo "usage: $0" >&2; exit 2; }
require_platform
take_lock

WAITREADY=60   # `lxd waitready` took ~1 s here
t0="$(now)"
"$HERE/install.sh"
say "install: $(elapsed "$t0") s"

# --- The daemon: reuse ours if it answers; otherwise clear whatever a dead one left and start afresh.
t="$(now)"
leader="$(leader_pid)"
if [ -n "$leader" ] && [ -S "$SOCKET" ] && timeout 20 lxd waitready --timeout 15 2>/dev/null; then
    say "reusing the running lab daemon (pid $leader)"
else
    if [ -n "$leader" ] || [ -e "$DATA" ] || [ -n "$(our_processes)" ] || [ -n "$(our_loops)" ]; then
        say "clearing a previous lab daemon's leftovers"
        flock -u 9   # down.sh takes the same lock
        "$HERE/down.sh"
        take_lock
    fi
    mkdir -p "$DATA" "$LOG" "$RUN"
    chmod 711 "$DATA"
    if [ -n "$SHORT_LINK" ]; then
        # The checkout is too deep for a unix socket path: LXD_DIR is a short link to the state folder.
        ln -sfn "$DATA" "$SHORT_LINK"
        say "state folder path too long for a unix socket; LXD_DIR=$SHORT_LINK -> $DATA"
    fi
    : >"$LOG/lxd.log"
    # setsid: the namespace's processes are a session of their own, not in the caller's process group.
    # `9>&-`: the daemon must not inherit the lock. The marker goes into the environment of everything it starts.
    env "$MARKER" setsid unshare --net --mount --fork -- \
        "$HERE/ns_entry.sh" "$LOG/lxd.log" "$RUN/leader.pid" "$RUN/cgroup-aside" \
        </dev/null >>"$LOG/daemon.out" 2>&1 9>&- &
    starter=$!   # unshare (setsid execs it): it lives as long as lxd does
    echo "$starter" >"$RUN/starter.pid"
    deadline=$((SECONDS + WAITREADY))
    ready=0
    while [ "$SECONDS" -lt "$deadline" ] && alive "$starter"; do
        if timeout 5 lxd waitready --timeout 2 2>/dev/null; then ready=1; break; fi
    done
    if [ "$ready" = 0 ]; then
        tail -n 20 "$LOG/daemon.out" "$LOG/lxd.log" >&2 2>/dev/null || true
        alive "$starter" || die "lxd exited before it was ready (logs: $LOG)"
        die "lxd did not become ready within $WAITREADY s (logs: $LOG)"
    fi
    leader="$(leader_pid)"
    [ -n "$leader" ] || die "lxd answers but its recorded pid ($RUN/leader.pid) is not a live lab process"
    readlink "/proc/$leader/ns/net" >"$RUN/netns"
    say "lxd ready (pid $leader, network namespace $(cat "$RUN/netns"))"
fi
say "daemon: $(elapsed "$t") s"

# --- Storage: `default` (dir) and `btrfs` (btrfs on a loop file LXD makes in LXD_DIR/disks/).
t="$(now)"
lxc storage show default >/dev/null 2>&1 || lxc storage create default dir >/dev/null \
    || die "could not create storage pool default (dir)"
lxc storage show btrfs >/dev/null 2>&1 || lxc storage create btrfs btrfs "size=$BTRFS_SIZE" >/dev/null \
    || die "could not create storage pool btrfs (btrfs, size=$BTRFS_SIZE)"
if ! lxc profile device get default root pool >/dev/null 2>&1; then
    lxc profile device add default root disk path=/ pool=default >/dev/null \
        || die "could not add the root disk (pool default) to the default profile"
fi
say "storage: $(elapsed "$t") s"

t="$(now)"
"$HERE/image.sh"
say "image: $(elapsed "$t") s"

printf 'LXD_DIR=%s\nSOCKET=%s\nSTATE=%s\n' "$LXD_DIR" "$SOCKET" "$DATA" >"$ENV_FILE"
say "ready in $(elapsed "$t0") s: LXD_DIR=$LXD_DIR lxc list   (stop it with lab/lxd/down.sh)"
echo "socket=$SOCKET"
