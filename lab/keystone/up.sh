#!/usr/bin/env bash
# Bring up a REAL Keystone (PyPI, pinned in pyproject.toml [dependency-groups] keystone-lane) on
# 127.0.0.1 with SQLite and fernet tokens, and write a `keystone` entry into a clouds.yaml.
#
#   lab/keystone/up.sh [--port N] [--clouds-yaml PATH]
#
# Port: --port, else $KEYSTONE_PORT, else 25357. clouds.yaml: default .lanes/keystone/clouds.yaml.
# Everything else lives in <project root>/.lanes/keystone/. Safe to re-run: restarts our server.
# Prints `auth_url=...` and `clouds_yaml=...` on stdout; progress goes to stderr.
# Exit codes: 0 ready, 1 failed, 2 bad usage, 3 this machine cannot run the lane.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() { echo "usage: $0 [--port N] [--clouds-yaml PATH]" >&2; exit 2; }

# 25357: clear of Keystone's usual 5000/35357 and of anything else the project starts.
PORT="${KEYSTONE_PORT:-25357}"
CLOUDS=""
while [ $# -gt 0 ]; do
    case "$1" in
        --port) [ $# -ge 2 ] || usage; PORT="$2"; shift 2 ;;
        --port=*) PORT="${1#*=}"; shift ;;
        --clouds-yaml) [ $# -ge 2 ] || usage; CLOUDS="$2"; shift 2 ;;
        --clouds-yaml=*) CLOUDS="${1#*=}"; shift ;;
        -h|--help) usage ;;
        *) echo "$LANE: unknown argument: $1" >&2; usage ;;
    esac
done
if ! [[ "$PORT" =~ ^[0-9]{1,5}$ ]] || [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then
    echo "$LANE: error: port must be a number 1-65535, got '$PORT'" >&2; exit 2
fi
PORT=$((10#$PORT))   # "08" -> 8: one spelling per port, or the URL and the bootstrap stamp disagree

require_platform
take_lock

# The clouds.yaml path is taken relative to the caller's cwd, then made absolute for the report.
CLOUDS="${CLOUDS:-$STATE/clouds.yaml}"
CLOUDS_DIR="$(cd "$(dirname "$CLOUDS")" 2>/dev/null && pwd -P)" \
    || die "folder of --clouds-yaml does not exist: $(dirname "$CLOUDS")"
CLOUDS="$CLOUDS_DIR/$(basename "$CLOUDS")"

AUTH_URL="http://127.0.0.1:$PORT/v3"
ETC="$STATE/etc"
CONF="$ETC/keystone.conf"
LOG="$STATE/keystone.log"
PWFILE="$STATE/admin-password"

# --- 1. Our own server from an earlier run goes first (idempotence), then the port must be free.
stop_ours
python3 "$HERE/lane.py" port-free "$PORT" \
    || die "port $PORT on 127.0.0.1 is in use by another program; pick another with --port N or KEYSTONE_PORT=N"

# --- 2. Venv with exactly the pinned versions. The stamp holds a hash of the pins (and of the
# python), so a warm re-run skips pip entirely; a changed pin reinstalls.
PINS="$(awk '/^\[/{sect=$0} sect=="[dependency-groups]" && /^keystone-lane *=/{on=1}
             on{print} on && /\]/{exit}' "$ROOT/pyproject.toml")"
[ -n "$PINS" ] || die "no [dependency-groups] keystone-lane in $ROOT/pyproject.toml"
WANT="$(printf '%s\n%s\n' "$PINS" "$(python3 -VV)" | sha256sum | cut -d' ' -f1)"
STAMP="$VENV/.keystone-lane.stamp"
INSTALLED=0
# A venv whose python no longer runs (python3 moved or upgraded) is rebuilt from scratch.
if [ -e "$VENV" ] && ! "$VENV/bin/python" -c '' 2>/dev/null; then
    say "lane venv is broken; recreating it"
    rm -rf "$VENV"
fi
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ] || [ ! -x "$VENV/bin/gunicorn" ]; then
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV" || cannot_run "python3 -m venv $VENV failed (Debian: apt-get install python3-venv)"
    say "installing Keystone into $VENV (log: $STATE/install.log)"
    # `pip install --group` needs pip >= 25.1; the venv's bundled pip is usually older.
    if ! { "$VENV/bin/python" -m pip install --upgrade 'pip>=25.1' \
           && "$VENV/bin/python" -m pip install --group "$ROOT/pyproject.toml:keystone-lane"; } \
           >"$STATE/install.log" 2>&1; then
        tail -n 15 "$STATE/install.log" >&2
        # Most often PyPI is out of reach: the lane cannot run here (a test then skips, or fails under
        # REQUIRE_LANES=1, as in CI).
        cannot_run "pip install of the keystone-lane group failed (full log: $STATE/install.log)"
    fi
    echo "$WANT" >"$STAMP"
    INSTALLED=1
fi

# --- 3. Config, rewritten every run (cheap, and keeps paths right if the checkout moved).
mkdir -p "$ETC"
cat >"$CONF" <<EOF
# Written by lab/keystone/up.sh on every run; edits are lost.
[DEFAULT]
log_file = $LOG
use_stderr = false

[database]
connection = sqlite:///$STATE/keystone.db

[token]
provider = fernet

[fernet_tokens]
key_repository = $STATE/fernet-keys

[fernet_receipts]
# Receipts (multi-factor auth) are unused here; point them into the state folder, not /etc.
key_repository = $STATE/fernet-receipts

[credential]
key_repository = $STATE/credential-keys
EOF
KM=("$VENV/bin/keystone-manage" --config-file "$CONF")

# --- 4. Admin password: random, made once, owner-only.
if [ ! -s "$PWFILE" ]; then
    (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(24))' >"$PWFILE.tmp")
    mv "$PWFILE.tmp" "$PWFILE"
fi
chmod 600 "$PWFILE"

# --- 5. Database and keys, built once. bootstrap.stamp is written only after a complete build, so
# a half-built db (interrupted run) is thrown away. bootstrap is re-run when the port or the
# password changed: it updates existing endpoint URLs and the admin password in place.
manage() { "${KM[@]}" "$@" >>"$STATE/manage.log" 2>&1 || { tail -n 15 "$STATE/manage.log" >&2; die "keystone-manage $1 failed (log: $STATE/manage.log)"; }; }
BOOT_WANT="port=$PORT password_sha=$(sha256sum <"$PWFILE" | cut -d' ' -f1)"
BOOT_STAMP="$STATE/bootstrap.stamp"
if [ ! -f "$BOOT_STAMP" ]; then
    say "creating the Keystone database"
    rm -f "$STATE/keystone.db"
    manage db_sync
elif [ "$INSTALLED" = 1 ]; then
    manage db_sync   # a new Keystone version may bring migrations for the existing db
fi
# Key repositories: setup refuses to overwrite existing keys, so only run it when none exist.
# The owner must be whoever runs the server: root in CI, the developer elsewhere.
OWNER=(--keystone-user "$(id -un)" --keystone-group "$(id -gn)")
[ -n "$(ls -A "$STATE/fernet-keys" 2>/dev/null)" ] || manage fernet_setup "${OWNER[@]}"
[ -n "$(ls -A "$STATE/credential-keys" 2>/dev/null)" ] || manage credential_setup "${OWNER[@]}"
if [ "$(cat "$BOOT_STAMP" 2>/dev/null)" != "$BOOT_WANT" ]; then
    say "bootstrapping admin and endpoints at $AUTH_URL"
    # The password goes through the environment, not argv, so `ps` does not show it.
    OS_BOOTSTRAP_PASSWORD="$(cat "$PWFILE")" manage bootstrap \
        --bootstrap-username admin --bootstrap-project-name admin --bootstrap-role-name admin \
        --bootstrap-region-id RegionOne \
        --bootstrap-admin-url "$AUTH_URL" --bootstrap-internal-url "$AUTH_URL" \
        --bootstrap-public-url "$AUTH_URL"
    echo "$BOOT_WANT" >"$BOOT_STAMP"
fi

# --- 6. Serve: gunicorn from the lane venv, loopback only, 2 sync workers, daemonised.
# `9>&-`: the daemon must not inherit the lock's file descriptor, or it would hold the lock for
# its whole life and the next up.sh/down.sh would wait on it forever.
rm -f "$PIDFILE"
OS_KEYSTONE_CONFIG_DIR="$ETC" "$VENV/bin/gunicorn" 9>&- \
    --bind "127.0.0.1:$PORT" --workers 2 --worker-class sync \
    --daemon --pid "$PIDFILE" --chdir "$HERE" --pythonpath "$HERE" \
    --error-logfile "$STATE/gunicorn.log" --capture-output \
    --access-logfile "$STATE/access.log" \
    keystone_app:application \
    || die "gunicorn failed to start (log: $STATE/gunicorn.log)"

# The daemonised master writes its pid file a moment after the launcher returns.
deadline=$((SECONDS + 10))
while [ -z "$(our_pid)" ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
PID="$(our_pid)"
if [ -z "$PID" ]; then
    tail -n 20 "$STATE/gunicorn.log" >&2 2>/dev/null || true
    die "gunicorn did not come up (no live pid in $PIDFILE after 10 s; log: $STATE/gunicorn.log)"
fi

# --- 7. Ready = admin really gets a token (deadline 60 s). On failure show the logs and clean up.
if ! "$VENV/bin/python" "$HERE/lane.py" wait-ready "$AUTH_URL" "$PWFILE" "$PID" 60; then
    for f in "$LOG" "$STATE/gunicorn.log"; do
        [ -f "$f" ] && { echo "--- last lines of $f" >&2; tail -n 25 "$f" >&2; }
    done
    stop_ours
    die "Keystone did not become ready on $AUTH_URL"
fi

# --- 8. clouds.yaml: merge our entry, keep the others.
"$VENV/bin/python" "$HERE/lane.py" merge-clouds "$CLOUDS" "$AUTH_URL" "$PWFILE" \
    || die "could not write $CLOUDS"

say "Keystone ready (pid $PID); stop it with lab/keystone/down.sh"
echo "auth_url=$AUTH_URL"
echo "clouds_yaml=$CLOUDS"
