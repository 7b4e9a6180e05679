"""Cinder volumes through openstacksdk: create, wait, attach to a server through Nova, detach, delete.

When a volume goes to `error`, Cinder keeps the reason not on the volume but in its user messages API
(`/messages`, microversion 3.3 and later); the waiter fetches it so the failure names what Cinder said.
"""

from __future__ import annotations

from openstack.block_storage.v3.volume import Volume
from openstack.connection import Connection

from lxdstack.resources import delete_until_gone, fetch_or_none, wait_for_status
from lxdstack.steps import step
from lxdstack.timeouts import Timeouts
from lxdstack.waiters import wait_until

MESSAGES_MICROVERSION = "3.3"
BUSY = ("creating", "attaching", "detaching", "in-use", "reserved", "downloading")
FAILURES = ("ERROR", "ERROR_DELETING", "ERROR_ATTACHING", "ERROR_DETACHING")


def get_volume(conn: Connection, volume_id: str) -> Volume | None:
    return fetch_or_none(conn.block_storage.get_volume, volume_id)


def user_messages(conn: Connection, volume_id: str) -> list[str]:
    """What Cinder told users about this volume (newest last); empty where the cloud has no messages API."""
    response = conn.block_storage.get("/messages", microversion=MESSAGES_MICROVERSION)
    if response.status_code != 200:
        return []
    messages = [m for m in response.json().get("messages", []) if m.get("resource_uuid") == volume_id]
    return [f"{m.get('event_id', '?')}: {m.get('user_message', '')}"
            for m in sorted(messages, key=lambda m: m.get("created_at", ""))]


def _explain(conn: Connection):
    def explain(volume: Volume) -> str:
        found = user_messages(conn, volume.id)
        return "; ".join(found) if found else "Cinder keeps no user message for it"
    return explain


@step("Create volume {name} of {size} GB")
def create(conn: Connection, name: str, size: int) -> Volume:
    return conn.block_storage.create_volume(name=name, size=size)


@step("Wait for volume {name} to become {status}")
def wait_volume(conn: Connection, volume_id: str, name: str, status: str, timeouts: Timeouts) -> Volume:
    return wait_for_status(lambda: get_volume(conn, volume_id), f"volume {name}", status,
                           timeout=timeouts.volume_ready, failures=FAILURES, interval=timeouts.poll_interval,
                           max_interval=timeouts.poll_interval_max, explain=_explain(conn))


@step("Attach volume {volume_name} to server {server_name}")
def attach(conn: Connection, server_id: str, server_name: str, volume_id: str, volume_name: str):
    return conn.compute.create_volume_attachment(server_id, volume_id=volume_id)


@step("Detach volume {volume_name} from server {server_name}")
def detach(conn: Connection, server_id: str, server_name: str, volume_id: str, volume_name: str) -> None:
    conn.compute.delete_volume_attachment(server_id, volume_id, ignore_missing=False)


@step("Delete volume {name} and wait until it is gone")
def delete_and_wait(conn: Connection, volume_id: str, name: str, timeouts: Timeouts) -> None:
    """Cinder refuses to delete a volume while it is busy (creating, attached, or being attached or detached):
    wait for it to settle first (a deleted server's volumes are detached by Nova on the way)."""

    def settled() -> bool:
        volume = get_volume(conn, volume_id)
        return volume is None or volume.status not in BUSY

    wait_until(settled, timeouts.volume_ready, f"volume {name} to settle before its deletion")
    delete_until_gone(lambda: conn.block_storage.delete_volume(volume_id, ignore_missing=True),
                      lambda: get_volume(conn, volume_id), f"volume {name}", timeouts.volume_delete, timeouts)
