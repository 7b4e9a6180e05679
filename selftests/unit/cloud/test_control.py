"""The control API: admin only; moves the cloud's clock; lists the tokens the cloud issued."""

from lxdstack.cloud.core.app import control_route_list


def test_control_api_needs_a_token(api) -> None:
    assert api.request("GET", "/_lxdstack/scenario").status_code == 401


def test_control_api_is_for_admins_only(api, demo_token: str) -> None:
    response = api.request("GET", "/_lxdstack/tokens", token=demo_token)
    assert response.status_code == 403
    assert "lxdstack:list_tokens" in response.json()["error"]["message"]


def test_scenario_names_itself_and_its_faults(api, admin_token: str) -> None:
    body = api.request("GET", "/_lxdstack/scenario", token=admin_token).json()
    assert (body["name"], body["expects"], body["faults"]["revoke_tokens"]) == ("newton-lxd", "newton-lxd", True)


def test_every_issued_token_is_listed(api, admin_token: str, demo_token: str) -> None:
    listed = {t["id"] for t in api.request("GET", "/_lxdstack/tokens", token=admin_token).json()["tokens"]}
    assert {admin_token, demo_token} <= listed


def test_clock_refuses_to_go_backwards(start_cloud, password: str) -> None:
    cloud = start_cloud("newton-lxd")
    admin = cloud.token("admin", password, project="admin")
    response = cloud.request("POST", "/_lxdstack/clock/advance", token=admin, json={"seconds": -5})
    assert response.status_code == 400


def test_control_routes_are_listed_apart_from_the_emulated_ones() -> None:
    assert ("GET", "/_lxdstack/tokens") in control_route_list()
