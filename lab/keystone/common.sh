# Shared by up.sh and down.sh (sourced, not run). Paths, one-line errors, and "stop what we started".
# shellcheck shell=bash

LANE="keystone-lane"
# Resolve everything from this file's location so the scripts work from any cwd.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$HERE/../.." && pwd -P)"
STATE="$ROOT/.lanes/keystone"
VENV="$STATE/venv"
PIDFILE="$STATE/gunicorn.pid"

say() { echo "$LANE: $*" >&2; }
die() { echo "$LANE: error: $*" >&2; exit 1; }
# Exit 3 means "this lane cannot run on this machine"; the project's tests skip on it.
cannot_run() { echo "$LANE: cannot run here: $*" >&2; exit 3; }

require_platform() {
    [ "$(uname -s)" = Linux ] || cannot_run "needs Linux (this is $(uname -s))"
    command -v python3 >/dev/null || cannot_run "python3 not found"
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
        || cannot_run "needs python3 >= 3.10 (found $(python3 -V 2>&1))"
}

# Serialise up/down runs (e.g. parallel test workers) so they do not race on the pid file or the db.
take_lock() {
    mkdir -p "$STATE"
    exec 9>"$STATE/.lock"
    if command -v flock >/dev/null; then
        flock -w 600 9 || die "another up.sh/down.sh holds $STATE/.lock for over 600 s"
    fi
}

# True if the process exists and is not a zombie (in containers pid 1 may never reap our
# daemonised gunicorn, so a dead master can linger as a zombie in /proc).
alive() {
    local st
    # Field 3 of /proc/PID/stat is the state; field 2 (the name, in parentheses) may hold spaces.
    st="$(sed -n 's/.*) \([A-Za-z]\).*/\1/p' "/proc/$1/stat" 2>/dev/null)" || return 1
    [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# The pid in the pid file, if that process is alive AND is our gunicorn (pids get reused, so the
# command line must name this lane's venv). Prints nothing otherwise.
our_pid() {
    local pid
    [ -f "$PIDFILE" ] || return 0
    pid="$(tr -dc 0-9 <"$PIDFILE")"
    [ -n "$pid" ] && alive "$pid" || return 0
    if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$VENV/bin/gunicorn"; then
        echo "$pid"
    fi
}

# Stop our gunicorn: TERM (graceful), wait up to 30 s, then KILL master and workers, wait 5 s more.
stop_ours() {
    local pid workers deadline
    pid="$(our_pid)"
    if [ -z "$pid" ]; then
        rm -f "$PIDFILE"   # stale or absent: nothing of ours runs
        return 0
    fi
    say "stopping gunicorn (pid $pid)"
    workers="$(pgrep -P "$pid" 2>/dev/null || true)"
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 30))
    while alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if alive "$pid"; then
        say "gunicorn did not stop within 30 s; killing it"
        # shellcheck disable=SC2086  # word splitting of the worker list is wanted
        kill -KILL "$pid" $workers 2>/dev/null || true
        deadline=$((SECONDS + 5))
        while alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
        ! alive "$pid" || die "gunicorn pid $pid survived SIGKILL"
    fi
    # Workers exit with the master; make sure none lingers holding the port.
    for w in $workers; do
        deadline=$((SECONDS + 5))
        while alive "$w" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
        ! alive "$w" || kill -KILL "$w" 2>/dev/null || true
    done
    rm -f "$PIDFILE"
}
