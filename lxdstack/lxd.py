"""A compute host's LXD, read the way nova-lxd reads it, through the platform layer's one LXD reader.

The boot matrix (`host_storage`) and the platform checks reach every LXD the same way (lxdstack.platform): the
expectations say how (`embedded`, a socket, an https:// URL, `juju:<unit>`, `none`), and a running embedded cloud
says where its sockets are through its control API.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from keystoneauth1.session import Session

from lxdstack.expectations import HostExpectation, PlatformExpectation
from lxdstack.platform.lxd_api import DEFAULT_TIMEOUT, LxdApi, LxdNotFound, LxdUnreachable, open_lxd
from lxdstack.platform.snapshot import LxdSnapshot
from lxdstack.platform.storage import NOT_LXD, HostStorage, stated_storage, storage_of

__all__ = ["NOT_LXD", "HostStorage", "LxdUnreachable", "describe", "embedded_hosts", "host_storage", "lxd_api_of",
           "platform_api", "stated_storage"]


def embedded_hosts(session: Session, identity_url: str) -> dict[str, Any]:
    """What a running embedded cloud says about its LXD sockets (its control API, admin only): `hosts` (the
    compute hosts: name, zone, lxd_socket) and `platform` (the LXD host: name, lxd_socket)."""
    root = "{0.scheme}://{0.netloc}".format(urlsplit(identity_url))
    response = session.get(f"{root}/_lxdstack/hosts", raise_exc=False)
    if response.status_code != 200:
        raise LxdUnreachable(f"lxd: embedded, but the target answers {response.status_code} to GET "
                             f"{root}/_lxdstack/hosts: it is not an embedded cloud")
    return response.json()


def embedded_sockets(session: Session, identity_url: str) -> dict[str, str]:
    """Where a running embedded cloud serves each compute host's LXD."""
    return {host["name"]: host["lxd_socket"] for host in embedded_hosts(session, identity_url)["hosts"]}


def lxd_api_of(host: HostExpectation, session: Session, identity_url: str, juju_model: str | None = None,
               timeout: float = DEFAULT_TIMEOUT) -> LxdApi | None:
    """The LXD of a compute host, however the expectations say it is reached; None when it is out of reach."""
    if host.lxd == "none":
        return None

    def embedded() -> str:
        sockets = embedded_sockets(session, identity_url)
        if host.name not in sockets:
            raise LxdUnreachable(f"lxd: embedded, but the embedded cloud has no compute host {host.name}")
        return sockets[host.name]

    return open_lxd(host, embedded=embedded, juju_model=juju_model, timeout=timeout)


def platform_api(platform: PlatformExpectation, session: Session, identity_url: str, juju_model: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT) -> LxdApi:
    """The LXD of the host Juju deployed on, however the expectations say it is reached."""

    def embedded() -> str:
        return embedded_hosts(session, identity_url)["platform"]["lxd_socket"]

    return open_lxd(platform.host, embedded=embedded, juju_model=juju_model, timeout=timeout)


def host_storage(host: HostExpectation, session: Session, identity_url: str,
                 juju_model: str | None = None) -> HostStorage:
    """A host's storage, however the expectations say its LXD is reached (as stated where it is out of reach)."""
    api = lxd_api_of(host, session, identity_url, juju_model)
    if api is None:
        return stated_storage(host.storage) if host.storage else NOT_LXD
    return storage_of(LxdSnapshot(host.name, api))


def describe(api: LxdApi, instance: str | None = None) -> dict[str, Any]:
    """The LXD state a person triaging a failed boot wants: the server's environment, its storage pools, the
    default profile, and the instance's container (if LXD has one by that name)."""
    environment = api.query("/1.0").get("environment") or {}
    default = api.query("/1.0/profiles/default")
    state: dict[str, Any] = {
        "endpoint": api.where,
        "environment": {key: environment.get(key) for key in
                        ("server_version", "storage", "storage_version", "kernel_version", "server_name")},
        "storage_pools": {pool["name"]: pool["driver"] for pool in api.query("/1.0/storage-pools?recursion=1")},
        "default_profile": {"config": default.get("config"), "devices": default.get("devices")},
    }
    if instance:
        try:
            state["instance"] = {"name": instance, "status": api.query(f"/1.0/instances/{instance}")["status"]}
        except LxdNotFound:
            state["instance"] = {"name": instance, "status": "no such container"}
    return state
