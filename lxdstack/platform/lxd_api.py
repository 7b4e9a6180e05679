"""How an LXD daemon is reached: one small interface, whatever the transport.

`LxdApi.query("/1.0/profiles/default")` returns the `metadata` of LXD's answer to that GET, as `lxc query`
prints it. Implementations: pylxd over a unix socket or over HTTPS (client certificate and key, the server's
certificate pinned), and through Juju (`lxc query` run on a unit; `lxdstack.juju.lxd_api`, imported only when a
file asks for it). An LXD project other than `default` is added to every path as `?project=NAME`, the same way
for every transport. A 404 is `LxdNotFound` (the object is missing); anything else that keeps the document from
the caller is `LxdUnreachable`, whose message names where and what happened.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pylxd
import requests
from pylxd import exceptions as lxd_exceptions
from pylxd.client import get_session_for_url

from lxdstack.platform.expectations import LxdReach

DEFAULT_TIMEOUT = 30.0


class LxdApi(Protocol):
    """An LXD daemon as the checks see it."""

    where: str  # how a person finds it again: a socket path, a URL, juju:<unit>, with the project if not default

    def query(self, path: str) -> Any:
        """The `metadata` of `GET path` (a `/1.0/...` path, query string allowed)."""
        ...


class LxdUnreachable(Exception):
    """The LXD could not be read; the message names the endpoint and the error."""


class LxdNotFound(LxdUnreachable):
    """LXD answered 404: the object the path names does not exist there."""


def with_project(path: str, project: str) -> str:
    """`path` scoped to an LXD project (unchanged for `default` or when the path names one already)."""
    parts = urlsplit(path)
    params = dict(parse_qsl(parts.query))
    if project == "default" or "project" in params:
        return path
    return f"{parts.path}?{urlencode({**params, 'project': project})}"


@dataclass
class ProjectScoped:
    """Another LxdApi, with every path scoped to an LXD project."""

    api: LxdApi
    project: str

    @property
    def where(self) -> str:
        return f"{self.api.where} (project {self.project})"

    def query(self, path: str) -> Any:
        return self.api.query(with_project(path, self.project))


class PylxdApi:
    """An LXD reached with pylxd: a unix socket path, or an https:// URL with a client certificate."""

    def __init__(self, endpoint: str, cert: tuple[str, str] | None = None, verify: bool | str = True,
                 timeout: float = DEFAULT_TIMEOUT) -> None:
        self.where = endpoint
        if endpoint.startswith("/") and not os.path.exists(endpoint):
            raise LxdUnreachable(f"LXD at {endpoint}: no such socket")
        url = f"http+unix://{quote(endpoint, safe='')}" if endpoint.startswith("/") else endpoint.rstrip("/")
        session = get_session_for_url(url, verify=verify, cert=cert)
        # Not the environment's: REQUESTS_CA_BUNDLE would replace the pinned server certificate (requests lets it
        # override a session's `verify`), and proxy variables would send LXD's traffic elsewhere.
        session.trust_env = False
        try:
            self._client = pylxd.Client(endpoint=endpoint, cert=cert, verify=verify, timeout=timeout, session=session)
        except (lxd_exceptions.ClientConnectionFailed, lxd_exceptions.LXDAPIException, requests.RequestException,
                OSError) as exc:
            raise LxdUnreachable(f"LXD at {endpoint}: {type(exc).__name__}: {exc}") from None

    def query(self, path: str) -> Any:
        parts = urlsplit(path)
        if not (parts.path == "/1.0" or parts.path.startswith("/1.0/")):
            raise ValueError(f"{path!r} is not an LXD API path (/1.0/...)")
        node = self._client.api
        for segment in filter(None, parts.path.removeprefix("/1.0").split("/")):
            node = node[quote(segment, safe="")]
        try:
            response = node.get(params=dict(parse_qsl(parts.query)))
            return response.json()["metadata"]
        except lxd_exceptions.NotFound as exc:
            raise LxdNotFound(f"LXD at {self.where}: GET {path}: {exc}") from None
        except (lxd_exceptions.LXDAPIException, requests.RequestException, OSError, ValueError, KeyError) as exc:
            raise LxdUnreachable(f"LXD at {self.where}: GET {path}: {type(exc).__name__}: {exc}") from None


class Deferred:
    """An LxdApi opened on its first query, so that an LXD out of reach fails the check that reads it (once: the
    failure is kept), not the set-up of every test that might."""

    def __init__(self, described: str, opener: Callable[[], LxdApi]) -> None:
        self._described = described
        self._opener = opener
        self._api: LxdApi | None = None
        self._failure: LxdUnreachable | None = None

    def _opened(self) -> LxdApi:
        if self._api is None:
            if self._failure is not None:
                raise self._failure
            try:
                self._api = self._opener()
            except LxdUnreachable as exc:
                self._failure = exc
                raise
        return self._api

    @property
    def where(self) -> str:
        """Where the LXD is once opened (an embedded LXD's socket, not just "embedded"): asking opens it."""
        try:
            return self._opened().where
        except LxdUnreachable:
            return self._described

    def query(self, path: str) -> Any:
        return self._opened().query(path)


def _juju_api(unit: str, model: str | None) -> LxdApi:
    # Imported here: only files that reach an LXD through Juju need the Juju layer. Its contract: `query` raises
    # LxdNotFound for LXD's 404 and LxdUnreachable for anything else that keeps the document away.
    try:
        from lxdstack.juju.lxd_api import JujuLxdApi
    except ImportError as exc:
        raise LxdUnreachable(f"juju:{unit}: the Juju layer is not available: {exc}") from None
    return JujuLxdApi(unit, model)


def open_lxd(reach: LxdReach, *, embedded: Callable[[], str] | None = None, juju_model: str | None = None,
             timeout: float = DEFAULT_TIMEOUT) -> LxdApi:
    """The LXD `reach` describes (an expectations entry: `lxd`, `project`, `tls`), opened on its first query.

    `embedded` says where the embedded cloud serves this LXD's socket, for `lxd: embedded`; `juju_model` is the
    model of `juju:<unit>` forms (None: Juju's current model).
    """
    lxd = reach.lxd
    if lxd == "none":
        raise ValueError("lxd: none cannot be opened: the expectations say this LXD is out of reach")

    def opened() -> LxdApi:
        if lxd == "embedded":
            if embedded is None:
                raise LxdUnreachable("lxd: embedded, but the target is not an embedded cloud")
            return PylxdApi(embedded(), timeout=timeout)
        if lxd.startswith("juju:"):
            return _juju_api(lxd.removeprefix("juju:"), juju_model)
        if lxd.startswith("https://"):
            tls = reach.tls
            cert = (os.path.expanduser(tls.cert), os.path.expanduser(tls.key)) if tls else None
            verify: bool | str = os.path.expanduser(tls.server_cert) if tls and tls.server_cert else True
            return PylxdApi(lxd, cert=cert, verify=verify, timeout=timeout)
        return PylxdApi(lxd, timeout=timeout)

    api: LxdApi = Deferred(lxd, opened)
    return ProjectScoped(api, reach.project) if reach.project != "default" else api
