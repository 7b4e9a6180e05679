"""Validating, checking and revoking tokens, and who may do it (Newton's policy)."""

from __future__ import annotations

import pytest


def test_validate_returns_the_subject_token(api, admin_token: str, demo_token: str) -> None:
    response = api.validate(admin_token, demo_token)
    assert response.status_code == 200
    assert response.headers["X-Subject-Token"] == demo_token
    token = response.json()["token"]
    assert token["user"]["name"] == "demo" and token["project"]["name"] == "demo"
    assert [r["name"] for r in token["roles"]] == ["Member"]
    assert token["catalog"]


def test_validate_honours_nocatalog(api, admin_token: str, demo_token: str) -> None:
    response = api.request("GET", "/identity/v3/auth/tokens?nocatalog", admin_token,
                           headers={"X-Subject-Token": demo_token})
    assert response.status_code == 200
    assert "catalog" not in response.json()["token"]


def test_head_checks_without_a_body(api, admin_token: str, demo_token: str) -> None:
    response = api.validate(admin_token, demo_token, "HEAD")
    assert response.status_code == 200
    assert response.headers["X-Subject-Token"] == demo_token
    assert response.content == b""


def test_head_keeps_the_validation_s_content_headers(api, admin_token: str, demo_token: str) -> None:
    """Newton's render_response gives a HEAD the GET's Content-Type and Content-Length, only the body goes."""
    got = api.validate(admin_token, demo_token)
    head = api.validate(admin_token, demo_token, "HEAD")
    assert head.headers["Content-Type"] == got.headers["Content-Type"] == "application/json"
    assert head.headers["Content-Length"] == got.headers["Content-Length"] == str(len(got.content))


def test_every_keystone_answer_varies_on_the_token(api, admin_token: str, demo_token: str) -> None:
    """keystone/common/wsgi.py render_response adds `Vary: X-Auth-Token` to answers, errors and discovery alike;
    other services do not."""
    answers = [api.validate(admin_token, demo_token), api.validate(admin_token, "0" * 32),
               api.request("GET", "/identity"), api.request("GET", "/identity/v3/auth/catalog", admin_token)]
    assert [a.headers.get("Vary") for a in answers] == ["X-Auth-Token"] * 4
    assert "X-Auth-Token" not in api.request("GET", "/network/v2.0/networks", admin_token).headers.get("Vary", "")


def test_auth_catalog_links_only_to_itself(api, admin_token: str) -> None:
    """Not a collection in Newton (auth/controllers.py get_auth_catalog): no previous or next link."""
    body = api.request("GET", "/identity/v3/auth/catalog", admin_token).json()
    assert body["links"] == {"self": f"{api.base}/identity/v3/auth/catalog"}


def test_delete_revokes_the_token(api, admin_token: str, password: str) -> None:
    victim = api.token("demo", password, project="demo")
    assert api.validate(admin_token, victim, "DELETE").status_code == 204
    response = api.validate(admin_token, victim)
    assert response.status_code == 404
    assert response.json()["error"] == {"code": 404, "title": "Not Found", "message": "Failed to validate token"}
    assert api.request("GET", "/identity/v3/auth/projects", victim).status_code == 401


def test_user_may_revoke_its_own_token(api, password: str) -> None:
    own = api.token("demo", password, project="demo")
    assert api.validate(own, own, "DELETE").status_code == 204
    assert api.request("GET", "/identity/v3/auth/projects", own).status_code == 401


def test_unknown_uuid_token_is_404_naming_it(api, admin_token: str) -> None:
    unknown = "0123456789abcdef0123456789abcdef"
    response = api.validate(admin_token, unknown)
    assert response.status_code == 404
    assert response.json()["error"]["message"] == f"Could not find token: {unknown}."


def test_unknown_fernet_token_is_not_recognized(start_cloud, password: str) -> None:
    fernet = start_cloud("newton-lxd-fernet")
    caller = fernet.token("admin", password, project="admin")
    response = fernet.validate(caller, "gAAAAABnotatoken")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "This is not a recognized Fernet token gAAAAABnotatoken"


def test_expired_token_fails_validation_and_authentication(start_cloud, password: str) -> None:
    cloud = start_cloud("newton-lxd")
    token = cloud.token("admin", password, project="admin")
    assert cloud.validate(token, token).status_code == 200
    # Move the cloud's clock past the scenario's token lifetime (3600 s) instead of waiting for it.
    assert cloud.request("POST", "/_lxdstack/clock/advance", token=token, json={"seconds": 3601}).status_code == 200
    assert cloud.validate(token, token).status_code == 401, "an expired token still authenticates"
    fresh = cloud.token("admin", password, project="admin")
    response = cloud.validate(fresh, token)
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Failed to validate token"


@pytest.mark.parametrize(("method", "action"), [("GET", "identity:validate_token"),
                                                ("HEAD", "identity:check_token"),
                                                ("DELETE", "identity:revoke_token")])
def test_member_may_not_touch_another_users_token(api, admin_token: str, demo_token: str, method: str,
                                                  action: str) -> None:
    response = api.validate(demo_token, admin_token, method)
    assert response.status_code == 403
    if method != "HEAD":
        assert response.json()["error"]["message"] == (
            f"You are not authorized to perform the requested action: {action}.")
    assert api.validate(admin_token, admin_token).status_code == 200


def test_member_may_validate_its_own_token(api, demo_token: str) -> None:
    assert api.validate(demo_token, demo_token).status_code == 200


@pytest.mark.parametrize("header", [None, "", "garbage"], ids=["missing", "empty", "unknown"])
def test_protected_route_without_a_valid_token_is_401(api, header: str | None) -> None:
    headers = {} if header is None else {"X-Auth-Token": header}
    response = api.request("GET", "/identity/v3/users", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == f'Keystone uri="{api.base}/identity/v3"'
    assert response.json()["error"]["message"] == "The request you have made requires authentication."
