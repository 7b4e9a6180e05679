"""What every Nova handler shares: the caller, the requested microversion, Nova's response headers and links.

Order of checks as in Nova's paste pipeline: keystonemiddleware answers 401 before Nova parses anything, then
Nova's wsgi layer reads the microversion (400 for a malformed one, 406 for one outside 2.1-2.38, neither carrying
version headers), then the controller runs. Every answer after that, errors included, carries the version headers
(Nova's `Fault` adds them too) and `x-compute-request-id`, the compat copy of the request id Newton still sent,
and a Content-Type, even without a body.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from lxdstack.cloud.core.auth import Caller, caller
from lxdstack.cloud.core.errors import NOVA_FAULT_TYPE, BadRequest, CloudError, envelope
from lxdstack.cloud.core.http import base_url, with_headers
from lxdstack.cloud.core.routing import Handler
from lxdstack.cloud.core.state import CloudState

_VERSION = re.compile(r"^([1-9]\d*)\.([1-9]\d*|0)$")  # nova/api/openstack/api_version_request.py
_HEADER = "OpenStack-API-Version"
_LEGACY_HEADER = "X-OpenStack-Nova-API-Version"


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> Version:
        match = _VERSION.match(text)
        if match is None:
            raise BadRequest(f"API Version String {text} is of invalid format. Must be of format MajorNum.MinorNum.")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


MIN_VERSION = Version(2, 1)
MAX_VERSION = Version(2, 38)  # Newton's _MAX_API_VERSION


class VersionNotAcceptable(Exception):
    """Nova's InvalidGlobalAPIVersion, answered 406 outside any controller."""


def requested_version(headers: Mapping[str, str]) -> Version:
    """The microversion asked for (microversion_parse's rules: the new header first, then the legacy one)."""
    text = None
    for part in headers.get(_HEADER, "").split(","):
        service, _, value = part.strip().partition(" ")
        if service.lower() == "compute" and value.strip():
            text = value.strip()
            break
    if text is None:
        text = headers.get(_LEGACY_HEADER, "").strip() or None
    if text is None:
        return MIN_VERSION
    if text.lower() == "latest":
        return MAX_VERSION
    version = Version.parse(text)
    if not MIN_VERSION <= version <= MAX_VERSION:
        raise VersionNotAcceptable(
            f"Version {version} is not supported by the API. Minimum is {MIN_VERSION} and maximum is {MAX_VERSION}."
        )
    return version


@dataclass(frozen=True)
class Context:
    """One Nova request: who asks, at which microversion, under which request id, from which base URL."""

    who: Caller
    version: Version
    request_id: str
    base: str  # http://127.0.0.1:PORT/compute

    @property
    def is_admin(self) -> bool:
        return self.who.is_admin

    @property
    def project_id(self) -> str:
        return self.who.token.project_id or ""

    @property
    def user_id(self) -> str:
        return self.who.user_id

    def since(self, version: str) -> bool:
        """Whether the request's microversion is at least `version`."""
        return self.version >= Version.parse(version)

    def links(self, collection: str, ident: str) -> list[dict]:
        """Nova's self (versioned) and bookmark (unversioned) links; no project id, as the catalog URL has none."""
        return [{"rel": "self", "href": f"{self.base}/v2.1/{collection}/{ident}"},
                {"rel": "bookmark", "href": f"{self.base}/{collection}/{ident}"}]

    def bookmark(self, collection: str, ident: str) -> list[dict]:
        return [{"rel": "bookmark", "href": f"{self.base}/{collection}/{ident}"}]


ComputeHandler = Callable[[Request, CloudState, Context], Awaitable[Response]]


def request_id_of(request: Request) -> str:
    """The id the request-id middleware put in the scope (and in `x-openstack-request-id`)."""
    return str(request.scope.get("state", {}).get("request_id", ""))


def endpoint(handler: ComputeHandler) -> Handler:
    """A route handler running `handler` with a `Context`, adding Nova's headers to whatever it answers."""

    async def run(request: Request, cloud: CloudState) -> Response:
        request_id = request_id_of(request)
        compat = {"x-compute-request-id": request_id} if request_id else {}
        try:
            who = caller(request, cloud)
            version = requested_version(request.headers)
        except VersionNotAcceptable as error:
            body = envelope("compute", 406, "Not Acceptable", str(error))
            return JSONResponse(body, status_code=406, headers=compat, media_type=NOVA_FAULT_TYPE)
        except CloudError as error:
            error.headers.update(compat)
            raise
        headers = {**compat, _HEADER: f"compute {version}", _LEGACY_HEADER: str(version),
                   "Vary": f"{_HEADER}, {_LEGACY_HEADER}"}
        ctx = Context(who, version, request_id, f"{base_url(request)}/compute")
        response = await with_headers(headers, handler(request, cloud, ctx))
        # ResponseObject.serialize sets the Content-Type even when there is no body (a 202 or 204)
        response.headers.setdefault("content-type", "application/json")
        return response

    run.__name__ = handler.__name__
    run.__doc__ = handler.__doc__
    return run
