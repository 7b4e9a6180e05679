"""Why a volume failed, as Cinder keeps it: not on the volume (it only says `error`) but in the user messages API,
from microversion 3.3, with Newton's event ids and texts."""

from __future__ import annotations

DOWN = "fault-cinder-volume-down"
MESSAGE_KEYS = {"id", "event_id", "user_message", "message_level", "resource_type", "resource_uuid", "created_at",
                "guaranteed_until", "request_id", "links"}
NO_STORAGE = ("No storage could be allocated for this volume request. You may be able to try another size or "
              "volume type.")


def failed(c, token: str | None = None) -> tuple[str, str]:
    """(volume id, request id of its create) of a volume the scheduler could not place."""
    response = c.create_request(1, token)
    assert response.status_code == 202, response.text
    c.advance()
    return response.json()["volume"]["id"], response.headers["x-openstack-request-id"]


def test_without_a_volume_service_a_new_volume_ends_in_error_without_a_host(cinder) -> None:
    c = cinder(DOWN)
    volume_id, _ = failed(c)
    shown = c.volume(volume_id)
    assert (shown["status"], shown["os-vol-host-attr:host"]) == ("error", None)
    assert "No storage" not in str(shown)


def test_the_reason_is_a_user_message_from_3_3(cinder) -> None:
    c = cinder(DOWN)
    volume_id, request_id = failed(c)
    response = c.get("/messages", version="3.3")
    assert response.status_code == 200
    (message,) = [m for m in response.json()["messages"] if m["resource_uuid"] == volume_id]
    assert set(message) == MESSAGE_KEYS
    assert (message["event_id"], message["user_message"], message["message_level"], message["resource_type"],
            message["request_id"]) == ("000002", NO_STORAGE, "ERROR", "VOLUME", request_id)
    assert message["guaranteed_until"] > message["created_at"]
    shown = c.get(f"/messages/{message['id']}", version="3.3").json()["message"]
    assert shown == message


def test_below_3_3_the_messages_api_is_cinder_s_bare_404(cinder) -> None:
    c = cinder(DOWN)
    failed(c)
    for version in (None, "3.2"):
        response = c.get("/messages", version=version)
        assert response.status_code == 404
        assert response.json() == {"itemNotFound": {"code": 404, "message": "The resource could not be found."}}


def test_a_member_sees_its_own_messages_only(cinder) -> None:
    c = cinder(DOWN)
    admins, _ = failed(c)
    members, _ = failed(c, c.member)
    seen = {m["resource_uuid"] for m in c.get("/messages", c.member, "3.3").json()["messages"]}
    assert members in seen and admins not in seen
    admin_message = next(m for m in c.get("/messages", version="3.3").json()["messages"]
                         if m["resource_uuid"] == admins)
    response = c.get(f"/messages/{admin_message['id']}", c.member, "3.3")
    assert response.status_code == 404
    assert response.json()["itemNotFound"]["message"] == f"Message {admin_message['id']} could not be found."


def test_an_error_volume_is_deleted_at_once_and_its_message_stays(cinder) -> None:
    c = cinder(DOWN)
    volume_id, _ = failed(c)
    assert c.call("DELETE", f"/volumes/{volume_id}").status_code == 202
    assert c.get(f"/volumes/{volume_id}").status_code == 404
    messages = c.get("/messages", version="3.5").json()["messages"]
    assert volume_id in {m["resource_uuid"] for m in messages}
    filtered = c.get(f"/messages?resource_uuid={volume_id}", version="3.5").json()["messages"]
    assert [m["resource_uuid"] for m in filtered] == [volume_id]


def test_the_services_list_shows_cinder_volume_down(cinder) -> None:
    c = cinder(DOWN)
    services = {s["binary"]: s for s in c.get("/os-services").json()["services"]}
    assert (services["cinder-volume"]["state"], services["cinder-volume"]["status"]) == ("down", "enabled")
    assert services["cinder-scheduler"]["state"] == "up"


def test_with_the_scheduler_down_a_volume_stays_creating_and_can_be_deleted(cinder) -> None:
    c = cinder("fault-volume-stuck-creating")
    volume_id = c.create()["id"]
    c.advance(600)  # ten minutes: longer than any wait, shorter than the tokens' life
    shown = c.volume(volume_id)
    assert (shown["status"], shown["os-vol-host-attr:host"]) == ("creating", None)
    assert c.get("/messages", version="3.3").json()["messages"] == []
    assert c.call("DELETE", f"/volumes/{volume_id}").status_code == 202
    assert c.get(f"/volumes/{volume_id}").status_code == 404


def test_deleting_a_message_is_the_controller_s_own_204(cinder) -> None:
    c = cinder(DOWN)
    volume_id, _ = failed(c)
    (message,) = c.get(f"/messages?resource_uuid={volume_id}", version="3.5").json()["messages"]
    response = c.call("DELETE", f"/messages/{message['id']}", version="3.5")
    assert (response.status_code, response.headers["Content-Type"]) == (204, "text/html; charset=UTF-8")
    assert "x-compute-request-id" not in response.headers and response.headers["OpenStack-API-Version"] == \
        "volume 3.5"
