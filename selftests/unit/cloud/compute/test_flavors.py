"""Flavors, flavor-manage and extra specs over HTTP, as Nova Newton answers them."""

from __future__ import annotations

import uuid

import pytest

from lxdstack.cloud.scenario import SEED_FLAVORS

FLAVOR_KEYS = {"id", "name", "links", "ram", "disk", "vcpus", "swap", "OS-FLV-EXT-DATA:ephemeral",
               "OS-FLV-DISABLED:disabled", "os-flavor-access:is_public", "rxtx_factor"}


def test_seed_flavors_have_ids_1_to_5_and_the_seeds_values(nova) -> None:
    n = nova()
    flavors = n.ok("GET", "/flavors/detail")["flavors"]
    assert [(f["id"], f["name"], f["ram"], f["disk"], f["OS-FLV-EXT-DATA:ephemeral"], f["vcpus"]) for f in flavors] \
        == [(str(i), s.name, s.ram, s.disk, s.ephemeral, s.vcpus) for i, s in enumerate(SEED_FLAVORS, start=1)]
    tiny = flavors[0]
    assert set(tiny) == FLAVOR_KEYS
    assert (tiny["swap"], tiny["rxtx_factor"], tiny["os-flavor-access:is_public"],
            tiny["OS-FLV-DISABLED:disabled"]) == ("", 1.0, True, False)
    base = n.api.base
    assert tiny["links"] == [{"rel": "self", "href": f"{base}/compute/v2.1/flavors/1"},
                             {"rel": "bookmark", "href": f"{base}/compute/flavors/1"}]


def test_flavor_index_names_and_links_only(nova) -> None:
    flavors = nova().ok("GET", "/flavors")["flavors"]
    assert [f["name"] for f in flavors] == [s.name for s in SEED_FLAVORS]
    assert all(set(f) == {"id", "name", "links"} for f in flavors)


def test_members_see_the_public_flavors(nova) -> None:
    n = nova()
    assert len(n.ok("GET", "/flavors/detail?is_public=None", token=n.member)["flavors"]) == 5
    assert n.ok("GET", "/flavors/2", token=n.member)["flavor"]["name"] == "m1.small"


def test_unknown_flavor_is_nova_404(nova) -> None:
    response = nova().get("/flavors/nope")
    assert response.status_code == 404
    assert response.json() == {"itemNotFound": {"code": 404, "message": "Flavor nope could not be found."}}


def test_create_show_and_delete_a_flavor(nova) -> None:
    n = nova()
    body = {"flavor": {"name": "t.small", "ram": 256, "vcpus": 1, "disk": 2, "id": None,
                       "OS-FLV-EXT-DATA:ephemeral": 0, "swap": 0, "rxtx_factor": 1.0,
                       "os-flavor-access:is_public": True}}
    created = n.ok("POST", "/flavors", json=body)["flavor"]
    assert uuid.UUID(created["id"]) and set(created) == FLAVOR_KEYS
    assert n.ok("GET", f"/flavors/{created['id']}")["flavor"] == created
    duplicate = n.call("POST", "/flavors", json=body)
    assert duplicate.status_code == 409
    assert duplicate.json() == {"conflictingRequest": {"code": 409,
                                                       "message": "Flavor with name t.small already exists."}}
    same_id = n.call("POST", "/flavors", json={"flavor": {**body["flavor"], "name": "other", "id": "1"}})
    assert same_id.json()["conflictingRequest"]["message"] == "Flavor with ID 1 already exists."
    assert n.call("DELETE", f"/flavors/{created['id']}").status_code == 202
    assert n.get(f"/flavors/{created['id']}").status_code == 404


def test_description_is_an_unexpected_property_before_2_55(nova) -> None:
    body = {"flavor": {"name": "d", "ram": 256, "vcpus": 1, "disk": 1, "description": None}}
    response = nova().call("POST", "/flavors", version="2.38", json=body)
    assert response.status_code == 400
    assert "Additional properties are not allowed ('description' was unexpected)" in \
        response.json()["badRequest"]["message"]


@pytest.mark.parametrize(("method", "path", "body"), [
    ("POST", "/flavors", {"flavor": {"name": "m", "ram": 256, "vcpus": 1, "disk": 1}}),
    ("DELETE", "/flavors/1", None),
])
def test_members_may_not_manage_flavors(nova, method: str, path: str, body) -> None:
    n = nova()
    response = n.call(method, path, n.member, json=body)
    assert response.status_code == 403
    assert response.json() == {"forbidden": {"code": 403, "message": "Policy doesn't allow "
                                             "os_compute_api:os-flavor-manage to be performed."}}


def test_private_flavors_are_listed_only_when_asked_for_by_an_admin(nova) -> None:
    n = nova()
    body = {"flavor": {"name": "hidden", "ram": 256, "vcpus": 1, "disk": 1, "id": "hidden-1",
                       "os-flavor-access:is_public": False}}
    n.ok("POST", "/flavors", json=body)
    try:
        names = lambda query, token=None: [f["name"] for f in n.ok("GET", f"/flavors{query}", token=token)["flavors"]]  # noqa: E731
        assert "hidden" not in names("")
        assert "hidden" in names("?is_public=None") and names("?is_public=false") == ["hidden"]
        assert "hidden" not in names("?is_public=None", n.member)
        assert n.get("/flavors/hidden-1", n.member).status_code == 404
        assert n.get("/flavors?is_public=maybe").json()["badRequest"]["message"] == \
            "Invalid is_public filter [maybe]"
    finally:
        n.call("DELETE", "/flavors/hidden-1")


def test_extra_specs(nova) -> None:
    n = nova()
    specs = "/flavors/3/os-extra_specs"
    assert n.ok("GET", specs) == {"extra_specs": {}}
    assert n.ok("POST", specs, json={"extra_specs": {"lxd:nested_allowed": "true", "quota:disk_read_iops_sec": 100}}) \
        == {"extra_specs": {"lxd:nested_allowed": "true", "quota:disk_read_iops_sec": "100"}}
    assert n.ok("GET", f"{specs}/lxd:nested_allowed") == {"lxd:nested_allowed": "true"}
    assert n.ok("PUT", f"{specs}/lxd:nested_allowed", json={"lxd:nested_allowed": "false"}) == \
        {"lxd:nested_allowed": "false"}
    mismatch = n.call("PUT", f"{specs}/lxd:nested_allowed", json={"other": "x"})
    assert mismatch.json()["badRequest"]["message"] == "Request body and URI mismatch"
    assert n.ok("GET", specs, token=n.member)["extra_specs"]["lxd:nested_allowed"] == "false"
    assert n.call("POST", specs, n.member, json={"extra_specs": {"a": "b"}}).status_code == 403
    deleted = n.call("DELETE", f"{specs}/lxd:nested_allowed")
    assert (deleted.status_code, deleted.content) == (200, b"")
    n.call("DELETE", f"{specs}/quota:disk_read_iops_sec")
    missing = n.get(f"{specs}/lxd:nested_allowed")
    assert missing.status_code == 404
    assert missing.json()["itemNotFound"]["message"] == "Flavor 3 has no extra specs with key lxd:nested_allowed."
    assert n.get("/flavors/99/os-extra_specs").json()["itemNotFound"]["message"] == "Flavor 99 could not be found."
