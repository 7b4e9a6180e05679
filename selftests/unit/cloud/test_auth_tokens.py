"""v3 password and token authentication: scopes, catalogs, token formats, and refusals."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

ISO_EXPIRES = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000Z$")
ISO_ISSUED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def catalog_urls(token: dict, service_type: str) -> set[str]:
    return {e["url"] for s in token["catalog"] if s["type"] == service_type for e in s["endpoints"]}


def test_project_scoped_token_carries_roles_and_catalog(api, password: str) -> None:
    response = api.auth("admin", password, project="admin")
    assert response.status_code == 201
    token = response.json()["token"]
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Subject-Token"])
    assert token["methods"] == ["password"]
    assert token["project"]["name"] == "admin"
    assert token["project"]["domain"] == {"id": "default", "name": "Default"}
    assert token["user"]["name"] == "admin" and token["user"]["domain"] == {"id": "default", "name": "Default"}
    assert token["user"]["password_expires_at"] is None
    assert token["is_domain"] is False
    assert [r["name"] for r in token["roles"]] == ["Admin"]
    assert ISO_EXPIRES.match(token["expires_at"]) and ISO_ISSUED.match(token["issued_at"])
    assert len(token["audit_ids"]) == 1 and re.fullmatch(r"[A-Za-z0-9_-]{22}", token["audit_ids"][0])


def test_catalog_lists_each_service_on_three_interfaces(api, password: str) -> None:
    token = api.auth("admin", password, project="admin").json()["token"]
    services = {(s["type"], s["name"]) for s in token["catalog"]}
    assert services == {("identity", "keystone"), ("compute", "nova"), ("image", "glance"),
                        ("network", "neutron"), ("volumev3", "cinderv3"), ("volumev2", "cinderv2")}
    for service in token["catalog"]:
        assert sorted(e["interface"] for e in service["endpoints"]) == ["admin", "internal", "public"]
        assert {(e["region"], e["region_id"]) for e in service["endpoints"]} == {("RegionOne", "RegionOne")}
        assert len({e["url"] for e in service["endpoints"]}) == 1
    assert catalog_urls(token, "identity") == {f"{api.base}/identity/v3"}
    assert catalog_urls(token, "compute") == {f"{api.base}/compute/v2.1"}
    assert catalog_urls(token, "image") == {f"{api.base}/image"}
    assert catalog_urls(token, "network") == {f"{api.base}/network"}


def test_catalog_substitutes_the_scoped_project_id(api, password: str) -> None:
    token = api.auth("demo", password, project="demo").json()["token"]
    project_id = token["project"]["id"]
    assert catalog_urls(token, "volumev3") == {f"{api.base}/volume/v3/{project_id}"}
    assert catalog_urls(token, "volumev2") == {f"{api.base}/volume/v2/{project_id}"}


def test_project_by_id_scopes_like_by_name(api, password: str) -> None:
    project_id = api.auth("demo", password, project="demo").json()["token"]["project"]["id"]
    response = api.auth("demo", password, scope={"project": {"id": project_id}})
    assert response.status_code == 201
    assert response.json()["token"]["project"]["id"] == project_id


@pytest.mark.parametrize("scope", [{"scope": "unscoped"}, {}], ids=["explicitly-unscoped", "no-scope"])
def test_unscoped_token_has_no_roles_nor_catalog(api, password: str, scope: dict) -> None:
    response = api.auth("admin", password, **scope)
    assert response.status_code == 201
    token = response.json()["token"]
    assert not {"roles", "catalog", "project", "domain"} & token.keys()
    assert token["user"]["name"] == "admin"


def test_nocatalog_leaves_the_catalog_out(api, password: str) -> None:
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"id": "default"}, "password": password}}},
        "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}
    response = api.request("POST", "/identity/v3/auth/tokens?nocatalog", json=body)
    assert response.status_code == 201
    assert "catalog" not in response.json()["token"]
    assert response.json()["token"]["roles"]


@pytest.fixture
def admin_on_default_domain(api, admin_token: str) -> Iterator[None]:
    """The admin user holds the admin role on domain `default` for the test."""
    user_id = api.user_id(admin_token, "admin")
    role_id = api.request("GET", "/identity/v3/roles?name=Admin", admin_token).json()["roles"][0]["id"]
    grant = f"/identity/v3/domains/default/users/{user_id}/roles/{role_id}"
    assert api.request("PUT", grant, admin_token).status_code == 204
    yield
    assert api.request("DELETE", grant, admin_token).status_code == 204


def test_domain_scope_needs_a_role_on_the_domain(api, password: str) -> None:
    response = api.auth("admin", password, domain="Default")
    assert response.status_code == 401
    assert "has no access to domain default" in response.json()["error"]["message"]


@pytest.mark.usefixtures("admin_on_default_domain")
def test_domain_scoped_catalog_leaves_out_project_endpoints(api, password: str) -> None:
    response = api.auth("admin", password, domain="Default")
    assert response.status_code == 201
    token = response.json()["token"]
    assert token["domain"] == {"id": "default", "name": "Default"}
    assert "project" not in token
    assert [r["name"] for r in token["roles"]] == ["Admin"]
    assert catalog_urls(token, "compute") == {f"{api.base}/compute/v2.1"}
    assert catalog_urls(token, "volumev3") == set()


@pytest.mark.parametrize(("user", "secret"), [("admin", "wrong"), ("nobody", "whatever")],
                         ids=["wrong-password", "unknown-user"])
def test_bad_credentials_are_401_with_www_authenticate(api, user: str, secret: str) -> None:
    response = api.auth(user, secret, project="admin")
    assert response.status_code == 401
    assert response.json() == {"error": {"code": 401, "title": "Unauthorized",
                                         "message": "The request you have made requires authentication."}}
    assert response.headers["WWW-Authenticate"] == f'Keystone uri="{api.base}/identity/v3"'


def test_project_without_a_role_is_401_naming_it(api, admin_token: str, password: str) -> None:
    response = api.auth("demo", password, project="admin")
    assert response.status_code == 401
    demo_id = api.user_id(admin_token, "demo")
    assert re.fullmatch(rf"User {demo_id} has no access to project [0-9a-f]{{32}}",
                        response.json()["error"]["message"])


def test_token_method_rescopes_and_keeps_expiry(api, password: str) -> None:
    unscoped = api.auth("admin", password)
    body = {"auth": {"identity": {"methods": ["token"], "token": {"id": unscoped.headers["X-Subject-Token"]}},
                     "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}
    response = api.request("POST", "/identity/v3/auth/tokens", json=body)
    assert response.status_code == 201
    token, parent = response.json()["token"], unscoped.json()["token"]
    assert token["methods"] == ["token", "password"]
    assert token["project"]["name"] == "admin"
    assert token["expires_at"] == parent["expires_at"]
    assert token["audit_ids"][1] == parent["audit_ids"][0]


def test_token_method_with_an_unknown_token_is_401(api) -> None:
    body = {"auth": {"identity": {"methods": ["token"], "token": {"id": "0" * 32}}}}
    assert api.request("POST", "/identity/v3/auth/tokens", json=body).status_code == 401


def test_user_by_id_authenticates(api, admin_token: str, password: str) -> None:
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "id": api.user_id(admin_token, "demo"), "password": password}}}}}
    assert api.request("POST", "/identity/v3/auth/tokens", json=body).status_code == 201


@pytest.mark.parametrize("body", [{}, {"auth": {}}, {"auth": {"identity": {"methods": ["password"]}}}],
                         ids=["no-auth", "no-identity", "no-password"])
def test_malformed_auth_body_is_400(api, body: dict) -> None:
    response = api.request("POST", "/identity/v3/auth/tokens", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("Expecting to find")


def test_fernet_scenario_issues_opaque_fernet_tokens(start_cloud, password: str) -> None:
    fernet = start_cloud("newton-lxd-fernet")
    token_id = fernet.token("admin", password, project="admin")
    assert token_id.startswith("gAAAAAB") and "=" not in token_id
    assert 170 <= len(token_id) <= 200
    assert re.fullmatch(r"[A-Za-z0-9_-]+", token_id)
    assert fernet.validate(token_id, token_id).status_code == 200
