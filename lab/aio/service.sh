#!/usr/bin/env bash
# Stop or start ONE service of the running all-in-one, for the lane's fault tests (a cinder-volume or
# nova-compute that stopped reporting, then came back):
#
#   lab/aio/service.sh stop|start NAME      e.g. lab/aio/service.sh stop cinder-volume
#
# NAME is one of the OpenStack services or stand-in agents that lab/aio/up.sh starts (not the infrastructure).
# `stop` ends only that recorded process group; `start` starts it again exactly as up.sh does.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source-path=SCRIPTDIR source=services.sh
source "$HERE/services.sh"

usage() { echo "usage: $0 stop|start NAME (one of: ${SERVICES[*]:6})" >&2; exit 2; }
[ $# -eq 2 ] || usage
[[ " ${SERVICES[*]:6} " == *" $2 "* ]] || usage
[ -d "$RUN" ] || die "the all-in-one was never started here: run make aio"
take_lock 900
case "$1" in
    stop) stop_group "$2"; say "$2 stopped" ;;
    start)
        [ -z "$(members_of "$2")" ] || die "$2 is already running"
        start_one "$2"; say "$2 started" ;;
    *) usage ;;
esac
