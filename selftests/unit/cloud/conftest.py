"""Fixtures for the embedded cloud's own tests: real processes, real HTTP, loopback only.

One newton-lxd cloud serves the whole session; a test that needs another scenario (a fault, Fernet tokens, a short
token lifetime) starts its own with `start_cloud`, so faults never leak into other tests. The per-service folders
(compute, network, volume) share clouds of any scenario through `scenario_clouds`, one set per folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol, TypeVar

import openstack
import pytest
import requests

from lxdstack.embedded import EmbeddedCloud

# Not the default password, so that a test passing proves `--password` reached the cloud.
PASSWORD = "s3cret-pw"
REQUEST_ID = "x-openstack-request-id"


@pytest.fixture(scope="session", autouse=True)
def _loopback_only() -> Iterator[None]:
    """Proxy variables must never send the tests' traffic anywhere but 127.0.0.1."""
    patch = pytest.MonkeyPatch()
    for name in ("NO_PROXY", "no_proxy"):
        patch.setenv(name, "127.0.0.1,localhost")
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        patch.delenv(name, raising=False)
    yield
    patch.undo()


class Api:
    """Raw HTTP to one embedded cloud; every response is checked for a request id on the way."""

    def __init__(self, cloud: EmbeddedCloud) -> None:
        self.cloud = cloud
        self.base = cloud.auth_url.removesuffix("/identity/v3")
        assert self.base.startswith("http://127.0.0.1:")
        self.http = requests.Session()
        self.http.trust_env = False
        self.http.hooks["response"].append(_has_request_id)

    def request(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["X-Auth-Token"] = token
        kwargs.setdefault("timeout", 10)
        return self.http.request(method, self.base + path, headers=headers, **kwargs)

    def auth(self, user: str = "admin", password: str = PASSWORD, **scope: Any) -> requests.Response:
        """`POST /v3/auth/tokens` with a password; `project=NAME`, `domain=NAME`, or `scope=` raw."""
        body: dict[str, Any] = {"identity": {"methods": ["password"], "password": {
            "user": {"name": user, "domain": {"name": "Default"}, "password": password}}}}
        if "project" in scope:
            body["scope"] = {"project": {"name": scope["project"], "domain": {"id": "default"}}}
        elif "domain" in scope:
            body["scope"] = {"domain": {"name": scope["domain"]}}
        elif "scope" in scope:
            body["scope"] = scope["scope"]
        return self.request("POST", "/identity/v3/auth/tokens", json={"auth": body})

    def token(self, user: str = "admin", password: str = PASSWORD, **scope: Any) -> str:
        response = self.auth(user, password, **scope)
        assert response.status_code == 201, response.text
        return response.headers["X-Subject-Token"]

    def validate(self, caller: str, subject: str, method: str = "GET") -> requests.Response:
        return self.request(method, "/identity/v3/auth/tokens", caller, headers={"X-Subject-Token": subject})

    def user_id(self, admin_token: str, name: str) -> str:
        users = self.request("GET", f"/identity/v3/users?name={name}", admin_token).json()["users"]
        return users[0]["id"]


def _has_request_id(response: requests.Response, *args: Any, **kwargs: Any) -> None:
    value = response.headers.get(REQUEST_ID, "")
    assert value.startswith("req-") and len(value) == 40, f"{response.request.method} {response.url}: {value!r}"


@pytest.fixture(scope="session")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedCloud]:
    with EmbeddedCloud.start("newton-lxd", tmp_path_factory.mktemp("newton-lxd"), PASSWORD) as started:
        yield started


@pytest.fixture(scope="session")
def api(cloud: EmbeddedCloud) -> Api:
    return Api(cloud)


@pytest.fixture(scope="session")
def admin_token(api: Api) -> str:
    return api.token("admin", project="admin")


@pytest.fixture(scope="session")
def demo_token(api: Api) -> str:
    return api.token("demo", project="demo")


@pytest.fixture
def start_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Api]]:
    """Start a cloud of another scenario (name or file) for this test only; returns its `Api`."""
    started: list[EmbeddedCloud] = []

    def start(scenario: str) -> Api:
        started.append(EmbeddedCloud.start(scenario, tmp_path_factory.mktemp("cloud"), PASSWORD))
        return Api(started[-1])

    yield start
    for each in reversed(started):
        each.stop()


def _only_clouds_yaml(monkeypatch: pytest.MonkeyPatch, cloud: EmbeddedCloud) -> None:
    """Point openstacksdk and the `openstack` CLI at `cloud`'s clouds.yaml, and at nothing else."""
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(cloud.clouds_yaml))
    for name in [n for n in os.environ if n.startswith("OS_") and n != "OS_CLIENT_CONFIG_FILE"]:
        monkeypatch.delenv(name)


@pytest.fixture
def sdk_env(cloud: EmbeddedCloud, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point openstacksdk and the `openstack` CLI at the session cloud's clouds.yaml only."""
    _only_clouds_yaml(monkeypatch, cloud)
    return cloud.clouds_yaml


@pytest.fixture
def connect(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[EmbeddedCloud], openstack.connection.Connection]]:
    """`connect(cloud)`: an openstacksdk Connection (the clouds.yaml admin) to that cloud, through its clouds.yaml
    only."""
    connections: list[openstack.connection.Connection] = []

    def make(cloud: EmbeddedCloud) -> openstack.connection.Connection:
        _only_clouds_yaml(monkeypatch, cloud)
        connections.append(openstack.connect(cloud="embedded"))
        return connections[-1]

    yield make
    for conn in connections:
        conn.close()


def _write_scenario(folder: Path, name: str, text: str) -> str:
    path = folder / f"{name}.yaml"
    path.write_text(f"name: {name}\ndescription: {name}, for the embedded cloud's own tests\n{text}")
    return str(path)


@pytest.fixture
def scenario_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], str]:
    """`scenario_file(name, yaml)`: a scenario file of that name in a session-unique folder."""

    def write(name: str, text: str) -> str:
        return _write_scenario(tmp_path_factory.mktemp("scenarios"), name, text)

    return write


class _Client(Protocol):
    def cleanup(self) -> None: ...


Client = TypeVar("Client", bound=_Client)


class ScenarioClouds:
    """Clouds of any scenario, one per (folder, scenario) for the whole session, each started on first use.

    Each folder keeps its own: the compute, network and volume tests make servers and move clocks, which the other
    folders' tests should not see.
    """

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._tmp = tmp_path_factory
        self._started: dict[tuple[str, str], Api] = {}

    def api(self, folder: str, scenario: str, text: str | None = None) -> Api:
        """`folder`'s cloud of `scenario`, a built-in name or a file; with `text`, a scenario file of that name
        and body, written when the cloud starts."""
        if (folder, scenario) not in self._started:
            ref = scenario if text is None else _write_scenario(self._tmp.mktemp("scenarios"), scenario, text)
            self._started[folder, scenario] = Api(EmbeddedCloud.start(ref, self._tmp.mktemp(folder), PASSWORD))
        return self._started[folder, scenario]

    def clients(self, folder: str, client: Callable[[Api], Client],
                texts: Mapping[str, str] | None = None) -> Iterator[Callable[[str], Client]]:
        """A fixture's body: `get(scenario)` makes a `client` on `folder`'s cloud of that scenario (`texts` names
        the folder's own scenario files); every client made is cleaned up, in order, when the test ends."""
        made: list[Client] = []

        def get(scenario: str = "newton-lxd") -> Client:
            made.append(client(self.api(folder, scenario, (texts or {}).get(scenario))))
            return made[-1]

        yield get
        for each in made:
            each.cleanup()

    def stop(self) -> None:
        for api in self._started.values():
            api.cloud.stop()


@pytest.fixture(scope="session")
def scenario_clouds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScenarioClouds]:
    clouds = ScenarioClouds(tmp_path_factory)
    yield clouds
    clouds.stop()


@pytest.fixture(scope="session")
def password() -> str:
    """The admin and demo users' password in every cloud these tests start."""
    return PASSWORD
