"""Cinder's microversions on /v3 (3.0 to 3.15, Newton), the legacy /v2 beside it, and the project in the URL."""

from __future__ import annotations

import pytest

VARY = "OpenStack-API-Version"


@pytest.mark.parametrize(("header", "version"), [
    (None, "3.0"),
    ("volume 3.7", "3.7"),
    ("compute 2.3, volume 3.13", "3.13"),
    ("volume latest", "3.15"),
])
def test_version_is_read_and_echoed_with_vary(cinder, header: str | None, version: str) -> None:
    c = cinder()
    headers = {"OpenStack-API-Version": header} if header else {}
    response = c.get("/volumes", headers=headers)
    assert response.status_code == 200
    assert response.headers["OpenStack-API-Version"] == f"volume {version}"
    assert response.headers["Vary"] == VARY
    assert response.headers["x-compute-request-id"] == response.headers["x-openstack-request-id"]


def test_group_id_appears_from_3_13(cinder) -> None:
    c = cinder()
    volume_id = c.create()["id"]
    assert "group_id" not in c.volume(volume_id, version="3.12")
    assert c.volume(volume_id, version="3.13")["group_id"] is None


def test_errors_carry_the_version_headers_too(cinder) -> None:
    response = cinder().get("/volumes/nope", version="3.5")
    assert response.status_code == 404
    assert response.headers["OpenStack-API-Version"] == "volume 3.5"


@pytest.mark.parametrize("version", ["3.16", "2.0", "4.0"])
def test_version_outside_newton_s_range_is_406(cinder, version: str) -> None:
    response = cinder().get("/volumes", version=version)
    assert response.status_code == 406
    assert response.json() == {"computeFault": {"code": 406, "message": f"Version {version} is not supported by "
                                                                        "the API. Minimum is 3.0 and maximum is 3.15."}}


def test_malformed_version_is_400_without_version_headers(cinder) -> None:
    response = cinder().get("/volumes", version="3.x")
    assert response.status_code == 400
    assert response.json()["badRequest"]["message"] == \
        "API Version String 3.x is of invalid format. Must be of format MajorNum.MinorNum."
    assert "OpenStack-API-Version" not in response.headers


def test_a_header_naming_no_volume_version_is_a_bare_400(cinder) -> None:
    response = cinder().get("/volumes", headers={"OpenStack-API-Version": "compute 2.1"})
    assert response.status_code == 400
    assert response.json()["badRequest"]["message"] == \
        "The server could not comply with the request since it is either malformed or otherwise incorrect."


def test_v2_is_legacy_ignores_the_header_and_shares_the_volumes(cinder) -> None:
    c = cinder()
    volume_id = c.create()["id"]
    response = c.get(f"/volumes/{volume_id}", api="v2", headers={"OpenStack-API-Version": "volume 3.13"})
    assert response.status_code == 200
    assert "OpenStack-API-Version" not in response.headers and "group_id" not in response.json()["volume"]
    assert response.json()["volume"]["links"][0]["href"].endswith(f"/volume/v2/{c.admin_project}/volumes/{volume_id}")


def test_another_project_in_the_url_is_400_even_for_an_admin(cinder) -> None:
    c = cinder()
    response = c.get("/volumes", project=c.member_project)
    assert response.status_code == 400
    assert response.json() == {"badRequest": {"code": 400, "message": "Malformed request url"}}


def test_no_token_is_401_before_anything_else(cinder) -> None:
    c = cinder()
    response = c.api.request("GET", f"/volume/v3/{c.admin_project}/volumes",
                             headers={"OpenStack-API-Version": "volume 9.9"})
    assert response.status_code == 401
    assert "OpenStack-API-Version" not in response.headers


def test_unemulated_volume_route_stays_501(cinder) -> None:
    c = cinder()
    response = c.get("/snapshots")
    assert response.status_code == 501
    assert response.json()["notImplemented"]["message"] == \
        f"The embedded cloud does not implement GET /volume/v3/{c.admin_project}/snapshots"
