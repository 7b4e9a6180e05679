"""Attaching volumes through Nova (os-volume_attachments): attaching then in-use, detaching then available, what
each side shows, Nova's refusals in its words, and what a server's deletion does to its volumes."""

from __future__ import annotations

import re

import pytest

SLOW = "slow-volumes"  # conftest's scenario: volumes (and attaches) take 30 s on the cloud's clock


def available(c, token: str | None = None, **extra) -> str:
    volume_id = c.create(token=token, **extra)["id"]
    c.advance()
    return volume_id


def test_attach_answers_the_device_then_attaching_then_in_use(cinder) -> None:
    c = cinder(SLOW)
    server_id = c.boot()
    volume_id = available(c)
    response = c.attach(server_id, volume_id)
    assert response.status_code == 200
    assert response.json() == {"volumeAttachment": {"id": volume_id, "serverId": server_id, "volumeId": volume_id,
                                                    "device": "/dev/sdb"}}
    attaching = c.volume(volume_id)
    assert (attaching["status"], attaching["attachments"], attaching["metadata"]) == ("attaching", [], {})
    c.advance()
    in_use = c.volume(volume_id)
    assert in_use["status"] == "in-use"
    (attachment,) = in_use["attachments"]
    assert set(attachment) == {"id", "attachment_id", "volume_id", "server_id", "host_name", "device", "attached_at"}
    assert (attachment["server_id"], attachment["volume_id"], attachment["device"], attachment["host_name"]) == (
        server_id, volume_id, "/dev/sdb", None)
    assert in_use["metadata"] == {"readonly": "False", "attached_mode": "rw"}


def test_nova_lists_shows_and_the_server_names_its_volumes(cinder) -> None:
    c = cinder()
    server_id = c.boot()
    first, second = available(c), available(c)
    assert c.attach(server_id, first).status_code == 200
    assert c.attach(server_id, second, device="/dev/vdc").json()["volumeAttachment"]["device"] == "/dev/sdc"
    listed = c.nova("GET", f"/servers/{server_id}/os-volume_attachments").json()["volumeAttachments"]
    assert [(a["volumeId"], a["device"]) for a in listed] == [(first, "/dev/sdb"), (second, "/dev/sdc")]
    shown = c.nova("GET", f"/servers/{server_id}/os-volume_attachments/{second}").json()["volumeAttachment"]
    assert shown == {"id": second, "serverId": server_id, "volumeId": second, "device": "/dev/sdc"}
    server = c.nova("GET", f"/servers/{server_id}").json()["server"]
    assert server["os-extended-volumes:volumes_attached"] == [
        {"id": first, "delete_on_termination": False}, {"id": second, "delete_on_termination": False}]


def test_detach_is_202_then_detaching_then_available_and_nova_forgets_it(cinder) -> None:
    c = cinder(SLOW)
    server_id = c.boot()
    volume_id = available(c)
    c.attach(server_id, volume_id)
    c.advance()
    response = c.nova("DELETE", f"/servers/{server_id}/os-volume_attachments/{volume_id}")
    assert response.status_code == 202
    detaching = c.volume(volume_id)
    assert detaching["status"] == "detaching" and len(detaching["attachments"]) == 1
    c.advance()
    detached = c.volume(volume_id)
    assert (detached["status"], detached["attachments"], detached["metadata"]) == ("available", [],
                                                                                  {"readonly": "False"})
    assert c.nova("GET", f"/servers/{server_id}/os-volume_attachments").json() == {"volumeAttachments": []}
    gone = c.nova("GET", f"/servers/{server_id}/os-volume_attachments/{volume_id}")
    assert gone.status_code == 404
    assert gone.json() == {"itemNotFound": {"code": 404, "message": f"volume_id not found: {volume_id}"}}


def test_a_server_that_is_still_building_cannot_attach(cinder) -> None:
    c = cinder()
    volume_id = available(c)
    server_id = c.boot(active=False)
    response = c.attach(server_id, volume_id)
    assert response.status_code == 409
    assert response.json() == {"conflictingRequest": {"code": 409, "message": (
        f"Cannot 'attach_volume' instance {server_id} while it is in vm_state building")}}


def test_a_volume_that_is_not_available_is_refused_with_cinder_s_reason(cinder) -> None:
    c = cinder(SLOW)
    server_id = c.boot()
    volume_id = c.create()["id"]
    response = c.attach(server_id, volume_id)
    assert response.status_code == 400
    message = response.json()["badRequest"]["message"]
    assert re.fullmatch(r"Invalid input received: Invalid volume: Volume status must be available to reserve\. "
                        r"\(HTTP 400\) \(Request-ID: req-[0-9a-f-]{36}\)", message), message
    assert c.nova("GET", f"/servers/{server_id}/os-volume_attachments").json() == {"volumeAttachments": []}


def test_attaching_an_unknown_volume_is_404(cinder) -> None:
    c = cinder()
    server_id = c.boot()
    missing = "8f4a1b5e-0000-4000-8000-000000000000"
    response = c.attach(server_id, missing)
    assert response.status_code == 404
    assert response.json()["itemNotFound"]["message"] == f"Volume {missing} could not be found."


@pytest.mark.parametrize(("attachment", "message"), [
    ({"volumeId": "nope"}, "Invalid input for field/attribute volumeId. Value: nope. 'nope' is not a 'uuid'"),
    ({"volumeId": "8f4a1b5e-0000-4000-8000-000000000000", "tag": "x"},
     "Additional properties are not allowed ('tag' was unexpected)"),
], ids=["not-a-uuid", "tag-before-2.49"])
def test_the_attach_body_is_checked_like_nova_s_schema(cinder, attachment: dict, message: str) -> None:
    c = cinder()
    server_id = c.boot(active=False)
    response = c.nova("POST", f"/servers/{server_id}/os-volume_attachments", json={"volumeAttachment": attachment})
    assert response.status_code == 400
    assert response.json()["badRequest"]["message"].endswith(message)


def test_a_requested_device_in_use_is_409(cinder) -> None:
    c = cinder()
    server_id = c.boot()
    c.attach(server_id, available(c))
    response = c.attach(server_id, available(c), device="/dev/sdb")
    assert response.status_code == 409
    assert response.json()["conflictingRequest"]["message"] == "The supplied device path (/dev/sdb) is in use."


def test_an_in_use_volume_cannot_be_deleted(cinder) -> None:
    c = cinder()
    server_id = c.boot()
    volume_id = available(c)
    c.attach(server_id, volume_id)
    c.advance()
    response = c.call("DELETE", f"/volumes/{volume_id}")
    assert response.status_code == 400
    assert response.json()["badRequest"]["message"].startswith("Invalid volume: Volume status must be available")


def test_detaching_a_volume_that_is_not_attached_here_is_404(cinder) -> None:
    c = cinder()
    server_id = c.boot()
    volume_id = available(c)
    response = c.nova("DELETE", f"/servers/{server_id}/os-volume_attachments/{volume_id}")
    assert response.status_code == 404
    assert response.json()["itemNotFound"]["message"] == f"volume_id not found: {volume_id}"


def test_deleting_the_server_detaches_its_volumes_at_once(cinder) -> None:
    c = cinder()
    server_id = c.boot()
    volume_id = available(c)
    c.attach(server_id, volume_id)
    c.advance()
    assert c.nova("DELETE", f"/servers/{server_id}").status_code == 204
    shown = c.volume(volume_id)
    assert (shown["status"], shown["attachments"]) == ("available", [])
