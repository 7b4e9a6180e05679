"""Newton's admin rule: a member is refused admin APIs with the action named, but may read what is its own."""

from __future__ import annotations

import pytest

ADMIN_ONLY = [
    ("GET", "/identity/v3/users", "identity:list_users"),
    ("POST", "/identity/v3/users", "identity:create_user"),
    ("GET", "/identity/v3/projects", "identity:list_projects"),
    ("POST", "/identity/v3/projects", "identity:create_project"),
    ("GET", "/identity/v3/domains", "identity:list_domains"),
    ("GET", "/identity/v3/roles", "identity:list_roles"),
    ("GET", "/identity/v3/role_assignments", "identity:list_role_assignments"),
    ("GET", "/identity/v3/services", "identity:list_services"),
    ("GET", "/identity/v3/endpoints", "identity:list_endpoints"),
]


@pytest.mark.parametrize(("method", "path", "action"), ADMIN_ONLY, ids=[a for _, _, a in ADMIN_ONLY])
def test_member_is_refused_admin_api_naming_the_action(api, demo_token: str, method: str, path: str,
                                                       action: str) -> None:
    response = api.request(method, path, demo_token, json={})
    assert response.status_code == 403
    assert response.json() == {"error": {"code": 403, "title": "Forbidden", "message":
                                         f"You are not authorized to perform the requested action: {action}."}}


@pytest.mark.parametrize(("method", "path", "action"), ADMIN_ONLY[:1] + ADMIN_ONLY[2:3])
def test_admin_may_use_admin_api(api, admin_token: str, method: str, path: str, action: str) -> None:
    assert api.request(method, path, admin_token).status_code == 200


def test_member_reads_itself_but_not_others(api, admin_token: str, demo_token: str) -> None:
    demo_id, admin_id = api.user_id(admin_token, "demo"), api.user_id(admin_token, "admin")
    own = api.request("GET", f"/identity/v3/users/{demo_id}", demo_token)
    assert own.status_code == 200 and own.json()["user"]["name"] == "demo"
    other = api.request("GET", f"/identity/v3/users/{admin_id}", demo_token)
    assert other.status_code == 403
    assert other.json()["error"]["message"].endswith("identity:get_user.")


def test_member_lists_its_own_projects(api, demo_token: str) -> None:
    response = api.request("GET", "/identity/v3/auth/projects", demo_token)
    assert response.status_code == 200
    assert [p["name"] for p in response.json()["projects"]] == ["demo"]
    assert response.json()["links"]["next"] is None


def test_member_reads_its_project_and_regions(api, demo_token: str) -> None:
    project_id = api.validate(demo_token, demo_token).json()["token"]["project"]["id"]
    assert api.request("GET", f"/identity/v3/projects/{project_id}", demo_token).status_code == 200
    regions = api.request("GET", "/identity/v3/regions", demo_token)
    assert regions.status_code == 200 and [r["id"] for r in regions.json()["regions"]] == ["RegionOne"]


def test_auth_catalog_needs_a_project_scoped_token(api, demo_token: str, password: str) -> None:
    catalog = api.request("GET", "/identity/v3/auth/catalog", demo_token)
    assert catalog.status_code == 200
    assert {s["type"] for s in catalog.json()["catalog"]} >= {"compute", "identity"}
    unscoped = api.token("demo", password)
    assert api.request("GET", "/identity/v3/auth/catalog", unscoped).status_code == 403


def test_admin_rule_ignores_role_name_case(start_cloud, tmp_path, password: str) -> None:
    scenario = tmp_path / "lowercase.yaml"
    scenario.write_text("name: lowercase\ndescription: modern role names\nbase: newton-lxd\n"
                        "identity: {roles: {admin: admin, member: member}}\n")
    modern = start_cloud(str(scenario))
    token = modern.token("admin", password, project="admin")
    assert modern.request("GET", "/identity/v3/users", token).status_code == 200
    member = modern.token("demo", password, project="demo")
    assert modern.request("GET", "/identity/v3/users", member).status_code == 403
