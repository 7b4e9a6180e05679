"""Fixtures for Cinder's emulation: clouds of several scenarios, shared by the session, each test cleaning up.

The volume tests never use the session's newton-lxd cloud: they move clocks forward and fill quotas, which other
tests should not see. `cinder(scenario)` gives a `Cinder` client for a cloud of that scenario (started once per
session); every server and volume it creates is removed when the test ends. `SLOW` is newton-lxd with volumes
that take 30 s on the cloud's clock, so a test sees `creating` for as long as it likes and moves on by advancing
the clock; `connect(c.cloud)` (from the parent conftest) is an openstacksdk Connection to the same cloud.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from lxdstack.cloud.scenario import load_scenario
from lxdstack.embedded import EmbeddedCloud

SLOW = "slow-volumes"
_SCENARIO_FILES = {
    SLOW: "base: newton-lxd\npace: {volume_seconds: 30}\n",
    "small-quota": "base: newton-lxd\nvolume: {quotas: {volumes: 2, gigabytes: 5}}\n",
    "typed": "base: newton-lxd\nvolume: {default_type: ceph}\n",
}


class Cinder:
    """Raw HTTP to one cloud's Cinder (and what volume tests need of Nova, Glance and the control API)."""

    def __init__(self, api: Any) -> None:
        self.api = api
        self.cloud: EmbeddedCloud = api.cloud
        self.admin, self.admin_project = self._login("admin")
        self.member, self.member_project = self._login("demo")
        self.volumes: list[tuple[str, str]] = []  # (volume id, token)
        self.servers: list[str] = []

    def _login(self, user: str) -> tuple[str, str]:
        response = self.api.auth(user, project="admin" if user == "admin" else "demo")
        assert response.status_code == 201, response.text
        return response.headers["X-Subject-Token"], response.json()["token"]["project"]["id"]

    def project_of(self, token: str) -> str:
        return self.admin_project if token == self.admin else self.member_project

    def call(self, method: str, path: str, token: str | None = None, version: str | None = None,
             api: str = "v3", project: str | None = None, **kwargs: Any) -> requests.Response:
        """`path` under `/volume/{api}/{project}` (the token's project unless `project` says otherwise)."""
        token = token or self.admin
        headers = dict(kwargs.pop("headers", {}))
        if version is not None:
            headers["OpenStack-API-Version"] = f"volume {version}"
        prefix = f"/volume/{api}/{project or self.project_of(token)}"
        return self.api.request(method, prefix + path, token, headers=headers, **kwargs)

    def get(self, path: str, token: str | None = None, version: str | None = None, **kw: Any) -> requests.Response:
        return self.call("GET", path, token, version, **kw)

    def create_request(self, size: Any = 1, token: str | None = None, version: str | None = None,
                       **extra: Any) -> requests.Response:
        response = self.call("POST", "/volumes", token, version, json={"volume": {"size": size, **extra}})
        if response.status_code == 202:
            self.volumes.append((response.json()["volume"]["id"], token or self.admin))
        return response

    def create(self, size: Any = 1, token: str | None = None, **extra: Any) -> dict:
        response = self.create_request(size, token, **extra)
        assert response.status_code == 202, response.text
        return response.json()["volume"]

    def volume(self, volume_id: str, token: str | None = None, version: str | None = None) -> dict:
        response = self.get(f"/volumes/{volume_id}", token, version)
        assert response.status_code == 200, response.text
        return response.json()["volume"]

    def pace(self) -> float:
        return load_scenario(self.cloud.scenario).pace.volume_seconds

    def advance(self, seconds: float | None = None) -> None:
        """Move the cloud's clock on, by one asynchronous step (`pace.volume_seconds`) unless told."""
        seconds = self.pace() + 0.01 if seconds is None else seconds
        response = self.api.request("POST", "/_lxdstack/clock/advance", self.admin, json={"seconds": seconds})
        assert response.status_code == 200, response.text

    def nova(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> requests.Response:
        headers = {"OpenStack-API-Version": "compute 2.38", **kwargs.pop("headers", {})}
        return self.api.request(method, f"/compute/v2.1{path}", token or self.admin, headers=headers, **kwargs)

    def boot(self, token: str | None = None, active: bool = True) -> str:
        """A server of m1.tiny from xenial, ACTIVE unless `active` is false (then still BUILD)."""
        image = self.api.request("GET", "/image/v2/images?name=xenial", self.admin).json()["images"][0]["id"]
        body = {"server": {"name": "vm", "imageRef": image, "flavorRef": "1", "networks": "none"}}
        response = self.nova("POST", "/servers", token, json=body)
        assert response.status_code == 202, response.text
        server_id = response.json()["server"]["id"]
        self.servers.append(server_id)
        if active:
            self.advance(load_scenario(self.cloud.scenario).pace.boot_seconds + 0.01)
        return server_id

    def attach(self, server_id: str, volume_id: str, token: str | None = None, **extra: Any) -> requests.Response:
        body = {"volumeAttachment": {"volumeId": volume_id, **extra}}
        return self.nova("POST", f"/servers/{server_id}/os-volume_attachments", token, json=body)

    def cleanup(self) -> None:
        """Servers first (which detaches their volumes), then the volumes, then time for them to be gone."""
        for server_id in self.servers:
            self.nova("DELETE", f"/servers/{server_id}")
        self.advance()
        for volume_id, token in self.volumes:
            self.call("DELETE", f"/volumes/{volume_id}", token)
        self.advance()
        self.servers.clear()
        self.volumes.clear()


@pytest.fixture
def cinder(scenario_clouds: Any) -> Iterator[Callable[[str], Cinder]]:
    """`cinder(scenario)`: a Cinder client on a (session-wide) cloud of that scenario: a built-in name, or one of
    this folder's scenario files (`SLOW`, `small-quota`, `typed`)."""
    yield from scenario_clouds.clients("volume", Cinder, _SCENARIO_FILES)
