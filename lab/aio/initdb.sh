#!/usr/bin/env bash
# The all-in-one's data, made on the first run and brought up to date after a package upgrade: databases and
# their user, every schema (db syncs, in parallel), Keystone's keys and bootstrap (admin, RegionOne, identity
# endpoints), nova's cells. Needs MariaDB running (up.sh starts it first). A stamp holding the packages'
# versions makes warm runs skip all of it.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_platform

STAMP="$DATA/initdb.stamp"
WANT="$(dpkg-query -W -f='${Package}=${Version}\n' python3-keystone python3-glance python3-placement python3-nova \
        python3-neutron python3-cinder)"
[ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ] || exit 0

PW="$(cat "$STATE/password")"
DBS="keystone glance placement nova_api nova nova_cell0 neutron cinder"
say "creating databases and schemas (logs: $LOG/initdb-*.log)"

# Databases and one user for all of them, on loopback. `mariadb` as root over the socket (unix_socket auth).
{
    echo "CREATE USER IF NOT EXISTS 'openstack'@'127.0.0.1' IDENTIFIED BY '$PW';"
    echo "ALTER USER 'openstack'@'127.0.0.1' IDENTIFIED BY '$PW';"
    for db in $DBS; do
        echo "CREATE DATABASE IF NOT EXISTS $db CHARACTER SET utf8;"
        echo "GRANT ALL PRIVILEGES ON $db.* TO 'openstack'@'127.0.0.1';"
    done
} | mariadb --defaults-file="$ETC/my.cnf" -uroot || die "could not create the databases"

# run LOGNAME CMD...: one step, its output in log/initdb-LOGNAME.log; the caller checks the status.
run() { local name="$1"; shift; "$@" >>"$LOG/initdb-$name.log" 2>&1; }

KM=(keystone-manage --config-file "$ETC/keystone/keystone.conf")
NM=(nova-manage --config-file "$ETC/nova/nova.conf")
nova_schemas() {
    run nova "${NM[@]}" api_db sync || return 1
    run nova "${NM[@]}" cell_v2 map_cell0 || return 1
    "${NM[@]}" cell_v2 list_cells 2>/dev/null | grep -q ' cell1 ' \
        || run nova "${NM[@]}" cell_v2 create_cell --name cell1 || return 1
    run nova "${NM[@]}" db sync
}

# The schemas are independent: sync them side by side (nova's alone takes ~15 s), then check each status.
pids=()
names=(keystone glance placement nova neutron cinder)
{ run keystone "${KM[@]}" db_sync; } & pids+=($!)
{ run glance glance-manage --config-file "$ETC/glance/glance-api.conf" db_sync; } & pids+=($!)
{ run placement placement-manage --config-file "$ETC/placement/placement.conf" db sync; } & pids+=($!)
{ nova_schemas; } & pids+=($!)
{ run neutron neutron-db-manage --config-file "$ETC/neutron/neutron.conf" \
      --config-file "$ETC/neutron/ml2_conf.ini" upgrade heads; } & pids+=($!)
{ run cinder cinder-manage --config-file "$ETC/cinder/cinder.conf" db sync; } & pids+=($!)
failed=""
for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed="$failed ${names[$i]}"; done
[ -z "$failed" ] || die "schema sync failed for:$failed (logs: $LOG/initdb-<name>.log)"

# Keystone's key repositories (setup refuses to overwrite keys, so only when empty), owned by root who runs it.
mkdir -p "$DATA/keystone"
OWNER=(--keystone-user root --keystone-group root)
[ -n "$(ls -A "$DATA/keystone/fernet-keys" 2>/dev/null)" ] || run keystone "${KM[@]}" fernet_setup "${OWNER[@]}"
[ -n "$(ls -A "$DATA/keystone/credential-keys" 2>/dev/null)" ] \
    || run keystone "${KM[@]}" credential_setup "${OWNER[@]}"
# The password goes through the environment, not argv, so `ps` does not show it.
OS_BOOTSTRAP_PASSWORD="$PW" run keystone "${KM[@]}" bootstrap \
    --bootstrap-username admin --bootstrap-project-name admin --bootstrap-role-name admin \
    --bootstrap-region-id "$REGION" --bootstrap-admin-url "$AUTH_URL" --bootstrap-internal-url "$AUTH_URL" \
    --bootstrap-public-url "$AUTH_URL" || die "keystone-manage bootstrap failed (log: $LOG/initdb-keystone.log)"

echo "$WANT" >"$STAMP"
