#!/usr/bin/env bash
# `make aio-stop`: stop what lab/aio/up.sh started, and only that: the process groups recorded in
# .lanes/aio/run/*.pid whose processes carry our marker (AIO_STATE). Services first, infrastructure last; then the
# lab LXD if up.sh started it (lab/lxd/down.sh, which also removes its state and containers).
# No error if nothing runs. Data, configs and packages stay for the next `make aio`; delete .lanes/aio/ to
# start from scratch.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source-path=SCRIPTDIR source=lxd1.sh
source "$HERE/lxd1.sh"

[ $# -eq 0 ] || { echo "usage: $0" >&2; exit 2; }
[ -d "$RUN" ] || exit 0   # never started: nothing to stop
take_lock 900
stop_all
stop_lab_lxd
say "stopped"
