# Shared by the all-in-one's scripts (sourced, not run): paths, THE port list, one-line errors, and
# starting/stopping the services as process groups recorded in pid files.
# shellcheck shell=bash disable=SC2034  # the paths and ports are used by the scripts that source this

LANE="aio"
# Resolve everything from this file's location so the scripts work from any cwd.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$HERE/../.." && pwd -P)"
STATE="$ROOT/.lanes/aio"
ETC="$STATE/etc"     # every config file; rewritten by configure.sh on each run
DATA="$STATE/data"   # MariaDB datadir, RabbitMQ mnesia, images, fernet keys, nova/cinder state
LOG="$STATE/log"     # one log per service (and the services' own stdout/stderr)
RUN="$STATE/run"     # <service>.pid: the pid of each process group we started
BIN="$STATE/bin"     # console scripts generated from the packages' entry points, and the stand-in agent
PKG="$STATE/pkg"     # the -common debs' files (api-paste.ini), unpacked with dpkg-deb -x
VENV_PY="$ROOT/.venv/bin/python"   # the project's venv: registration, readiness, post-deploy, clouds.yaml

HOST="aio"           # the host of the services: nova-compute (fake driver), cinder-volume, the neutron agents
REGION="RegionOne"
# The second compute host: nova-compute with the lab LXD driver (lab/novalxd/), on the lab LXD daemon (lab/lxd/),
# with its own stand-in Open vSwitch agent (ports bound to lxd1 need an L2 agent on lxd1, as on any compute host).
LXD_HOST="lxd1"
LXD_LAB="$ROOT/lab/lxd"            # the lab LXD's scripts; its state is in .lanes/lxd/, its socket in .lanes/lxd/env
LXD_ENV="$ROOT/.lanes/lxd/env"
LXD_OURS="$RUN/lxd-lab.started"    # present when make aio started the lab LXD (then make aio-stop stops it)
# Where the suite reaches lxd1's LXD (expectations/aio-lxd.yaml): a fixed path, linked to the lab's socket, whose
# own path depends on the checkout. The all-in-one is one per machine anyway (its ports are fixed).
LXD_SOCKET_LINK="/run/lxdstack-aio-lxd1.socket"

# --- The ports: THE one place they are chosen. All on 127.0.0.1 only.
# 28xxx, each ending in the service's usual port: below the kernel's ephemeral range (32768-60999,
# /proc/sys/net/ipv4/ip_local_port_range), where the embedded cloud's random free ports and every outgoing
# connection's source port are drawn from, so no other process of the project can be holding one of
# these; clear of the Keystone lane's 25357.
PORT_KEYSTONE=28500    # identity (5000)
PORT_GLANCE=28292      # image (9292)
PORT_PLACEMENT=28778   # placement (8778)
PORT_NOVA=28774        # compute (8774)
PORT_NEUTRON=28696     # network (9696)
PORT_CINDER=28776      # volumev3 / block-storage (8776)
PORT_MYSQL=28306       # MariaDB (3306)
PORT_AMQP=28672        # RabbitMQ AMQP (5672)
PORT_RABBIT_DIST=28671 # RabbitMQ's Erlang distribution port (25672 by default)
PORT_EPMD=28369        # our own epmd (4369), so we neither use nor disturb another Erlang's
PORT_MEMCACHED=28211   # memcached (11211)
ALL_PORTS="$PORT_KEYSTONE $PORT_GLANCE $PORT_PLACEMENT $PORT_NOVA $PORT_NEUTRON $PORT_CINDER $PORT_MYSQL
           $PORT_AMQP $PORT_RABBIT_DIST $PORT_EPMD $PORT_MEMCACHED"
AUTH_URL="http://127.0.0.1:$PORT_KEYSTONE/v3"

# The start order.
SERVICES=(epmd memcached mariadb rabbitmq keystone placement glance-api
          nova-api nova-conductor nova-scheduler nova-compute nova-compute-lxd1
          neutron-server fake-ovs-agent fake-ovs-agent-lxd1 fake-dhcp-agent fake-l3-agent
          cinder-api cinder-scheduler cinder-volume)

# The packaged OpenStack code must run under Debian's /usr/bin/python3: on this machine `python3` on PATH
# is a pyenv shim (another interpreter, without the python3-* packages). So PATH is reset, and any
# variable that would steer Python elsewhere is dropped.
export PATH="$BIN:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"
unset PYTHONPATH PYTHONHOME PYENV_VERSION VIRTUAL_ENV
export LC_ALL=C.UTF-8

# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$HERE/../lib.sh"   # say, die, cannot_run, take_lock, now, elapsed, alive

require_platform() {
    [ "$(id -u)" = 0 ] || cannot_run "needs root (it installs Debian packages and runs MariaDB/RabbitMQ as root)"
    if ! grep -qs '^ID=debian' /etc/os-release || ! grep -qs '^VERSION_ID="12"' /etc/os-release; then
        cannot_run "needs Debian 12 (bookworm): it installs Debian's own OpenStack Zed packages"
    fi
}

# A pid is ours only if the process carries AIO_STATE=<state folder> in its environment (every process we start
# does), or, for those that rewrite their title (neutron-server's workers: setproctitle overwrites the environment
# block), names the state folder on its command line. Pids get reused, and we must never signal somebody else's.
ours() {
    alive "$1" || return 1
    tr '\0' '\n' 2>/dev/null <"/proc/$1/environ" | grep -qxF "AIO_STATE=$STATE" && return 0
    tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" | grep -qF "$STATE/"
}

# spawn NAME CMD...: run CMD as the leader of a new session and process group, stdin closed, output to
# log/NAME.out, pid (= process group id) to run/NAME.pid. `9>&-`: the service must not inherit the lock.
spawn() {
    local name="$1"; shift
    mkdir -p "$RUN" "$LOG"
    AIO_STATE="$STATE" setsid "$@" </dev/null >>"$LOG/$name.out" 2>&1 9>&- &
    echo $! >"$RUN/$name.pid"
}

# The members of NAME's recorded process group that are alive and ours (the leader may be gone while
# its workers still hold a port).
members_of() {
    local pgid p
    [ -f "$RUN/$1.pid" ] || return 0
    pgid="$(tr -dc 0-9 <"$RUN/$1.pid" 2>/dev/null)" || return 0
    [ -n "$pgid" ] || return 0
    for p in $(pgrep -g "$pgid" 2>/dev/null); do ours "$p" && echo "$p"; done
    return 0
}

# The recorded pid of NAME if that process (the group's leader) is alive and ours; nothing otherwise.
pid_of() {
    local pid
    [ -f "$RUN/$1.pid" ] || return 0
    pid="$(tr -dc 0-9 <"$RUN/$1.pid")"
    [ -n "$pid" ] && ours "$pid" && echo "$pid"
    return 0
}

# stop_group NAME: TERM the group's leader, wait up to 20 s, then KILL what is left of the group. Only
# processes of that group that carry our marker are signalled.
stop_group() {
    local name="$1" left leader deadline
    left="$(members_of "$name")"
    if [ -n "$left" ]; then
        # TERM the leader only: uwsgi's master and oslo.service's parent stop their workers themselves, and
        # would respawn a worker killed behind their back. Without a live leader, TERM what is left.
        leader="$(pid_of "$name")"
        # shellcheck disable=SC2086  # one pid per word
        if [ -n "$leader" ]; then kill -TERM "$leader" 2>/dev/null || true; else kill -TERM $left 2>/dev/null || true; fi
        deadline=$((SECONDS + 20))
        while [ -n "$(members_of "$name")" ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
        left="$(members_of "$name")"
        if [ -n "$left" ]; then
            say "$name did not stop within 20 s; killing $(tr "\n" " " <<<"$left")"
            # shellcheck disable=SC2086
            kill -KILL $left 2>/dev/null || true
            sleep 0.5
        fi
    fi
    rm -f "$RUN/$name.pid"
}

# Stop everything we started: the OpenStack services side by side, then RabbitMQ, MariaDB and memcached, then
# epmd; then any pid file not in the list (a service dropped from it since an older run).
INFRA=(rabbitmq mariadb memcached)
stop_all() {
    local name f
    for name in "${SERVICES[@]}"; do
        [[ " ${INFRA[*]} epmd " == *" $name "* ]] || stop_group "$name" &
    done
    wait
    for name in "${INFRA[@]}"; do stop_group "$name" & done
    wait
    stop_group epmd
    for f in "$RUN"/*.pid; do [ -e "$f" ] && stop_group "$(basename "$f" .pid)"; done
    return 0
}

# The same python helpers run with the project's venv (openstacksdk, PyYAML, lxdstack).
require_venv() {
    [ -x "$VENV_PY" ] || die "no project venv at $ROOT/.venv: run 'make install' first (make aio does)"
}
