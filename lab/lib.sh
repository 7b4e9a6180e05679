# Shared by every lab's common.sh (sourced, not run): one-line messages, the lab's lock, timings, and "is this
# process alive". The sourcing file sets LANE (the prefix of every message) and STATE (the lab's state folder).
# shellcheck shell=bash

say() { echo "$LANE: $*" >&2; }
die() { echo "$LANE: error: $*" >&2; exit 1; }
# Exit 3 means "this lab cannot run on this machine", in one line; the lanes skip on it (or fail under
# REQUIRE_LANES=1).
cannot_run() { echo "$LANE: cannot run here: $*" >&2; exit 3; }

# Serialise a lab's up/down runs (lanes and people may call them at once) on $STATE/.lock. $1: how long to wait (s).
# shellcheck disable=SC2120  # the wait is optional
take_lock() {
    mkdir -p "$STATE"
    exec 9>"$STATE/.lock"
    flock -w "${1:-600}" 9 || die "another of this lab's up/down runs holds $STATE/.lock for over ${1:-600} s"
}

# Seconds since the epoch with a fraction, and the seconds since $1 with $2 decimals (default 1), for timings.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" -v d="${2:-1}" 'BEGIN { printf "%.*f", d, b - a }'; }

# True if the process exists and is not a zombie (pid 1 here may never reap what a lab started, so a dead process
# can linger in /proc as a zombie). Field 3 of /proc/PID/stat is the state; field 2 (the name) may hold spaces.
alive() {
    local st
    st="$(sed -n 's/.*) \([A-Za-z]\).*/\1/p' "/proc/$1/stat" 2>/dev/null)" || return 1
    [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}
