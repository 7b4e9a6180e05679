"""A compute host's LXD, read through pylxd exactly as nova-lxd reads it."""

from __future__ import annotations

from dataclasses import dataclass

import pylxd
from pylxd import exceptions as lxd_exceptions


@dataclass(frozen=True)
class HostStorage:
    """What the host's LXD says about its storage."""

    environment: str          # GET /1.0 environment.storage, e.g. "dir", "btrfs | dir"
    root_driver: str | None   # driver of the pool the default profile's root disk uses
    source: str               # how it was learned (socket, URL, or "stated in the expectations")


class LxdUnreachable(Exception):
    """The host's LXD could not be read; the message names the endpoint and the error."""


def read_storage(endpoint: str) -> HostStorage:
    """Ask the LXD at `endpoint` (a unix socket path or an https:// URL) for its storage."""
    try:
        client = pylxd.Client(endpoint=endpoint)
        environment = str(client.host_info["environment"].get("storage", ""))
        root = client.profiles.get("default").devices.get("root", {})
        pool = root.get("pool")
        root_driver = client.storage_pools.get(pool).driver if pool else None
    except (lxd_exceptions.ClientConnectionFailed, lxd_exceptions.LXDAPIException, OSError, KeyError) as exc:
        raise LxdUnreachable(f"LXD at {endpoint}: {type(exc).__name__}: {exc}") from None
    return HostStorage(environment=environment, root_driver=root_driver, source=f"LXD at {endpoint}")


def stated_storage(driver: str) -> HostStorage:
    """A host whose LXD the suite cannot reach: the operator stated its (single) driver."""
    return HostStorage(environment=driver, root_driver=driver, source="stated in the expectations file")
