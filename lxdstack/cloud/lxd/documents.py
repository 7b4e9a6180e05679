"""What an LXD 5.0.2 answers about itself: server info, storage pools, and a compute host's default profile.

Built from the scenario only, so the documents say exactly what the scenario declares: the suite must find the
storage driver from them as nova-lxd would on a real host (`GET /1.0` `environment.storage`), or the pool
actually in use (the default profile's root disk). Paths and versions are those of Debian's `lxd` 5.0.2
package, the LXD measured in `real-components.md`.
"""

from __future__ import annotations

import os
from typing import Any

from lxdstack.cloud.scenario import Host

LXD_VERSION = "5.0.2"
LXD_DIR = "/var/lib/lxd"

# What `storage_supported_drivers` reports per driver (Debian 12's btrfs-progs, lvm2, zfs).
DRIVER_VERSIONS = {
    "dir": "1",
    "btrfs": "6.2",
    "lvm": "2.03.16(2) (2022-05-18) / 1.02.185 (2022-05-18) / 4.47.0",
    "zfs": "2.1.11-1",
}

# LXD 5.0's api_extensions, abridged: in LXD's order, ending at `instances`, plus the later ones pylxd asks about.
# `storage` gates pylxd's storage-pool API; `id_map` is what nova-lxd checks before isolated containers.
API_EXTENSIONS = [
    "storage_zfs_remove_snapshots", "container_host_shutdown_timeout", "container_stop_priority",
    "container_syscall_filtering", "auth_pki", "container_last_used_at", "etag", "patch", "usb_devices",
    "https_allowed_credentials", "image_compression_algorithm", "directory_manipulation", "container_cpu_time",
    "storage_zfs_use_refquota", "storage_lvm_mount_options", "network", "profile_usedby", "container_push",
    "container_exec_recording", "certificate_update", "container_exec_signal_handling", "gpu_devices",
    "container_image_properties", "migration_progress", "id_map", "network_firewall_filtering", "network_routes",
    "storage", "file_delete", "file_append", "network_dhcp_expiry", "storage_lvm_vg_rename",
    "storage_lvm_thinpool_rename", "network_vlan", "image_create_aliases", "container_stateless_copy",
    "container_only_migration", "storage_zfs_clone_copy", "unix_device_rename", "storage_lvm_use_thinpool",
    "storage_rsync_bwlimit", "network_vxlan_interface", "storage_btrfs_mount_options", "entity_description",
    "image_force_refresh", "storage_lvm_lv_resizing", "id_map_base", "file_symlinks", "container_push_target",
    "network_vlan_physical", "storage_images_delete", "container_edit_metadata",
    "container_snapshot_stateful_migration", "storage_driver_ceph", "storage_ceph_user_name", "resource_limits",
    "storage_volatile_initial_source", "storage_ceph_force_osd_reuse", "storage_block_filesystem_btrfs",
    "resources", "kernel_limits", "storage_api_volume_rename", "macaroon_authentication", "network_sriov",
    "console", "restrict_devlxd", "migration_pre_copy", "infiniband", "maas_network", "devlxd_events", "proxy",
    "network_dhcp_gateway", "file_get_symlink", "network_leases", "unix_device_hotplug",
    "storage_api_local_volume_handling", "operation_description", "clustering", "event_lifecycle",
    "storage_api_remote_volume_handling", "nvidia_runtime", "container_mount_propagation", "container_backup",
    "devlxd_images", "container_local_cross_pool_handling", "proxy_unix", "proxy_udp", "clustering_join",
    "proxy_tcp_udp_multi_port_handling", "network_state", "proxy_unix_dac_properties",
    "container_protection_delete", "unix_priv_drop", "pprof_http", "proxy_haproxy_protocol", "network_hwaddr",
    "proxy_nat", "network_nat_order", "container_full", "candid_authentication", "backup_compression",
    "candid_config", "nvidia_runtime_config", "storage_api_volume_snapshots", "storage_unmapped", "projects",
    "candid_config_key", "network_vxlan_ttl", "container_incremental_copy", "usb_optional_vendorid",
    "snapshot_scheduling", "snapshot_schedule_aliases", "container_copy_project", "clustering_server_address",
    "clustering_image_replication", "container_protection_shift", "snapshot_expiry",
    "container_backup_override_pool", "snapshot_expiry_creation", "network_leases_location",
    "resources_cpu_socket", "resources_gpu", "resources_numa", "kernel_features", "id_map_current",
    "event_location", "storage_api_remote_volume_snapshots", "network_nat_address", "container_nic_routes",
    "rbac", "cluster_internal_copy", "seccomp_notify", "lxc_features", "container_nic_ipvlan",
    "network_vlan_sriov", "storage_cephfs", "container_nic_ipfilter", "resources_v2",
    "container_exec_user_group_cwd", "container_syscall_intercept", "container_disk_shift", "storage_shifted",
    "resources_infiniband", "daemon_storage", "instances", "storage_and_network_operations",
    "storage_volumes_created_at",
]


def server(name: str, pool_drivers: list[str]) -> dict[str, Any]:
    """`GET /1.0` of the LXD on host `name` as the trusted local user sees it (over the unix socket)."""
    drivers = list(dict.fromkeys(pool_drivers))
    return {
        "config": {},
        "api_extensions": API_EXTENSIONS,
        "api_status": "stable",
        "api_version": "1.0",
        "auth": "trusted",
        "public": False,
        "auth_methods": ["tls"],
        "environment": {
            "addresses": [],
            "architectures": ["x86_64", "i686"],
            "driver": "lxc",
            "driver_version": LXD_VERSION,
            "firewall": "nftables",
            "kernel": "Linux",
            "kernel_architecture": "x86_64",
            "kernel_version": "6.1.0",
            "os_name": "Debian GNU/Linux",
            "os_version": "12",
            "project": "default",
            "server": "lxd",
            "server_clustered": False,
            "server_name": name,
            "server_pid": os.getpid(),
            "server_version": LXD_VERSION,
            # one entry per driver, joined by " | " (LXD 5), not per pool: see Host.environment_storage
            "storage": " | ".join(drivers),
            "storage_version": " | ".join(DRIVER_VERSIONS[driver] for driver in drivers),
            "storage_supported_drivers": [{"Name": name, "Version": version, "Remote": False}
                                          for name, version in DRIVER_VERSIONS.items()],
        },
    }


def pool_config(name: str, driver: str) -> dict[str, str]:
    """The config LXD gives a pool it created itself (`dir` in its own directory, the others on a loop file)."""
    if driver == "dir":
        return {"source": f"{LXD_DIR}/storage-pools/{name}"}
    config = {"size": "30GiB", "source": f"{LXD_DIR}/disks/{name}.img"}
    if driver == "zfs":
        config["zfs.pool_name"] = name
    if driver == "lvm":
        config.update({"lvm.thinpool_name": "LXDThinPool", "lvm.vg_name": name})
    return config


def storage_pool(name: str, driver: str, used_by: list[str]) -> dict[str, Any]:
    return {"name": name, "driver": driver, "description": "", "status": "Created",
            "locations": ["none"], "config": pool_config(name, driver), "used_by": used_by}


def default_profile(host: Host) -> dict[str, Any]:
    """The default profile `lxd init` leaves: root disk on the host's root pool, eth0 on lxdbr0."""
    return {
        "name": "default",
        "description": "Default LXD profile",
        "config": {},
        "devices": {
            "eth0": {"name": "eth0", "network": "lxdbr0", "type": "nic"},
            "root": {"path": "/", "pool": host.root().name, "type": "disk"},
        },
        "used_by": [],
    }


STATUS_CODES = {"Running": 103, "Stopped": 102, "Frozen": 110, "Error": 112}


def instance(name: str, *, config: dict[str, str], devices: dict[str, dict[str, str]],
             profile: dict[str, Any], status: str, created_at: str, last_used_at: str) -> dict[str, Any]:
    """`GET /1.0/instances/NAME` of a container on the `default` profile, as LXD 5.0.2 answers it."""
    return {"architecture": "x86_64", "config": config, "devices": devices, "ephemeral": False,
            "profiles": [profile["name"]], "stateful": False, "description": "", "created_at": created_at,
            "expanded_config": {**profile["config"], **config},
            "expanded_devices": {**profile["devices"], **devices}, "name": name, "status": status,
            "status_code": STATUS_CODES[status], "last_used_at": last_used_at, "location": "none",
            "type": "container", "project": "default"}


def volume(name: str, kind: str, config: dict[str, str], used_by: list[str], created_at: str) -> dict[str, Any]:
    """`GET /1.0/storage-pools/POOL/volumes/KIND/NAME` as LXD 5.0.2 answers it (`container` or `custom`)."""
    return {"config": config, "description": "", "name": name, "type": kind, "used_by": used_by,
            "location": "none", "content_type": "filesystem", "project": "default", "created_at": created_at}


_COUNTERS = {"bytes_received": 0, "bytes_sent": 0, "packets_received": 0, "packets_sent": 0, "errors_received": 0,
             "errors_sent": 0, "packets_dropped_outbound": 0, "packets_dropped_inbound": 0}


def instance_state(nics: dict[str, tuple[str, tuple[tuple[str, int], ...]]]) -> dict[str, Any]:
    """`GET /1.0/instances/NAME/state` of a Running container: `nics` maps each NIC to (MAC, IPv4 addresses)."""
    network = {"lo": {"addresses": [{"family": "inet", "address": "127.0.0.1", "netmask": "8", "scope": "local"}],
                      "counters": dict(_COUNTERS), "hwaddr": "", "host_name": "", "mtu": 65536, "state": "up",
                      "type": "loopback"}}
    for n, (name, (mac, ipv4)) in enumerate(nics.items()):
        network[name] = {"addresses": [{"family": "inet", "address": address, "netmask": str(prefix),
                                        "scope": "global"} for address, prefix in ipv4],
                         "counters": dict(_COUNTERS), "hwaddr": mac, "host_name": f"veth{n:08x}", "mtu": 1500,
                         "state": "up", "type": "broadcast"}
    return {"status": "Running", "status_code": STATUS_CODES["Running"], "disk": {},
            "memory": {"usage": 0, "usage_peak": 0, "swap_usage": 0, "swap_usage_peak": 0}, "network": network,
            "pid": 0, "processes": 0, "cpu": {"usage": 0}}
