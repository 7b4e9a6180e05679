"""A compute host's LXD storage: what nova-lxd reads (`environment.storage`) and the pool actually in use.

The boot matrix predicts nova-lxd's ephemeral-disk refusal from this (lxdstack.novalxd), and the platform checks
report it; both read it here, from the same documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxdstack.platform.snapshot import LxdSnapshot


@dataclass(frozen=True)
class HostStorage:
    """What the host's LXD says about its storage."""

    environment: str          # GET /1.0 environment.storage, e.g. "dir", "btrfs | dir"
    root_driver: str | None   # driver of the pool the default profile's root disk uses
    source: str               # how it was learned (socket, URL, or "stated in the expectations")


def root_disk(profile: dict[str, Any] | None) -> tuple[str, dict[str, Any]] | None:
    """The profile's root disk device (a disk mounted at `/`), by name, or None."""
    devices = (profile or {}).get("devices") or {}
    return next(((name, device) for name, device in devices.items()
                 if device.get("type") == "disk" and device.get("path") == "/"), None)


def storage_of(lxd: LxdSnapshot) -> HostStorage:
    """The storage of the LXD in `lxd`: `environment.storage`, and the driver of the default profile's root pool."""
    environment = str((lxd.server().get("environment") or {}).get("storage", ""))
    root = root_disk(lxd.profile("default"))
    pool_name = root[1].get("pool") if root else None
    pool = lxd.storage_pool(pool_name) if pool_name else None
    return HostStorage(environment=environment, root_driver=pool.get("driver") if pool else None, source=lxd.where)


def stated_storage(driver: str) -> HostStorage:
    """A host whose LXD the suite cannot reach: the operator stated its (single) driver."""
    return HostStorage(environment=driver, root_driver=driver, source="stated in the expectations file")


NOT_LXD = HostStorage(environment="not an LXD host", root_driver=None,
                      source="the expectations (its compute driver is not nova-lxd)")
