#!/usr/bin/env bash
# Install what the all-in-one runs: Debian 12's OpenStack Zed as LIBRARY packages (python3-*), and the
# infrastructure (MariaDB, RabbitMQ, memcached, uwsgi). Only the apt installs touch the system.
#
# The service packages (nova-api, neutron-server, ...) and the -common packages are not installed: they carry
# debconf questions and init scripts, and we start everything by hand. The python3-* packages ask nothing.
# The one thing we need from the -common packages, api-paste.ini, is unpacked from their debs into
# .lanes/aio/pkg with `apt-get download` + `dpkg-deb -x`.
#
# Warm runs: when every package is installed and the debs are unpacked, nothing is asked of apt.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_platform

# python3-pylxd (2.2.10): the lab LXD driver of compute host lxd1 runs in Nova's /usr/bin/python3.
PACKAGES=(python3-keystone python3-glance python3-placement python3-nova python3-neutron python3-cinder
          python3-pylxd mariadb-server rabbitmq-server memcached uwsgi-core uwsgi-plugin-python3 curl)
# Their api-paste.ini files (placement and keystone are plain WSGI apps and need none).
COMMON_DEBS=(glance-common nova-common neutron-common cinder-common)

installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

mkdir -p "$LOG"
missing=()
for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (log: $LOG/install.log)"
    # policy-rc.d (exit 101 on this machine) keeps package scripts from starting mariadb/rabbitmq/memcached;
    # if a machine lacks it they would start system-wide instances on the usual ports, which we never use.
    { apt-get update \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
             -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"; } \
        >>"$LOG/install.log" 2>&1 \
        || { tail -n 20 "$LOG/install.log" >&2; die "apt-get install failed (log: $LOG/install.log)"; }
fi

# The -common debs: unpacked again only when their version changes (the stamp holds the versions).
want="$(for d in "${COMMON_DEBS[@]}"; do apt-cache policy "$d" | sed -n "s/^  Candidate: /$d=/p"; done)"
if [ "$(cat "$PKG/.stamp" 2>/dev/null)" != "$want" ]; then
    say "unpacking api-paste.ini from ${COMMON_DEBS[*]}"
    rm -rf "$PKG" && mkdir -p "$PKG/debs"
    # apt-get download writes to the cwd; as root it warns that the _apt sandbox cannot write there: harmless.
    (cd "$PKG/debs" && apt-get download "${COMMON_DEBS[@]}") >>"$LOG/install.log" 2>&1 \
        || { tail -n 20 "$LOG/install.log" >&2; die "apt-get download of the -common debs failed"; }
    for deb in "$PKG"/debs/*.deb; do dpkg-deb -x "$deb" "$PKG"; done
    echo "$want" >"$PKG/.stamp"
fi
