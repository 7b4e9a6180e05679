"""Keystone's v2.0 token API: password and token auth, the v2.0 catalog, admin-only validation."""

from __future__ import annotations

from keystoneauth1 import session
from keystoneauth1.identity import v2


def v2_body(password: str, tenant: str | None = "admin", user: str = "admin") -> dict:
    auth: dict = {"passwordCredentials": {"username": user, "password": password}}
    if tenant:
        auth["tenantName"] = tenant
    return {"auth": auth}


def test_keystoneauth_v2_password_gets_a_scoped_token(cloud, password: str) -> None:
    auth_url = cloud.auth_url.removesuffix("/v3") + "/v2.0"
    auth = v2.Password(auth_url=auth_url, username="admin", password=password, tenant_name="admin")
    sess = session.Session(auth=auth)
    access = auth.get_access(sess)
    assert access.project_name == "admin" and access.username == "admin"
    assert access.role_names == ["Admin"]
    assert sess.get_endpoint(service_type="compute", interface="public") == cloud.auth_url.replace(
        "/identity/v3", "/compute/v2.1")
    volume = sess.get_endpoint(service_type="volumev2", interface="admin")
    assert volume.endswith(f"/volume/v2/{access.project_id}")


def test_v2_access_has_newtons_shape(api, password: str) -> None:
    response = api.request("POST", "/identity/v2.0/tokens", json=v2_body(password))
    assert response.status_code == 200
    access = response.json()["access"]
    assert access["token"]["tenant"]["name"] == "admin" and access["token"]["expires"].endswith("Z")
    assert access["user"]["username"] == "admin" and access["user"]["roles"] == [{"name": "Admin"}]
    assert access["metadata"]["is_admin"] == 0 and len(access["metadata"]["roles"]) == 1
    compute = next(s for s in access["serviceCatalog"] if s["type"] == "compute")
    (endpoint,) = compute["endpoints"]
    assert endpoint["region"] == "RegionOne"
    assert endpoint["publicURL"] == endpoint["internalURL"] == endpoint["adminURL"] == f"{api.base}/compute/v2.1"
    assert compute["endpoints_links"] == []


def test_v2_token_auth_rescopes_and_works_on_v3(api, password: str) -> None:
    unscoped = api.request("POST", "/identity/v2.0/tokens", json=v2_body(password, tenant=None)).json()
    assert "tenant" not in unscoped["access"]["token"] and unscoped["access"]["serviceCatalog"] == []
    body = {"auth": {"token": {"id": unscoped["access"]["token"]["id"]}, "tenantName": "admin"}}
    scoped = api.request("POST", "/identity/v2.0/tokens", json=body)
    assert scoped.status_code == 200
    token_id = scoped.json()["access"]["token"]["id"]
    assert api.request("GET", "/identity/v3/users", token_id).status_code == 200


def test_v2_wrong_password_is_401(api) -> None:
    response = api.request("POST", "/identity/v2.0/tokens", json=v2_body("wrong"))
    assert response.status_code == 401
    assert "WWW-Authenticate" in response.headers


def test_v2_validation_is_admin_only(api, admin_token: str, demo_token: str) -> None:
    ok = api.request("GET", f"/identity/v2.0/tokens/{demo_token}", admin_token)
    assert ok.status_code == 200 and ok.json()["access"]["user"]["name"] == "demo"
    assert api.request("HEAD", f"/identity/v2.0/tokens/{demo_token}", admin_token).status_code == 200
    assert api.request("GET", f"/identity/v2.0/tokens/{admin_token}", demo_token).status_code == 403
    missing = api.request("GET", f"/identity/v2.0/tokens/{'f' * 32}", admin_token)
    assert missing.status_code == 404
