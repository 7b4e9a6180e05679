#!/usr/bin/env bash
# Install what the lab LXD needs from Debian 12, and only what is missing: LXD 5.0.2 (daemon and client), a static
# busybox for the locally built image, btrfs-progs for the btrfs pool, iptables (without it LXD cannot set up its
# bridge: "Failed clearing firewall ... exec: iptables: executable file not found") and dnsmasq-base (the bridge's
# DHCP; only a Recommends of lxd, and recommends are not installed: apparmor and lxd-agent would come along).
#
# On a machine whose init is systemd, the package starts the system's own LXD on /var/lib/lxd; the lab never
# uses or touches it. Warm runs ask nothing of apt.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_platform

PACKAGES=(lxd lxd-client busybox-static btrfs-progs iptables dnsmasq-base)

installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

mkdir -p "$LOG"
missing=()
for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
say "installing ${missing[*]} (log: $LOG/install.log)"
{ apt-get update -q \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
         -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"; } \
    >>"$LOG/install.log" 2>&1 \
    || { tail -n 20 "$LOG/install.log" >&2; die "apt-get install ${missing[*]} failed (log: $LOG/install.log)"; }
