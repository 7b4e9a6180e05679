#!/usr/bin/env bash
# Stop the lab LXD that lab/lxd/up.sh started, and only that: `lxd shutdown` (it stops its containers) with a
# deadline, then whatever of the lab is left (processes carrying the lab's marker and their descendants: lxd,
# dnsmasq, `lxd forkstart` and `[lxc monitor]`, containers), then the loop devices of its loop files; then the state
# folder goes, so the next up.sh starts a fresh LXD. The logs (.lanes/lxd/log/) stay for a look.
# No error if nothing runs.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[ $# -eq 0 ] || { echo "usage: $0" >&2; exit 2; }
[ -d "$STATE" ] || exit 0   # never brought up: nothing to stop, and no state folder to create
take_lock

SHUTDOWN_DEADLINE=60   # LXD gives each container up to boot.host_shutdown_timeout (30 s) to stop

leader="$(leader_pid)"
if [ -n "$leader" ]; then
    say "stopping lxd (pid $leader)"
    timeout $((SHUTDOWN_DEADLINE + 5)) lxd shutdown --timeout "$SHUTDOWN_DEADLINE" >/dev/null 2>&1 \
        || say "lxd shutdown did not finish cleanly; stopping what is left"
    # unshare, lxd's parent, exits right after it.
    starter="$(tr -dc 0-9 <"$RUN/starter.pid" 2>/dev/null || true)"
    deadline=$((SECONDS + 10))
    while { alive "$leader" || { [ -n "$starter" ] && alive "$starter"; }; } && [ "$SECONDS" -lt "$deadline" ]; do
        sleep 0.2
    done
fi

# Whatever is left: TERM, 5 s, KILL, 5 s.
left="$(our_processes)"
if [ -n "$left" ]; then
    say "stopping what is left of the lab: $(tr '\n' ' ' <<<"$left")"
    # shellcheck disable=SC2086  # one pid per word
    kill -TERM $left 2>/dev/null || true
    deadline=$((SECONDS + 5))
    while [ -n "$(our_processes)" ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    left="$(our_processes)"
    if [ -n "$left" ]; then
        # shellcheck disable=SC2086
        kill -KILL $left 2>/dev/null || true
        deadline=$((SECONDS + 5))
        while [ -n "$(our_processes)" ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
        left="$(our_processes)"
        [ -z "$left" ] || die "lab processes survived SIGKILL: $(tr '\n' ' ' <<<"$left")"
    fi
fi

# The btrfs pool's mount lived in the lab's mount namespace and went with it; LXD's loop device (autoclear) goes
# when its last user does, a moment later. Detach any that remain.
deadline=$((SECONDS + 5))
while [ -n "$(our_loops)" ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
while read -r dev file; do
    [ -n "$dev" ] || continue
    say "detaching $dev ($file)"
    losetup -d "$dev" || die "could not detach loop device $dev ($file)"
done <<<"$(our_loops)"

# Nothing of the lab may stay mounted in the host's namespace either (there should never be anything).
{ grep -F " $DATA/" /proc/self/mountinfo || true; } | awk '{ print $5 }' | sort -r | while read -r m; do
    umount -l "$m" || die "could not unmount $m"
done

[ -n "$SHORT_LINK" ] && rm -f "$SHORT_LINK"
rm -rf "$DATA" "$RUN" "$STATE/image" "$STATE/client" "$ENV_FILE"
say "stopped; state removed"
