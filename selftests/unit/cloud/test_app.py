"""What every response shares: request ids, 404 outside the services, 401 then 501 for unemulated routes."""

from __future__ import annotations

import pytest

NOT_IMPLEMENTED = [
    ("identity", "GET", "/identity/v3/groups", lambda m: {"error": {"code": 501, "title": "Not Implemented",
                                                                    "message": m}}),
    ("compute", "GET", "/compute/v2.1/os-aggregates", lambda m: {"notImplemented": {"code": 501, "message": m}}),
    ("image", "GET", "/image/v2/schemas/image", lambda m: {"code": "501 Not Implemented",
                                                           "title": "Not Implemented",
                                                           "message": f"{m}<br /><br />\n\n\n"}),
    ("network", "GET", "/network/v2.0/floatingips", lambda m: {"NeutronError": {
        "type": "HTTPNotImplemented", "message": m, "detail": ""}}),
    ("volume", "POST", "/volume/v3/PROJECT/snapshots", lambda m: {"notImplemented": {"code": 501, "message": m}}),
]


@pytest.mark.parametrize(("service", "method", "path", "envelope"), NOT_IMPLEMENTED,
                         ids=[row[0] for row in NOT_IMPLEMENTED])
def test_unemulated_route_is_501_naming_it_in_the_services_envelope(api, admin_token: str, service: str,
                                                                    method: str, path: str, envelope) -> None:
    response = api.request(method, path, admin_token, json={})
    assert response.status_code == 501
    # Nova's Fault names a charset; the other services' errors do not
    charset = "; charset=UTF-8" if service == "compute" else ""
    assert response.headers["content-type"] == f"application/json{charset}"
    assert response.json() == envelope(f"The embedded cloud does not implement {method} {path}")


@pytest.mark.parametrize(("service", "method", "path", "envelope"), NOT_IMPLEMENTED,
                         ids=[row[0] for row in NOT_IMPLEMENTED])
def test_unemulated_route_without_a_token_is_401(api, service: str, method: str, path: str, envelope) -> None:
    response = api.request(method, path)
    assert response.status_code == 401
    assert response.json()["error"]["title"] == "Unauthorized"
    assert response.headers["WWW-Authenticate"] == f'Keystone uri="{api.base}/identity/v3"'


def test_unemulated_method_on_an_emulated_path_is_501(api, admin_token: str) -> None:
    response = api.request("POST", "/identity/v3/regions", admin_token, json={"region": {}})
    assert response.status_code == 501
    assert response.json()["error"]["message"].endswith("POST /identity/v3/regions")


@pytest.mark.parametrize("path", ["/", "/nova", "/identityx/v3", "/v3/auth/tokens"])
def test_paths_outside_every_service_are_404(api, path: str) -> None:
    response = api.request("GET", path)
    assert response.status_code == 404
    assert "serves nothing at" in response.json()["error"]["message"]


def test_every_response_has_its_own_request_id(api, admin_token: str) -> None:
    responses = [api.request("GET", "/identity"), api.request("GET", "/identity/v3/users", admin_token),
                 api.request("GET", "/nowhere"), api.request("GET", "/compute/v2.1/os-aggregates", admin_token),
                 api.request("GET", "/identity/v3/users")]
    ids = [r.headers["x-openstack-request-id"] for r in responses]
    assert [r.status_code for r in responses] == [300, 200, 404, 501, 401]
    assert len(set(ids)) == len(ids)


def test_missing_resource_is_404_not_501(api, admin_token: str) -> None:
    response = api.request("GET", "/identity/v3/projects/nope", admin_token)
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Could not find project: nope."


def test_collections_carry_keystone_links(api, admin_token: str) -> None:
    body = api.request("GET", "/identity/v3/users?name=admin", admin_token).json()
    assert body["links"] == {"self": f"{api.base}/identity/v3/users?name=admin", "previous": None, "next": None}
    (user,) = body["users"]
    assert user["links"] == {"self": f"{api.base}/identity/v3/users/{user['id']}"}
    assert "password" not in user


def test_role_assignments_filter_and_name(api, admin_token: str) -> None:
    demo_id = api.user_id(admin_token, "demo")
    body = api.request("GET", f"/identity/v3/role_assignments?user.id={demo_id}&include_names",
                       admin_token).json()
    (assignment,) = body["role_assignments"]
    assert assignment["role"]["name"] == "Member" and assignment["user"]["name"] == "demo"
    assert assignment["scope"]["project"]["name"] == "demo"


def test_project_grant_checks_answer_204_or_404(api, admin_token: str) -> None:
    demo_id = api.user_id(admin_token, "demo")
    roles = {r["name"]: r["id"] for r in api.request("GET", "/identity/v3/roles", admin_token).json()["roles"]}
    project_id = api.request("GET", "/identity/v3/projects?name=demo", admin_token).json()["projects"][0]["id"]
    grants = f"/identity/v3/projects/{project_id}/users/{demo_id}/roles"
    assert api.request("HEAD", f"{grants}/{roles['Member']}", admin_token).status_code == 204
    assert api.request("HEAD", f"{grants}/{roles['reader']}", admin_token).status_code == 404
    assert api.request("DELETE", f"{grants}/{roles['reader']}", admin_token).status_code == 404
    listed = api.request("GET", grants, admin_token).json()["roles"]
    assert [r["name"] for r in listed] == ["Member"]


def test_service_and_endpoint_filters(api, admin_token: str) -> None:
    (compute,) = api.request("GET", "/identity/v3/services?type=compute", admin_token).json()["services"]
    endpoints = api.request("GET", f"/identity/v3/endpoints?service_id={compute['id']}&interface=public",
                            admin_token).json()["endpoints"]
    assert [(e["interface"], e["region_id"], e["url"]) for e in endpoints] == [
        ("public", "RegionOne", f"{api.base}/compute/v2.1")]
