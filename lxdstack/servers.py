"""Servers through openstacksdk: boot (optionally on a forced host), look up, delete and wait until gone."""

from __future__ import annotations

from openstack.compute.v2.server import Server
from openstack.connection import Connection

from lxdstack.resources import delete_until_gone, fetch_or_none, wait_for_status
from lxdstack.steps import step
from lxdstack.timeouts import Timeouts


def get_server(conn: Connection, server_id: str) -> Server | None:
    """The server as the cloud shows it now, or None once it is gone."""
    return fetch_or_none(conn.compute.get_server, server_id)


@step("Boot server {name}")
def boot(conn: Connection, name: str, image_id: str, flavor_id: str, *, key_name: str | None = None,
         zone: str | None = None, forced_host: str | None = None, networks: str | list[dict] = "none") -> Server:
    """Ask for a server; with `forced_host` (admin only) Nova places it there and never reschedules, so a
    failing driver's own reason becomes the server's fault."""
    if forced_host:
        zone = f"{zone or 'nova'}:{forced_host}"
    kwargs = {"availability_zone": zone} if zone else {}
    if key_name:
        kwargs["key_name"] = key_name
    # Nova >= 2.37 needs the choice said explicitly: "none" unless a test asks for ports or networks
    # ([{"port": id}] or [{"uuid": network_id}]), so that compute checks never depend on Neutron.
    return conn.compute.create_server(name=name, image_id=image_id, flavor_id=flavor_id, networks=networks, **kwargs)


@step("Wait for server {name} to become ACTIVE")
def wait_active(conn: Connection, server_id: str, name: str, timeouts: Timeouts) -> Server:
    """The server once ACTIVE; `ResourceFailed` with Nova's fault on ERROR; `CloudTimeout` at the deadline."""
    return wait_for_status(lambda: get_server(conn, server_id), f"server {name}", "ACTIVE",
                           timeout=timeouts.server_boot, interval=timeouts.poll_interval,
                           max_interval=timeouts.poll_interval_max)


@step("Delete server {name} and wait until it is gone")
def delete_and_wait(conn: Connection, server_id: str, name: str, timeouts: Timeouts) -> None:
    """Delete (idempotent: an absent server is fine) and wait until the cloud no longer shows it."""
    delete_until_gone(lambda: conn.compute.delete_server(server_id, ignore_missing=True),
                      lambda: get_server(conn, server_id), f"server {name}", timeouts.server_delete, timeouts)
