#!/usr/bin/env bash
# The first process in the lab daemon's own network and mount namespaces (up.sh runs it through
# `unshare --net --mount --fork`); it prepares the namespaces and then becomes lxd.
#
# Why the namespaces: in its own network namespace LXD reaches nothing but its own loopback (at start it tries to
# fetch an instance-types file from the internet) and its bridge and dnsmasq exist only there; its mounts (the btrfs
# pool, the containers' rootfs) stay out of the host's mount table. A fresh sysfs is needed because sysfs shows the
# network devices of the namespace that mounted it, and LXD reads /sys/class/net; the cgroup mounts under
# /sys/fs/cgroup are kept (moved onto the new sysfs), since LXD and liblxc need them.
#
#   ns_entry.sh LXD_LOGFILE PIDFILE ASIDE_DIR
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 LXD_LOGFILE PIDFILE ASIDE_DIR" >&2; exit 2; }
logfile="$1" pidfile="$2" aside="$3"
: "${LXD_DIR:?LXD_DIR must be set}"

# Nothing mounted here may propagate back to the host; the host's later mounts may still reach us.
mount --make-rslave /
mkdir -p "$aside"
mount --rbind /sys/fs/cgroup "$aside"
mount -t sysfs sysfs /sys
mount --move "$aside" /sys/fs/cgroup
ip link set lo up

echo "$$" >"$pidfile"   # exec keeps the pid: this is lxd's pid, the namespace leader
exec lxd --group root --logfile "$logfile"
