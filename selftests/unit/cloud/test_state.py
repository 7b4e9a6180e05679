"""In-process checks of the cloud's state, clock and error mapping (no HTTP): what HTTP tests reach only slowly."""

from __future__ import annotations

import pytest

from lxdstack.cloud.core.app import implemented_routes
from lxdstack.cloud.core.errors import NotFound, envelope
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.identity.backend import Credentials, Ref, Scope
from lxdstack.cloud.scenario import load_scenario

BASE = "http://127.0.0.1:1"


def admin_token(cloud: CloudState) -> str:
    credentials = Credentials(user=Ref(name="admin", domain_id="default"), password="pw")
    return cloud.identity.authenticate(credentials, Scope("project", Ref(name="admin", domain_id="default"))).id


def test_advancing_the_clock_expires_tokens() -> None:
    cloud = CloudState(load_scenario("newton-lxd"), BASE, "pw")
    token_id = admin_token(cloud)
    cloud.clock.advance(3599)
    cloud.identity.tokens.validate(token_id)
    cloud.clock.advance(1)
    with pytest.raises(NotFound, match="^Failed to validate token$"):
        cloud.identity.tokens.validate(token_id)


def test_clock_never_goes_back() -> None:
    with pytest.raises(ValueError):
        CloudState(load_scenario("newton-lxd"), BASE, "pw").clock.advance(-1)


def test_reset_returns_to_the_scenarios_start() -> None:
    cloud = CloudState(load_scenario("fault-tokens-not-revoked"), BASE, "pw")
    token_id = admin_token(cloud)
    cloud.identity.directory.create_user({"name": "extra"})
    cloud.faults.revoke_tokens = True
    cloud.reset()
    assert cloud.identity.tokens.issued() == []
    assert sorted(u.name for u in cloud.identity.directory.users.values()) == ["admin", "demo"]
    assert cloud.faults.revoke_tokens is False
    with pytest.raises(NotFound, match=token_id):
        cloud.identity.tokens.validate(token_id)


@pytest.mark.parametrize(
    ("service", "code", "title", "expected"),
    [
        ("identity", 409, "Conflict", {"error": {"code": 409, "title": "Conflict", "message": "m"}}),
        ("compute", 404, "Not Found", {"itemNotFound": {"code": 404, "message": "m"}}),
        ("compute", 409, "Conflict", {"conflictingRequest": {"code": 409, "message": "m"}}),
        ("volume", 400, "Bad Request", {"badRequest": {"code": 400, "message": "m"}}),
        ("volume", 500, "Internal Server Error", {"computeFault": {"code": 500, "message": "m"}}),
        ("network", 404, "Not Found", {"NeutronError": {"type": "HTTPNotFound", "message": "m", "detail": ""}}),
        ("image", 403, "Forbidden", {"code": "403 Forbidden", "title": "Forbidden", "message": "m<br /><br />\n\n\n"}),
        ("network", 401, "Unauthorized", {"error": {"code": 401, "title": "Unauthorized", "message": "m"}}),
    ],
)
def test_one_mapping_gives_each_service_its_envelope(service: str, code: int, title: str, expected: dict) -> None:
    assert envelope(service, code, title, "m") == expected


def test_route_list_names_every_emulated_route() -> None:
    routes = implemented_routes()
    assert ("POST", "/identity/v3/auth/tokens") in routes
    assert ("GET", "/compute/v2.1") in routes
    assert ("GET", "/volume") in routes
    assert len(routes) == len(set(routes))
