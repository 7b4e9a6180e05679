"""A compute host's LXD, read through pylxd exactly as nova-lxd reads it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pylxd
from keystoneauth1.session import Session
from pylxd import exceptions as lxd_exceptions

from lxdstack.expectations import HostExpectation
from lxdstack.steps import step


@dataclass(frozen=True)
class HostStorage:
    """What the host's LXD says about its storage."""

    environment: str          # GET /1.0 environment.storage, e.g. "dir", "btrfs | dir"
    root_driver: str | None   # driver of the pool the default profile's root disk uses
    source: str               # how it was learned (socket, URL, or "stated in the expectations")


class LxdUnreachable(Exception):
    """The host's LXD could not be read; the message names the endpoint and the error."""


@step("Read the storage of the LXD at {endpoint}")
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


def embedded_sockets(session: Session, identity_url: str) -> dict[str, str]:
    """Where a running embedded cloud serves each compute host's LXD (its control API, admin only)."""
    root = "{0.scheme}://{0.netloc}".format(urlsplit(identity_url))
    return {host["name"]: host["lxd_socket"] for host in session.get(f"{root}/_lxdstack/hosts").json()["hosts"]}


def endpoint_of(host: HostExpectation, session: Session, identity_url: str) -> str | None:
    """Where the host's LXD API is reached, however the expectations say; None when the suite cannot reach it."""
    if host.lxd == "none":
        return None
    if host.lxd == "embedded":
        return embedded_sockets(session, identity_url)[host.name]
    return host.lxd


NOT_LXD = HostStorage(environment="not an LXD host", root_driver=None,
                      source="the expectations (its compute driver is not nova-lxd)")


def host_storage(host: HostExpectation, session: Session, identity_url: str) -> HostStorage:
    """A host's storage, however the expectations say its LXD is reached."""
    endpoint = endpoint_of(host, session, identity_url)
    if endpoint is None:
        return stated_storage(host.storage) if host.storage else NOT_LXD
    return read_storage(endpoint)


def describe(endpoint: str, instance: str | None = None) -> dict[str, Any]:
    """The LXD state a person triaging a failed boot wants: the server's environment, its storage pools, the
    default profile, and the instance's container (if LXD has one by that name)."""
    try:
        client = pylxd.Client(endpoint=endpoint)
        environment = client.host_info["environment"]
        state: dict[str, Any] = {
            "endpoint": endpoint,
            "environment": {key: environment.get(key) for key in
                            ("server_version", "storage", "storage_version", "kernel_version", "server_name")},
            "storage_pools": {pool.name: pool.driver for pool in client.storage_pools.all()},
            "default_profile": {"config": client.profiles.get("default").config,
                                "devices": client.profiles.get("default").devices},
        }
        if instance:
            exists = client.containers.exists(instance)
            state["instance"] = {"name": instance, "status": client.containers.get(instance).status} if exists \
                else {"name": instance, "status": "no such container"}
    except (lxd_exceptions.ClientConnectionFailed, lxd_exceptions.LXDAPIException, OSError, KeyError) as exc:
        raise LxdUnreachable(f"LXD at {endpoint}: {type(exc).__name__}: {exc}") from None
    return state
