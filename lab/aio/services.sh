# How each service of the all-in-one is started (sourced by up.sh, after common.sh). Each runs in the
# foreground of its own process group (spawn), from the configs configure.sh wrote.
# shellcheck shell=bash

# wait_for WHAT SECONDS CMD...: poll CMD until it succeeds; fail naming WHAT after SECONDS.
wait_for() {
    local what="$1" limit="$2" deadline
    shift 2
    deadline=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || die "$what not up after $limit s (logs: $LOG)"
        sleep 0.3
    done
}

# True once something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp, no extra tools).
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The port must be free before we start: a clash makes a service die at bind() with a message buried in its log.
require_free_ports() {
    local p
    for p in $ALL_PORTS; do
        ! listening "$p" || die "127.0.0.1:$p is already in use by another program (ports: lab/aio/common.sh)"
    done
}

# RabbitMQ's and the Erlang CLI's environment: our own node name, mnesia dir, cookie (in HOME) and epmd.
# Both run from /usr/lib/rabbitmq/bin: the /usr/sbin wrappers switch to the rabbitmq user's HOME and cookie.
rabbit_env() {
    export HOME="$DATA/rabbitmq" RABBITMQ_NODENAME="aio@localhost" \
        RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$PORT_AMQP" RABBITMQ_DIST_PORT="$PORT_RABBIT_DIST" \
        ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$PORT_EPMD" \
        RABBITMQ_MNESIA_BASE="$DATA/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$LOG/rabbitmq" \
        RABBITMQ_CONFIG_FILE="$ETC/rabbitmq/rabbitmq.conf" \
        RABBITMQ_ADVANCED_CONFIG_FILE="$ETC/rabbitmq/advanced.config" \
        RABBITMQ_ENABLED_PLUGINS_FILE="$ETC/rabbitmq/enabled_plugins" \
        RABBITMQ_PID_FILE="$RUN/rabbitmq.pidfile"
}

start_infra() {
    say "starting epmd, memcached, MariaDB, RabbitMQ"
    mkdir -p "$DATA/rabbitmq" "$LOG/rabbitmq"
    spawn epmd epmd -address 127.0.0.1 -port "$PORT_EPMD"
    spawn memcached memcached -l 127.0.0.1 -p "$PORT_MEMCACHED" -U 0 -m 64 -u root
    if [ ! -d "$DATA/mysql/mysql" ]; then
        rm -rf "$DATA/mysql"
        mariadb-install-db --defaults-file="$ETC/my.cnf" --skip-test-db >>"$LOG/mariadb-install.log" 2>&1 \
            || die "mariadb-install-db failed (log: $LOG/mariadb-install.log)"
    fi
    spawn mariadb mariadbd --defaults-file="$ETC/my.cnf"
    (rabbit_env && spawn rabbitmq /usr/lib/rabbitmq/bin/rabbitmq-server)
    wait_for "epmd" 10 listening "$PORT_EPMD"
    wait_for "memcached" 10 listening "$PORT_MEMCACHED"
    wait_for "MariaDB" 60 mariadb-admin --defaults-file="$ETC/my.cnf" ping
    (rabbit_env && wait_for "RabbitMQ" 90 /usr/lib/rabbitmq/bin/rabbitmqctl --timeout 5 await_startup)
}

# uwsgi_app NAME PORT WSGI_FILE ENV=VALUE: a packaged WSGI script under uwsgi, 1 process with 4 threads.
# --die-on-term: uwsgi's master otherwise takes SIGTERM as "reload". "Connection: close": --http-socket closes
# every connection after the response without saying so, and a client that reuses it gets "connection reset".
uwsgi_app() {
    spawn "$1" env "$4" uwsgi --plugins python3 --master --die-on-term --processes 1 --threads 4 \
        --http-socket "127.0.0.1:$2" --add-header "Connection: close" --wsgi-file "$3" --buffer-size 65535 \
        --logto "$LOG/$1-uwsgi.log"
}

# True if Keystone issues the admin a project-scoped token. The password goes on stdin, not argv (`ps`).
admin_token() {
    local pw body
    pw="$(cat "$STATE/password")"
    body='{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin",
          "domain": {"name": "Default"}, "password": "'"$pw"'"}}},
          "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}'
    curl -sf -o /dev/null -H "Content-Type: application/json" --data @- "$AUTH_URL/auth/tokens" <<<"$body"
}

start_identity() {
    say "starting Keystone and Placement (uwsgi)"
    uwsgi_app keystone "$PORT_KEYSTONE" /usr/bin/keystone-wsgi-public "OS_KEYSTONE_CONFIG_DIR=$ETC/keystone"
    uwsgi_app placement "$PORT_PLACEMENT" /usr/bin/placement-api "OS_PLACEMENT_CONFIG_DIR=$ETC/placement"
    # Keystone is up when it issues the admin a token, not when it merely answers GET /v3.
    wait_for "Keystone issuing tokens on :$PORT_KEYSTONE" 60 admin_token
    wait_for "Placement on :$PORT_PLACEMENT" 60 curl -sf "http://127.0.0.1:$PORT_PLACEMENT/"
}

# start_one NAME: start one OpenStack service (or stand-in agent) of SERVICES, as its own process group.
start_one() {
    local n="--config-file $ETC/nova/nova.conf" q="--config-file $ETC/neutron/neutron.conf"
    local c="--config-file $ETC/cinder/cinder.conf" kind
    # shellcheck disable=SC2086  # the --config-file pairs are meant to split
    case "$1" in
        glance-api) spawn glance-api glance-api --config-file "$ETC/glance/glance-api.conf" ;;
        nova-api | nova-conductor | nova-scheduler) spawn "$1" "$1" $n ;;
        nova-compute) spawn nova-compute nova-compute --config-file "$ETC/nova/nova-cpu.conf" ;;
        # The lab LXD driver is loaded by a launcher that adds its folder to nova.virt (lab/novalxd/README.md).
        nova-compute-lxd1)
            spawn "$1" /usr/bin/python3 "$ROOT/lab/novalxd/nova_compute.py" --config-file "$ETC/nova/nova-$LXD_HOST.conf" ;;
        fake-ovs-agent-lxd1)
            spawn "$1" fake-agent ovs $q --config-file "$ETC/neutron/host-$LXD_HOST.conf" --log-file "$LOG/$1.log" ;;
        neutron-server) spawn neutron-server neutron-server $q --config-file "$ETC/neutron/ml2_conf.ini" ;;
        fake-ovs-agent | fake-dhcp-agent | fake-l3-agent)
            kind="${1#fake-}"
            spawn "$1" fake-agent "${kind%-agent}" $q --log-file "$LOG/$1.log" ;;
        cinder-api | cinder-scheduler | cinder-volume) spawn "$1" "$1" $c ;;
        *) die "not a service start_one knows: $1" ;;
    esac
}

start_services() {
    local name
    say "starting glance, nova, neutron, the stand-in agents, cinder"
    for name in glance-api nova-api nova-conductor nova-scheduler nova-compute nova-compute-lxd1 neutron-server \
                fake-ovs-agent fake-ovs-agent-lxd1 fake-dhcp-agent fake-l3-agent cinder-api cinder-scheduler \
                cinder-volume; do
        start_one "$name"
    done
    wait_for "glance-api on :$PORT_GLANCE" 90 curl -sf "http://127.0.0.1:$PORT_GLANCE/"
    wait_for "nova-api on :$PORT_NOVA" 90 curl -sf "http://127.0.0.1:$PORT_NOVA/"
    wait_for "neutron-server on :$PORT_NEUTRON" 90 curl -sf "http://127.0.0.1:$PORT_NEUTRON/"
    wait_for "cinder-api on :$PORT_CINDER" 90 curl -sf "http://127.0.0.1:$PORT_CINDER/"
}
