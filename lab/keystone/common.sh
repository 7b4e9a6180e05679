# Shared by up.sh and down.sh (sourced, not run). Paths, one-line errors, and "stop what we started".
# shellcheck shell=bash

LANE="keystone-lane"
# Resolve everything from this file's location so the scripts work from any cwd.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$HERE/../.." && pwd -P)"
STATE="$ROOT/.lanes/keystone"
VENV="$STATE/venv"
PIDFILE="$STATE/gunicorn.pid"

# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$HERE/../lib.sh"   # say, die, cannot_run, take_lock, now, elapsed, alive

require_platform() {
    [ "$(uname -s)" = Linux ] || cannot_run "needs Linux (this is $(uname -s))"
    command -v python3 >/dev/null || cannot_run "python3 not found"
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
        || cannot_run "needs python3 >= 3.10 (found $(python3 -V 2>&1))"
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
