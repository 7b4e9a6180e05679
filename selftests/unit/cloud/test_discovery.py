"""Version discovery per service prefix: the documents of Newton's services, and keystoneauth accepting them."""

from __future__ import annotations

import pytest
from keystoneauth1 import discover, session


def hrefs(version: dict) -> dict[str, str]:
    return {link["rel"]: link["href"] for link in version["links"]}


@pytest.mark.parametrize("path", ["/identity", "/identity/"])
def test_identity_root_offers_v3_and_v2(api, path: str) -> None:
    response = api.request("GET", path)
    assert response.status_code == 300
    assert response.headers["content-type"] == "application/json"
    v3, v2 = response.json()["versions"]["values"]
    assert (v3["id"], v3["status"], v3["updated"]) == ("v3.7", "stable", "2016-10-06T00:00:00Z")
    assert hrefs(v3) == {"self": f"{api.base}/identity/v3/"}
    assert v3["media-types"] == [{"base": "application/json", "type": "application/vnd.openstack.identity-v3+json"}]
    assert (v2["id"], v2["status"], v2["updated"]) == ("v2.0", "deprecated", "2016-08-04T00:00:00Z")
    assert hrefs(v2) == {"self": f"{api.base}/identity/v2.0/", "describedby": "http://docs.openstack.org/"}


@pytest.mark.parametrize(("path", "version"), [("/identity/v3", "v3.7"), ("/identity/v3/", "v3.7"),
                                               ("/identity/v2.0", "v2.0"), ("/identity/v2.0/", "v2.0")])
def test_identity_version_documents_are_open(api, path: str, version: str) -> None:
    response = api.request("GET", path)
    assert response.status_code == 200
    assert response.json()["version"]["id"] == version


@pytest.mark.parametrize("path", ["/compute", "/compute/"])
def test_compute_root_lists_v2_and_v21(api, path: str) -> None:
    response = api.request("GET", path)
    assert response.status_code == 200
    v20, v21 = response.json()["versions"]
    assert (v20["id"], v20["status"], v20["version"], v20["min_version"]) == ("v2.0", "SUPPORTED", "", "")
    assert hrefs(v20) == {"self": f"{api.base}/compute/v2/"}
    assert (v21["id"], v21["status"], v21["version"], v21["min_version"]) == ("v2.1", "CURRENT", "2.38", "2.1")
    assert v21["updated"] == "2013-07-23T11:33:21Z"
    assert hrefs(v21) == {"self": f"{api.base}/compute/v2.1/"}


@pytest.mark.parametrize("path", ["/compute/v2.1", "/compute/v2.1/"])
def test_compute_v21_document_needs_a_token(api, admin_token: str, path: str) -> None:
    assert api.request("GET", path).status_code == 401
    response = api.request("GET", path, admin_token)
    assert response.status_code == 200
    version = response.json()["version"]
    assert (version["id"], version["version"], version["min_version"]) == ("v2.1", "2.38", "2.1")
    assert hrefs(version)["self"] == f"{api.base}/compute/v2.1/"
    assert version["media-types"][0]["type"] == "application/vnd.openstack.compute+json;version=2.1"


@pytest.mark.parametrize("path", ["/image", "/image/", "/image/v2", "/image/v2/"])
def test_image_offers_v24_down_to_v20(api, path: str) -> None:
    response = api.request("GET", path)
    assert response.status_code == 300
    versions = response.json()["versions"]
    assert [(v["id"], v["status"]) for v in versions] == [
        ("v2.4", "CURRENT"), ("v2.3", "SUPPORTED"), ("v2.2", "SUPPORTED"), ("v2.1", "SUPPORTED"),
        ("v2.0", "SUPPORTED")]
    assert {hrefs(v)["self"] for v in versions} == {f"{api.base}/image/v2/"}


@pytest.mark.parametrize("path", ["/network", "/network/"])
def test_network_root_lists_v20(api, path: str) -> None:
    response = api.request("GET", path)
    assert response.status_code == 200
    assert response.json() == {"versions": [
        {"id": "v2.0", "status": "CURRENT", "links": [{"rel": "self", "href": f"{api.base}/network/v2.0/"}]}]}


def test_network_v20_index_lists_core_collections_with_a_token(api, admin_token: str) -> None:
    assert api.request("GET", "/network/v2.0").status_code == 401
    response = api.request("GET", "/network/v2.0/", admin_token)
    assert response.status_code == 200
    resources = {r["collection"]: r for r in response.json()["resources"]}
    assert {"networks", "subnets", "ports"} <= resources.keys()
    assert resources["networks"]["name"] == "network"
    assert resources["networks"]["links"] == [{"rel": "self", "href": f"{api.base}/network/v2.0/networks"}]


@pytest.mark.parametrize("path", ["/volume", "/volume/"])
def test_volume_root_offers_v1_v2_v3(api, path: str) -> None:
    response = api.request("GET", path)
    assert response.status_code == 300
    v1, v2, v3 = response.json()["versions"]
    assert (v1["id"], v1["status"], v1["updated"]) == ("v1.0", "DEPRECATED", "2016-05-02T20:25:19Z")
    assert (v2["id"], v2["status"], v2["version"]) == ("v2.0", "SUPPORTED", "")
    assert (v3["id"], v3["status"], v3["version"], v3["min_version"]) == ("v3.0", "CURRENT", "3.15", "3.0")
    assert [hrefs(v)["self"] for v in (v1, v2, v3)] == [f"{api.base}/volume/{p}/" for p in ("v1", "v2", "v3")]
    assert v3["media-types"][0]["type"] == "application/vnd.openstack.volume+json;version=3"


@pytest.mark.parametrize(("path", "version"), [("/volume/v3/", "v3.0"), ("/volume/v2/", "v2.0")])
def test_volume_versioned_roots_list_their_version(api, path: str, version: str) -> None:
    response = api.request("GET", path)
    assert response.status_code == 200
    assert [v["id"] for v in response.json()["versions"]] == [version]


@pytest.mark.parametrize(("path", "headers"), [
    ("/volume/", {"OpenStack-API-Version": "volume 3.0", "Vary": "OpenStack-API-Version"}),
    ("/volume/v3/", {"OpenStack-API-Version": "volume 3.0", "Vary": "OpenStack-API-Version"}),
    ("/volume/v2/", {"OpenStack-API-Version": None, "Vary": None}),  # the legacy 2.0 names no version
])
def test_volume_discovery_carries_cinder_s_version_headers(api, path: str, headers: dict) -> None:
    """Cinder's versions app is a Resource like the others: the minimum microversion, and its headers."""
    response = api.request("GET", path)
    assert {name: response.headers.get(name) for name in headers} == headers


@pytest.mark.parametrize(
    ("path", "versions"),
    [
        ("/identity", [(2, 0), (3, 7)]),
        ("/compute", [(2, 0), (2, 1)]),
        ("/image", [(2, 0), (2, 1), (2, 2), (2, 3), (2, 4)]),
        ("/network", [(2, 0)]),
        ("/volume", [(1, 0), (2, 0), (3, 0)]),
    ],
)
def test_keystoneauth_discovery_accepts_each_root(api, path: str, versions: list[tuple[int, int]]) -> None:
    found = discover.Discover(session.Session(), api.base + path).version_data()
    assert [v["version"] for v in found] == versions
    assert all(v["url"].startswith(api.base + path) for v in found)


def test_keystoneauth_reads_nova_microversions(api) -> None:
    found = discover.Discover(session.Session(), api.base + "/compute").version_data()
    assert (found[-1]["min_microversion"], found[-1]["max_microversion"]) == ((2, 1), (2, 38))
