#!/usr/bin/env bash
# Stop the Keystone that lab/keystone/up.sh started (found through its pid file only; nothing
# else is touched). No error if nothing runs. State (db, keys, password, venv) is kept for reuse;
# delete .lanes/keystone/ to start from scratch.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[ $# -eq 0 ] || { echo "usage: $0" >&2; exit 2; }
require_platform
[ -d "$STATE" ] || exit 0   # never brought up: nothing to stop, and no state folder to create
take_lock
stop_ours
