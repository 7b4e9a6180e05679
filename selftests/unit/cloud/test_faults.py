"""Each fault scenario breaks newton-lxd in exactly the way its description says."""

from __future__ import annotations

import openstack
import pytest
import requests
from openstack import exceptions


def test_catalog_missing_volumev3(start_cloud, password: str) -> None:
    broken = start_cloud("fault-catalog-missing-volumev3")
    response = broken.auth("admin", password, project="admin")
    types = {s["type"] for s in response.json()["token"]["catalog"]}
    assert "volumev3" not in types
    assert {"volumev2", "compute", "identity", "image", "network"} <= types
    token = response.headers["X-Subject-Token"]
    assert broken.request("GET", "/identity/v3/services?type=volumev3", token).json()["services"] == []


def test_discovery_crossed_answers_nova_documents_on_the_network_prefix(start_cloud, password: str) -> None:
    broken = start_cloud("fault-discovery-crossed")
    crossed, nova = broken.request("GET", "/network"), broken.request("GET", "/compute")
    assert crossed.status_code == 200
    assert crossed.json() == nova.json()
    assert crossed.json()["versions"][1]["links"] == [{"rel": "self", "href": f"{broken.base}/compute/v2.1/"}]
    assert broken.request("GET", "/network/v2.0").status_code == 401
    token = broken.token("admin", password, project="admin")
    assert broken.request("GET", "/network/v2.0/", token).json()["version"]["id"] == "v2.1"
    assert broken.request("GET", "/compute/v2.1", token).json()["version"]["id"] == "v2.1"


def test_discovery_none_answers_404_not_found_on_the_image_prefix(start_cloud) -> None:
    broken = start_cloud("fault-discovery-none")
    for path in ("/image", "/image/", "/image/v2/"):
        response = broken.request("GET", path)
        assert response.status_code == 404
        assert response.text == "Not Found"
        assert response.headers["content-type"].startswith("text/plain")
    assert broken.request("GET", "/network").status_code == 200


def test_discovery_none_leaves_openstacksdk_without_an_image_api(start_cloud, monkeypatch) -> None:
    broken = start_cloud("fault-discovery-none")
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(broken.cloud.clouds_yaml))
    conn = openstack.connect(cloud="embedded")
    try:
        with pytest.raises(exceptions.NotSupported, match="image service .* does not have any supported versions"):
            list(conn.image.images())
    finally:
        conn.close()


def test_tokens_not_revoked(start_cloud, password: str) -> None:
    broken = start_cloud("fault-tokens-not-revoked")
    admin = broken.token("admin", password, project="admin")
    victim = broken.token("demo", password, project="demo")
    assert broken.validate(admin, victim, "DELETE").status_code == 204
    assert broken.validate(admin, victim).status_code == 200
    assert broken.request("GET", "/identity/v3/auth/projects", victim).status_code == 200


def test_http_burst_answers_haproxys_503_then_the_service(start_cloud, password: str) -> None:
    broken = start_cloud("fault-api-503-burst")
    token = broken.token("admin", password, project="admin")
    path = "/compute/v2.1/os-hypervisors/detail"
    for _ in range(3):
        response = broken.request("GET", path, token)
        assert response.status_code == 503 and "No server is available to handle this request." in response.text
    assert broken.request("GET", path, token).status_code == 200
    assert broken.request("GET", "/compute/v2.1/os-hypervisors", token).status_code == 200  # only the rule's path


def test_http_faults_switch_at_run_time(start_cloud, password: str) -> None:
    sick = start_cloud("newton-lxd")
    token = sick.token("admin", password, project="admin")
    rules = {"http": [{"method": "GET", "path": "^/image/v2/images$", "status": 500}]}
    assert sick.request("PUT", "/_lxdstack/faults/http", token, json=rules).status_code == 200
    failed = sick.request("GET", "/image/v2/images", token)
    assert failed.status_code == 500 and failed.json()["error"]["title"] == "Internal Server Error"
    assert sick.request("POST", "/_lxdstack/faults/http", token).status_code in (404, 405, 501)
    assert sick.request("PUT", "/_lxdstack/faults/http", token, json={"http": [{"path": "x"}]}).status_code == 400
    assert sick.request("PUT", "/_lxdstack/faults/http", token, json={"http": []}).status_code == 200
    assert sick.request("GET", "/image/v2/images", token).status_code == 200
    member = sick.token("demo", password, project="demo")
    assert sick.request("PUT", "/_lxdstack/faults/http", member, json=rules).status_code == 403


def test_hung_endpoint_never_answers(start_cloud, password: str) -> None:
    broken = start_cloud("fault-api-hang")
    token = broken.token("admin", password, project="admin")
    with pytest.raises(requests.exceptions.ReadTimeout):
        broken.request("GET", "/compute/v2.1/os-hypervisors/detail", token, timeout=0.5)
    assert broken.request("GET", "/compute/v2.1/flavors", token).status_code == 200
