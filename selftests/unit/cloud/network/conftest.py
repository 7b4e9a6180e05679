"""Fixtures for Neutron's emulation (and Nova's use of it): clouds of several scenarios, shared by the session.

The network tests never use the session's newton-lxd cloud: they make ports, boot servers and move clocks, which
other tests should not see. `neutron(scenario)` gives a `Neutron` client for a cloud of that scenario (started once
per session); whatever it makes is deleted when the test ends, servers first, in reverse order of creation.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from lxdstack.embedded import EmbeddedCloud

NOVA_LATEST = "2.38"


def unique(purpose: str) -> str:
    return f"nt-{purpose}-{uuid.uuid4().hex[:6]}"


class Neutron:
    """Raw HTTP to one cloud's Neutron (and the Nova calls that bind ports), cleaning up after itself."""

    def __init__(self, api: Any) -> None:
        self.api = api
        self.cloud: EmbeddedCloud = api.cloud
        self.admin = api.token("admin", project="admin")
        self.member = api.token("demo", project="demo")
        self._made: list[tuple[str, str]] = []  # (path, id) in creation order

    def call(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> requests.Response:
        return self.api.request(method, f"/network/v2.0{path}", token or self.admin, **kwargs)

    def ok(self, method: str, path: str, status: int = 200, token: str | None = None, **kwargs: Any) -> Any:
        response = self.call(method, path, token, **kwargs)
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    def find(self, collection: str, name: str, token: str | None = None, query: str = "") -> dict:
        (item,) = self.ok("GET", f"/{collection}?name={name}{query}", token=token)[collection.replace("-", "_")]
        return item

    def default_group(self, project_id: str) -> dict:
        return self.find("security-groups", "default", query=f"&project_id={project_id}")

    def create(self, collection: str, resource: str, token: str | None = None, **attrs: Any) -> dict:
        made = self.ok("POST", f"/{collection}", 201, token, json={resource: attrs})[resource]
        self._made.append((f"/network/v2.0/{collection}", made["id"]))
        return made

    def port(self, network: str = "internal", token: str | None = None, **attrs: Any) -> dict:
        network_id = self.find("networks", network, token)["id"]
        return self.create("ports", "port", token, network_id=network_id, name=attrs.pop("name", unique("port")),
                           **attrs)

    def network_with_subnet(self, cidr: str, token: str | None = None, **subnet: Any) -> tuple[dict, dict]:
        network = self.create("networks", "network", token, name=unique("net"))
        made = self.create("subnets", "subnet", token, network_id=network["id"], cidr=cidr, ip_version=4,
                           name=unique("subnet"), **subnet)
        return network, made

    def nova(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> requests.Response:
        headers = {"OpenStack-API-Version": f"compute {NOVA_LATEST}"}
        return self.api.request(method, f"/compute/v2.1{path}", token or self.admin, headers=headers, **kwargs)

    def boot_request(self, networks: Any, token: str | None = None, **extra: Any) -> requests.Response:
        image = self.api.request("GET", "/image/v2/images?name=xenial", self.admin).json()["images"][0]["id"]
        server = {"name": unique("vm"), "imageRef": image, "flavorRef": "1", "networks": networks, **extra}
        response = self.nova("POST", "/servers", token, json={"server": server})
        if response.status_code == 202:
            self._made.append(("/compute/v2.1/servers", response.json()["server"]["id"]))
        return response

    def boot(self, networks: Any, token: str | None = None, **extra: Any) -> str:
        response = self.boot_request(networks, token, **extra)
        assert response.status_code == 202, response.text
        return response.json()["server"]["id"]

    def server(self, server_id: str, token: str | None = None) -> dict:
        response = self.nova("GET", f"/servers/{server_id}", token)
        assert response.status_code == 200, response.text
        return response.json()["server"]

    def advance(self, seconds: float) -> None:
        response = self.api.request("POST", "/_lxdstack/clock/advance", self.admin, json={"seconds": seconds})
        assert response.status_code == 200, response.text

    def cleanup(self) -> None:
        servers = [(p, i) for p, i in self._made if p.startswith("/compute")]
        for path, ident in [*reversed(servers), *reversed([m for m in self._made if m not in servers])]:
            if path.endswith("/routers"):
                for port in self.ok("GET", f"/ports?device_id={ident}")["ports"]:
                    if port["device_owner"] == "network:router_interface":
                        self.call("PUT", f"/routers/{ident}/remove_router_interface", json={"port_id": port["id"]})
            self.api.request("DELETE", f"{path}/{ident}", self.admin)
        self._made.clear()


@pytest.fixture
def neutron(scenario_clouds: Any) -> Iterator[Callable[[str], Neutron]]:
    """`neutron(scenario)`: a Neutron client on a (session-wide) cloud of that scenario."""
    yield from scenario_clouds.clients("network", Neutron)
