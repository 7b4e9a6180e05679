# Shared by the lab LXD's scripts (sourced, not run): paths, where the daemon's socket lives, one-line errors, and
# finding the processes and loop devices that belong to this lab (and nothing else).
# shellcheck shell=bash disable=SC2034  # the paths are used by the scripts that source this

LANE="lxd-lab"
# Resolve everything from this file's location so the scripts work from any cwd.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$HERE/../.." && pwd -P)"
STATE="$ROOT/.lanes/lxd"          # everything of the lab; down.sh deletes it all but the lock and the logs
DATA="$STATE/state"               # the daemon's LXD_DIR (never /var/lib/lxd)
LOG="$STATE/log"                  # lxd.log (the daemon's), daemon.out, install.log; kept after down for a look
RUN="$STATE/run"                  # leader.pid (the namespace leader = lxd), netns (its network namespace's inode)
ENV_FILE="$STATE/env"             # LXD_DIR=..., SOCKET=..., for other scripts and lanes
IMAGE_ALIAS="lab-busybox"
BTRFS_SIZE="2GiB"

# The unix socket path (sun_path) holds at most 107 bytes and a NUL. LXD puts two sockets in LXD_DIR,
# unix.socket and devlxd/sock (both 11 bytes), so LXD_DIR itself may be at most 107 - 12 = 95 bytes long.
# A deeper checkout gets a short symlink /run/lxd-lab-<hash of the state folder> -> .lanes/lxd/state: the data
# stays in the checkout and only the path LXD (and its clients) use is short. env records which it is.
MAX_LXD_DIR=95
if [ "${#DATA}" -le "$MAX_LXD_DIR" ]; then
    LXD_DIR="$DATA"
    SHORT_LINK=""
else
    SHORT_LINK="/run/lxd-lab-$(printf '%s' "$STATE" | sha256sum | cut -c1-12)"
    LXD_DIR="$SHORT_LINK"
fi
SOCKET="$LXD_DIR/unix.socket"
# Every lxd/lxc call goes to the lab's daemon, and the lxc client keeps its config in the lab, not in ~/.config.
export LXD_DIR
export LXD_CONF="$STATE/client"
# Every process the lab starts carries this marker in its environment (lxd passes its environment on to its
# children): that, not a process name, is how down.sh knows what is ours.
MARKER="LXD_LAB_STATE=$STATE"

export PATH="/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"
export LC_ALL=C.UTF-8

# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$HERE/../lib.sh"   # say, die, cannot_run, take_lock, now, elapsed, alive

require_platform() {
    [ "$(uname -s)" = Linux ] || cannot_run "needs Linux (this is $(uname -s))"
    [ "$(id -u)" = 0 ] || cannot_run "needs root (it installs Debian's lxd and runs the daemon in its own namespaces)"
    grep -qw btrfs /proc/filesystems || cannot_run "the kernel has no btrfs (not in /proc/filesystems) for the btrfs pool"
    command -v unshare >/dev/null || cannot_run "unshare (util-linux) not found"
    unshare --net --mount true 2>/dev/null \
        || cannot_run "unshare --net --mount fails here (no namespaces for the daemon: $(unshare --net --mount true 2>&1 | head -n 1))"
}

marked() { grep -qzxF "$MARKER" "/proc/$1/environ" 2>/dev/null; }

# Every live process of the lab, one pid per line: those carrying the marker and all their descendants (a
# container's init gets a clean environment from liblxc, but descends from the lab's `[lxc monitor]`). Pids get
# reused, so never a match on a process name. Reads /proc once; no process per pid.
our_processes() {
    local -A parent=() state=() mine=()
    local f pid line rest changed=1
    # shellcheck disable=SC2013  # one /proc/<pid>/environ path per word, no spaces in them
    for f in $(grep -lzxF "$MARKER" /proc/[0-9]*/environ 2>/dev/null); do
        pid="${f#/proc/}"; mine[${pid%/environ}]=1
    done
    for f in /proc/[0-9]*/stat; do
        { read -r line <"$f"; } 2>/dev/null || continue
        pid="${f#/proc/}"; pid="${pid%/stat}"
        rest="${line##*) }"                      # "<state> <ppid> ...": the name before may hold spaces
        state[$pid]="${rest%% *}"
        rest="${rest#* }"; parent[$pid]="${rest%% *}"
    done
    while [ "$changed" = 1 ]; do
        changed=0
        for pid in "${!parent[@]}"; do
            if [ -z "${mine[$pid]:-}" ] && [ -n "${mine[${parent[$pid]}]:-}" ]; then mine[$pid]=1; changed=1; fi
        done
    done
    for pid in "${!mine[@]}"; do
        case "${state[$pid]:-Z}" in Z|X) continue ;; esac
        [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ] || echo "$pid"
    done
    return 0
}

# The recorded namespace leader (lxd itself: ns_entry.sh execs it) if it is alive and ours; nothing otherwise.
leader_pid() {
    local pid
    [ -f "$RUN/leader.pid" ] || return 0
    pid="$(tr -dc 0-9 <"$RUN/leader.pid")"
    [ -n "$pid" ] && marked "$pid" && alive "$pid" && echo "$pid"
    return 0
}

# Loop devices whose backing file is in the lab's state folder (LXD's btrfs pool file): "DEVICE FILE" lines.
our_loops() {
    losetup --list --noheadings --output NAME,BACK-FILE 2>/dev/null \
        | awk -v d="$DATA/" -v l="${SHORT_LINK:-/nonexistent}/" 'index($2, d) == 1 || index($2, l) == 1 { print $1, $2 }'
    return 0
}
