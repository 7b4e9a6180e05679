"""Volumes over HTTP: create, creating then available on the cloud's clock, views per caller, lists, update,
delete then gone, and Cinder's refusals in its own words."""

from __future__ import annotations

import uuid

import pytest

SLOW = "slow-volumes"  # conftest's scenario: volumes take 30 s on the cloud's clock

DETAIL_KEYS = {"id", "status", "size", "availability_zone", "created_at", "updated_at", "attachments", "name",
               "description", "volume_type", "snapshot_id", "source_volid", "metadata", "links", "user_id",
               "bootable", "encrypted", "replication_status", "consistencygroup_id", "multiattach",
               "os-vol-tenant-attr:tenant_id"}
ADMIN_KEYS = {"migration_status", "os-vol-host-attr:host", "os-vol-mig-status-attr:migstat",
              "os-vol-mig-status-attr:name_id"}


def test_create_answers_202_with_the_row_as_inserted(cinder) -> None:
    c = cinder(SLOW)
    response = c.create_request(2, name=" data ", description="for tests", metadata={"purpose": "test"})
    assert response.status_code == 202
    created = response.json()["volume"]
    assert set(created) == DETAIL_KEYS - {"os-vol-tenant-attr:tenant_id"} | {"migration_status"}
    assert (created["status"], created["size"], created["name"], created["description"]) == (
        "creating", 2, "data", "for tests")
    assert (created["availability_zone"], created["bootable"], created["encrypted"], created["multiattach"],
            created["replication_status"], created["volume_type"], created["updated_at"]) == (
        "nova", "false", False, False, "disabled", None, None)
    assert created["metadata"] == {"purpose": "test"} and created["attachments"] == []
    assert created["user_id"] == c.api.user_id(c.admin, "admin")
    assert created["created_at"].endswith(".000000")
    assert created["links"] == [
        {"rel": "self", "href": f"{c.api.base}/volume/v3/{c.admin_project}/volumes/{created['id']}"},
        {"rel": "bookmark", "href": f"{c.api.base}/volume/{c.admin_project}/volumes/{created['id']}"}]


def test_volume_is_creating_until_the_clock_passes_its_pace_then_available(cinder) -> None:
    c = cinder(SLOW)
    volume_id = c.create()["id"]
    assert c.volume(volume_id)["status"] == "creating"
    assert c.volume(volume_id)["os-vol-host-attr:host"] == "cinder@cinder-ceph#cinder-ceph"
    c.advance(29)
    assert c.volume(volume_id)["status"] == "creating"
    c.advance(1.01)
    shown = c.volume(volume_id)
    assert shown["status"] == "available"
    assert shown["updated_at"] > shown["created_at"]


def test_admins_see_host_and_migration_attributes_members_only_the_project(cinder) -> None:
    c = cinder()
    mine = c.create(token=c.member)["id"]
    as_member, as_admin = c.volume(mine, c.member), c.volume(mine)
    assert set(as_member) == DETAIL_KEYS
    assert set(as_admin) == DETAIL_KEYS | ADMIN_KEYS
    assert as_member["os-vol-tenant-attr:tenant_id"] == as_admin["os-vol-tenant-attr:tenant_id"] == c.member_project


def test_a_member_cannot_see_another_project_s_volume(cinder) -> None:
    c = cinder()
    admins = c.create()["id"]
    response = c.get(f"/volumes/{admins}", c.member)
    assert response.status_code == 404
    assert response.json() == {"itemNotFound": {"code": 404, "message": f"Volume {admins} could not be found."}}


def test_lists_filter_by_name_and_status_and_all_tenants_is_for_admins(cinder) -> None:
    c = cinder()
    name = f"vol-{uuid.uuid4().hex[:6]}"
    admins, members = c.create(name=name)["id"], c.create(token=c.member, name=name)["id"]
    c.advance()
    summary = c.get(f"/volumes?name={name}").json()["volumes"]
    assert [(v["id"], v["name"], set(v)) for v in summary] == [(admins, name, {"id", "name", "links"})]
    everyone = c.get(f"/volumes/detail?all_tenants=1&name={name}").json()["volumes"]
    assert {v["id"] for v in everyone} == {admins, members}
    assert [v["id"] for v in c.get(f"/volumes/detail?all_tenants=1&name={name}", c.member).json()["volumes"]] \
        == [members]  # a member's all_tenants is dropped, not refused
    assert c.get(f"/volumes/detail?name={name}&status=creating").json()["volumes"] == []
    assert [v["id"] for v in c.get(f"/volumes/detail?name={name}&status=available").json()["volumes"]] == [admins]


def test_lists_page_with_limit_and_marker(cinder) -> None:
    c = cinder()
    name = f"page-{uuid.uuid4().hex[:6]}"
    ids = [c.create(name=name)["id"] for _ in range(3)]
    first = c.get(f"/volumes?name={name}&limit=2").json()
    assert [v["id"] for v in first["volumes"]] == ids[::-1][:2]  # newest first
    link = first["volumes_links"][0]
    assert link["rel"] == "next" and f"marker={ids[1]}" in link["href"]
    rest = c.get(f"/volumes?name={name}&limit=2&marker={ids[1]}").json()
    assert [v["id"] for v in rest["volumes"]] == [ids[0]] and "volumes_links" not in rest


def test_update_changes_name_description_and_metadata(cinder) -> None:
    c = cinder()
    volume_id = c.create(name="before", metadata={"a": "1"})["id"]
    response = c.call("PUT", f"/volumes/{volume_id}", json={"volume": {"name": "after", "metadata": {"b": "2"}}})
    assert response.status_code == 200
    assert (response.json()["volume"]["name"], response.json()["volume"]["metadata"]) == ("after", {"b": "2"})
    assert c.volume(volume_id)["name"] == "after"


def test_delete_is_202_then_deleting_then_gone_with_cinder_s_404(cinder) -> None:
    c = cinder(SLOW)
    volume_id = c.create()["id"]
    c.advance()
    response = c.call("DELETE", f"/volumes/{volume_id}")
    assert response.status_code == 202 and response.content == b""
    # the controller's own webob.Response: webob's Content-Type, no x-compute-request-id, the version headers
    assert response.headers["Content-Type"] == "text/html; charset=UTF-8"
    assert "x-compute-request-id" not in response.headers
    assert response.headers["OpenStack-API-Version"] == "volume 3.0"
    assert c.volume(volume_id)["status"] == "deleting"
    c.advance()
    gone = c.get(f"/volumes/{volume_id}")
    assert gone.status_code == 404
    assert gone.json() == {"itemNotFound": {"code": 404, "message": f"Volume {volume_id} could not be found."}}
    assert volume_id not in {v["id"] for v in c.get("/volumes").json()["volumes"]}


def test_a_creating_volume_cannot_be_deleted(cinder) -> None:
    c = cinder(SLOW)
    volume_id = c.create()["id"]
    response = c.call("DELETE", f"/volumes/{volume_id}")
    assert response.status_code == 400
    assert response.json()["badRequest"]["message"] == (
        "Invalid volume: Volume status must be available or error or error_restoring or error_extending and must "
        "not be migrating, attached, belong to a group or have snapshots.")


@pytest.mark.parametrize(("body", "message"), [
    ({"size": 0}, "Invalid input received: Volume size '0' must be an integer and greater than 0"),
    ({}, "Invalid input received: Volume size 'None' must be an integer and greater than 0"),
    ({"size": "x"}, "Invalid input received: Invalid volume size provided for create request: x (size argument "
                    "must be an integer (or string representation of an integer) and greater than zero)."),
    ({"size": 1, "name": "n" * 256}, "Invalid input received: Name has more than 255 characters."),
    ({"size": 1, "availability_zone": "elsewhere"}, "Invalid input received: Availability zone 'elsewhere' is "
                                                    "invalid."),
], ids=["zero", "no-size", "not-a-number", "long-name", "unknown-zone"])
def test_bad_creates_are_400_in_cinder_s_words(cinder, body: dict, message: str) -> None:
    response = cinder().call("POST", "/volumes", json={"volume": body})
    assert response.status_code == 400
    assert response.json() == {"badRequest": {"code": 400, "message": message}}


def test_unknown_volume_type_is_404(cinder) -> None:
    response = cinder().create_request(1, volume_type="gold")
    assert response.status_code == 404
    assert response.json()["itemNotFound"]["message"] == "Volume type with name gold could not be found."


def test_a_create_without_a_volume_element_is_400(cinder) -> None:
    response = cinder().call("POST", "/volumes", json={"size": 1})
    assert response.json() == {"badRequest": {"code": 400,
                                              "message": "Missing required element 'volume' in request body."}}


def test_a_volume_from_a_snapshot_is_a_named_gap(cinder) -> None:
    response = cinder().create_request(1, snapshot_id=str(uuid.uuid4()))
    assert response.status_code == 501
    assert response.json()["notImplemented"]["message"] == \
        "The embedded cloud does not implement creating a volume from a snapshot"
