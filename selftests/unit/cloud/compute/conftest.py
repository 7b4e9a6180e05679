"""Fixtures for Nova's emulation: clouds of several scenarios, shared by the session, each test cleaning up.

The compute tests never use the session's newton-lxd cloud: they move clocks forward and create servers, which
other tests should not see. `nova(scenario)` gives a `Nova` client for a cloud of that scenario (started once per
session); every server it creates is deleted when the test ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from lxdstack.cloud.scenario import load_scenario
from lxdstack.embedded import EmbeddedCloud

LATEST = "2.38"


def at_least(version: str, minimum: str) -> bool:
    return tuple(map(int, version.split("."))) >= tuple(map(int, minimum.split(".")))


class Nova:
    """Raw HTTP to one cloud's Nova (and what Nova tests need of Glance and the control API)."""

    def __init__(self, api: Any) -> None:
        self.api = api
        self.cloud: EmbeddedCloud = api.cloud
        self.admin = api.token("admin", project="admin")
        self.member = api.token("demo", project="demo")
        self.created: list[str] = []

    def call(self, method: str, path: str, token: str | None = None, version: str | None = None,
             **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if version is not None:
            headers["OpenStack-API-Version"] = f"compute {version}"
        return self.api.request(method, f"/compute/v2.1{path}", token or self.admin, headers=headers, **kwargs)

    def get(self, path: str, token: str | None = None, version: str | None = None, **kw: Any) -> requests.Response:
        return self.call("GET", path, token, version, **kw)

    def ok(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        response = self.call(method, path, **kwargs)
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    def image_id(self, name: str = "xenial") -> str:
        response = self.api.request("GET", f"/image/v2/images?name={name}", self.admin)
        (image,) = response.json()["images"]
        return image["id"]

    def network_id(self, name: str) -> str:
        response = self.api.request("GET", f"/network/v2.0/networks?name={name}", self.admin)
        (network,) = response.json()["networks"]
        return network["id"]

    def advance(self, seconds: float) -> None:
        response = self.api.request("POST", "/_lxdstack/clock/advance", self.admin, json={"seconds": seconds})
        assert response.status_code == 200, response.text

    def boot_request(self, name: str = "vm", flavor: str = "1", zone: str | None = None,
                     token: str | None = None, version: str = LATEST, **extra: Any) -> requests.Response:
        server: dict[str, Any] = {"name": name, "imageRef": extra.pop("image", None) or self.image_id(),
                                  "flavorRef": flavor, **extra}
        if at_least(version, "2.37") and "networks" not in server:
            server["networks"] = "none"
        elif "networks" not in server and token in (None, self.admin):
            # The admin project owns ext_net and internal, so Nova needs one named (else NetworkAmbiguous).
            server["networks"] = [{"uuid": self.network_id("internal")}]
        if zone is not None:
            server["availability_zone"] = zone
        response = self.call("POST", "/servers", token, version, json={"server": server})
        if response.status_code == 202:
            self.created.append(response.json()["server"]["id"])
        return response

    def boot(self, *args: Any, **kwargs: Any) -> str:
        response = self.boot_request(*args, **kwargs)
        assert response.status_code == 202, response.text
        return response.json()["server"]["id"]

    def server(self, server_id: str, token: str | None = None, version: str = LATEST) -> dict:
        response = self.get(f"/servers/{server_id}", token, version)
        assert response.status_code == 200, response.text
        return response.json()["server"]

    def settled(self, server_id: str, token: str | None = None, version: str = LATEST) -> dict:
        """The server once its boot time has passed on the cloud's clock."""
        self.advance(self.boot_seconds() + 0.01)
        return self.server(server_id, token, version)

    def boot_seconds(self) -> float:
        return load_scenario(self.cloud.scenario).pace.boot_seconds

    def cleanup(self) -> None:
        for server_id in self.created:
            self.call("DELETE", f"/servers/{server_id}")
        self.created.clear()


@pytest.fixture
def nova(scenario_clouds: Any) -> Iterator[Callable[[str], Nova]]:
    """`nova(scenario)`: a Nova client on a (session-wide) cloud of that scenario, name or file."""
    yield from scenario_clouds.clients("compute", Nova)
