#!/usr/bin/env bash
# Write every config file of the all-in-one into .lanes/aio/etc, and the console scripts into .lanes/aio/bin.
# Files only: nothing is started and no data is touched, so this runs on every `make aio` (cheap, and a moved
# checkout gets its paths right). Nothing is written to /etc.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_platform

mkdir -p "$ETC"/{keystone,glance,placement,nova,neutron,cinder,rabbitmq} "$DATA" "$LOG" "$RUN" "$BIN"

# lxd1's driver: the lab LXD's socket (lab/lxd/up.sh, which up.sh runs first, records it) and its storage rule.
LXD_SOCKET="$(sed -n 's/^SOCKET=//p' "$LXD_ENV" 2>/dev/null)"
[ -n "$LXD_SOCKET" ] || die "no lab LXD socket in $LXD_ENV: lab/lxd/up.sh runs first (make aio does)"
LXD_RULE="${AIO_LXD_RULE:-root-pool}"

# One random secret, made once, owner-only: the admin's and the service users' password and the database's.
# Hex, so it needs no quoting in URLs or ini files.
PWFILE="$STATE/password"
if [ ! -s "$PWFILE" ]; then
    (umask 077 && od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$PWFILE.tmp" && echo >>"$PWFILE.tmp")
    mv "$PWFILE.tmp" "$PWFILE"
fi
PW="$(cat "$PWFILE")"

# --- Heartbeats and down times: faults must show within about 20 s, without false alarms.
# A service or agent writes a heartbeat every REPORT_INTERVAL seconds and counts as down once its last one is
# older than DOWN_TIME. 4 s / 20 s: a dead service shows as down within 20-24 s (the defaults, 10 s / 60 s for
# nova and cinder and 30 s / 75 s for neutron, take up to 75 s); and a live one must miss FIVE heartbeats in a
# row to be called down, which rides out an eventlet hub or a DB write stalled for several seconds on this
# 2-core machine shared with other test runs. Faster still (e.g. 1 s / 5 s) would make such stalls false alarms.
# Both numbers stay well above the DB cost: ~7 heartbeating processes at one UPDATE per 4 s is nothing.
REPORT_INTERVAL=4
DOWN_TIME=20
# How long an eventlet service waits for requests in flight when told to stop (60 s by default): a lab's
# `make aio-stop` should not wait a minute for nova-compute's periodic tasks.
SHUTDOWN="graceful_shutdown_timeout = 5"

DB="mysql+pymysql://openstack:$PW@127.0.0.1:$PORT_MYSQL"
RABBIT="rabbit://guest:guest@127.0.0.1:$PORT_AMQP/"
MEMCACHED="127.0.0.1:$PORT_MEMCACHED"
KEYSTONE="http://127.0.0.1:$PORT_KEYSTONE"

# Service credentials, as [keystone_authtoken] and the [nova]/[neutron]/[placement]/[service_user] sections
# want them. $1: the service user.
creds() {
    cat <<EOF
auth_type = password
auth_url = $KEYSTONE
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $1
password = $PW
region_name = $REGION
EOF
}
authtoken() {
    cat <<EOF
[keystone_authtoken]
www_authenticate_uri = $KEYSTONE
memcached_servers = $MEMCACHED
$(creds "$1")
EOF
}

# --- MariaDB: its own datadir, socket and port. Native AIO (io_uring/libaio) is off: it fails on this kernel.
cat >"$ETC/my.cnf" <<EOF
[mysqld]
user = root
datadir = $DATA/mysql
socket = $RUN/mysqld.sock
pid-file = $RUN/mysqld.pidfile
bind-address = 127.0.0.1
port = $PORT_MYSQL
log-error = $LOG/mariadb.log
innodb_use_native_aio = 0
innodb_buffer_pool_size = 128M
skip-name-resolve
max_connections = 500
character-set-server = utf8
collation-server = utf8_general_ci

[client]
socket = $RUN/mysqld.sock
port = $PORT_MYSQL
EOF

# --- RabbitMQ: listener and Erlang distribution on loopback only (the env vars are set by start.sh).
cat >"$ETC/rabbitmq/rabbitmq.conf" <<EOF
listeners.tcp.1 = 127.0.0.1:$PORT_AMQP
loopback_users.guest = true
disk_free_limit.absolute = 100MB
log.file.level = warning
EOF
echo '[{kernel, [{inet_dist_use_interface, {127,0,0,1}}]}].' >"$ETC/rabbitmq/advanced.config"
echo '[].' >"$ETC/rabbitmq/enabled_plugins"

# --- Keystone (uwsgi): fernet tokens, memcached cache.
cat >"$ETC/keystone/keystone.conf" <<EOF
[DEFAULT]
log_file = $LOG/keystone.log
[database]
connection = $DB/keystone
[token]
provider = fernet
[fernet_tokens]
key_repository = $DATA/keystone/fernet-keys
[fernet_receipts]
key_repository = $DATA/keystone/fernet-receipts
[credential]
key_repository = $DATA/keystone/credential-keys
[cache]
enabled = true
backend = oslo_cache.memcache_pool
memcache_servers = $MEMCACHED
EOF

# --- Placement (uwsgi).
cat >"$ETC/placement/placement.conf" <<EOF
[DEFAULT]
log_file = $LOG/placement.log
[placement_database]
connection = $DB/placement
[api]
auth_strategy = keystone
$(authtoken placement)
EOF

# --- Glance: a file store; workers = 0 runs the API in one process.
cat >"$ETC/glance/glance-api.conf" <<EOF
[DEFAULT]
$SHUTDOWN
bind_host = 127.0.0.1
bind_port = $PORT_GLANCE
workers = 0
log_file = $LOG/glance-api.log
node_staging_uri = file://$DATA/glance/staging
[database]
connection = $DB/glance
$(authtoken glance)
[paste_deploy]
flavor = keystone
config_file = $PKG/usr/share/glance-common/glance-api-paste.ini
[glance_store]
stores = file,http
default_store = file
filesystem_store_datadir = $DATA/glance/images
[oslo_concurrency]
lock_path = $DATA/glance/lock
EOF

# --- Nova. nova-cpu.conf (for nova-compute) is nova.conf without the [database]/[api_database] sections:
# nova-compute must reach the database through the conductor only.
# nova_common [HOST STATE_DIR DRIVER]: the second compute host (lxd1, below) has its own host name, state, instances
# and lock folders, and the lab LXD driver.
nova_common() {
    local host="${1:-$HOST}" state="${2:-$DATA/nova}" driver="${3:-fake.FakeDriver}"
    cat <<EOF
[DEFAULT]
$SHUTDOWN
host = $host
my_ip = 127.0.0.1
state_path = $state
instances_path = $state/instances
log_dir = $LOG
$( [ "$host" = "$HOST" ] || echo "log_file = nova-compute-$host.log" )
transport_url = $RABBIT
enabled_apis = osapi_compute
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = $PORT_NOVA
osapi_compute_workers = 1
# No hypervisor on host aio: nova's own fake driver "boots" servers in memory (they go ACTIVE, consume placement
# inventory, take ports and volumes), and ignores VIF plugging. Host lxd1: the lab LXD driver (lab/novalxd/).
compute_driver = $driver
report_interval = $REPORT_INTERVAL
service_down_time = $DOWN_TIME
[api]
auth_strategy = keystone
[wsgi]
api_paste_config = $PKG/usr/share/nova-common/api-paste.ini
$(authtoken nova)
[service_user]
# Required for volume detach: Debian's cinder carries the OSSA-2023-003 fix and refuses to delete an attachment
# that nova made unless nova's request also carries a service token.
send_service_user_token = true
$(creds nova)
[placement]
$(creds nova)
valid_interfaces = public
[neutron]
$(creds nova)
valid_interfaces = public
[glance]
region_name = $REGION
valid_interfaces = public
[cinder]
os_region_name = $REGION
[conductor]
workers = 1
[scheduler]
workers = 1
# Hosts are mapped by up.sh (nova-manage cell_v2 discover_hosts), not by a periodic task.
discover_hosts_in_cells_interval = -1
[vnc]
enabled = false
[oslo_concurrency]
lock_path = $state/lock
EOF
}
nova_common >"$ETC/nova/nova-cpu.conf"
# The second compute host, lxd1: the lab LXD driver (lab/novalxd/) on the lab LXD daemon (lab/lxd/): the daemon's
# socket, the image its containers boot from, and how it decides whether the storage can give ephemeral disks
# (root-pool: the driver of the default profile's root pool; newton-exact: environment.storage, as nova-lxd Newton).
{
    nova_common "$LXD_HOST" "$DATA/nova-$LXD_HOST" lablxd.LabLxdDriver
    cat <<EOF
[lablxd]
socket = $LXD_SOCKET
image = lab-busybox
storage_rule = $LXD_RULE
EOF
} >"$ETC/nova/nova-$LXD_HOST.conf"
{
    nova_common
    cat <<EOF
[api_database]
connection = $DB/nova_api
[database]
connection = $DB/nova
EOF
} >"$ETC/nova/nova.conf"

# --- Neutron: ML2 with the openvswitch mechanism driver (the stand-in agent in bin/fake-agent reports for host
# aio), tenant networks on vxlan, physnet1 for flat/vlan provider networks, the L3 router plugin.
cat >"$ETC/neutron/neutron.conf" <<EOF
[DEFAULT]
$SHUTDOWN
host = $HOST
bind_host = 127.0.0.1
bind_port = $PORT_NEUTRON
core_plugin = ml2
service_plugins = router
auth_strategy = keystone
api_paste_config = $PKG/usr/share/neutron-common/api-paste.ini
state_path = $DATA/neutron
log_file = $LOG/neutron-server.log
transport_url = $RABBIT
api_workers = 1
rpc_workers = 1
rpc_state_report_workers = 1
agent_down_time = $DOWN_TIME
dhcp_agents_per_network = 1
# Port status changes reach nova as network-vif-plugged/-unplugged events, as on a real cloud.
notify_nova_on_port_status_changes = true
notify_nova_on_port_data_changes = true
[agent]
# The stand-in agents' heartbeat interval (read by bin/fake-agent).
report_interval = $REPORT_INTERVAL
[database]
connection = $DB/neutron
$(authtoken neutron)
[nova]
$(creds neutron)
endpoint_type = public
[oslo_concurrency]
lock_path = $DATA/neutron/lock
EOF
# The stand-in Open vSwitch agent of lxd1 reads neutron.conf, then this: the host it reports for, and the lab LXD
# whose containers are its "plugged" devices (lab/aio/fake_agent.py, OvsAgent).
printf '[DEFAULT]\nhost = %s\n[lab]\nlxd_socket = %s\n' "$LXD_HOST" "$LXD_SOCKET" >"$ETC/neutron/host-$LXD_HOST.conf"
cat >"$ETC/neutron/ml2_conf.ini" <<EOF
[ml2]
type_drivers = flat,vlan,vxlan
tenant_network_types = vxlan
mechanism_drivers = openvswitch
extension_drivers = port_security
[ml2_type_flat]
flat_networks = physnet1
[ml2_type_vlan]
network_vlan_ranges = physnet1
[ml2_type_vxlan]
vni_ranges = 1:1000
EOF

# --- Cinder: one backend, cinder's own fake driver (no LVM or iSCSI target can exist here: no device-mapper,
# no LIO). periodic_interval 10 (60 by default): how often cinder-volume sends its capabilities to the
# scheduler, which holds volume creates after a restart until it has heard from a backend.
cat >"$ETC/cinder/cinder.conf" <<EOF
[DEFAULT]
$SHUTDOWN
host = $HOST
my_ip = 127.0.0.1
osapi_volume_listen = 127.0.0.1
osapi_volume_listen_port = $PORT_CINDER
osapi_volume_workers = 1
auth_strategy = keystone
api_paste_config = $PKG/usr/share/cinder-common/api-paste.ini
state_path = $DATA/cinder
log_dir = $LOG
transport_url = $RABBIT
glance_api_servers = http://127.0.0.1:$PORT_GLANCE
enabled_backends = fake
report_interval = $REPORT_INTERVAL
service_down_time = $DOWN_TIME
periodic_interval = 10
[database]
connection = $DB/cinder
$(authtoken cinder)
[nova]
$(creds cinder)
interface = public
[oslo_concurrency]
lock_path = $DATA/cinder/lock
[fake]
volume_driver = cinder.tests.fake_driver.FakeLoggingVolumeDriver
volume_backend_name = fake
EOF

# Logs and configs hold the password: owner-only.
chmod -R go-rwx "$ETC"

# --- Console scripts from the packages' entry points, and the stand-in agent.
/usr/bin/python3 "$HERE/entry_points.py" "$BIN" >/dev/null
install -m 755 "$HERE/fake_agent.py" "$BIN/fake-agent"
