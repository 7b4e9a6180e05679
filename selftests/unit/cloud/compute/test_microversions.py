"""Microversion negotiation and the headers every Nova answer carries."""

from __future__ import annotations

import pytest

VARY = "OpenStack-API-Version, X-OpenStack-Nova-API-Version"


@pytest.mark.parametrize(("headers", "version"), [
    ({}, "2.1"),
    ({"OpenStack-API-Version": "compute 2.25"}, "2.25"),
    ({"OpenStack-API-Version": "volume 3.1, compute 2.3"}, "2.3"),
    ({"X-OpenStack-Nova-API-Version": "2.12"}, "2.12"),
    ({"OpenStack-API-Version": "compute latest"}, "2.38"),
    ({"OpenStack-API-Version": "compute 2.10", "X-OpenStack-Nova-API-Version": "2.20"}, "2.10"),
])
def test_version_is_read_and_echoed(nova, headers: dict, version: str) -> None:
    response = nova().get("/flavors", headers=headers)
    assert response.status_code == 200
    assert response.headers["OpenStack-API-Version"] == f"compute {version}"
    assert response.headers["X-OpenStack-Nova-API-Version"] == version
    assert response.headers["Vary"] == VARY


def test_errors_carry_the_version_headers_too(nova) -> None:
    response = nova().get("/flavors/nope", version="2.5")
    assert response.status_code == 404
    assert response.headers["OpenStack-API-Version"] == "compute 2.5"


@pytest.mark.parametrize("version", ["2.39", "2.0", "3.0"])
def test_version_outside_newton_s_range_is_406(nova, version: str) -> None:
    response = nova().get("/flavors", version=version)
    assert response.status_code == 406
    assert response.json() == {"computeFault": {"code": 406, "message": f"Version {version} is not supported by the "
                                                                        "API. Minimum is 2.1 and maximum is 2.38."}}
    assert "OpenStack-API-Version" not in response.headers


def test_malformed_version_is_400(nova) -> None:
    response = nova().get("/flavors", version="2.x")
    assert response.status_code == 400
    assert response.json()["badRequest"]["message"] == \
        "API Version String 2.x is of invalid format. Must be of format MajorNum.MinorNum."


def test_no_token_is_401_before_anything_else(nova) -> None:
    n = nova()
    response = n.api.request("GET", "/compute/v2.1/flavors", headers={"OpenStack-API-Version": "compute 9.9"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == 401
    assert "OpenStack-API-Version" not in response.headers


def test_compat_request_id_header(nova) -> None:
    response = nova().get("/flavors")
    assert response.headers["x-compute-request-id"] == response.headers["x-openstack-request-id"]


def test_unemulated_compute_route_stays_501(nova) -> None:
    response = nova().get("/os-aggregates")
    assert response.status_code == 501
    assert response.json()["notImplemented"]["message"] == \
        "The embedded cloud does not implement GET /compute/v2.1/os-aggregates"
