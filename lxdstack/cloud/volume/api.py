"""What every Cinder handler shares: the caller, the requested microversion, Cinder's headers and links.

Order of checks as in Cinder Newton (cinder/api/openstack/wsgi.py): keystonemiddleware answers 401 first; then
`Request.set_api_version_request` reads `OpenStack-API-Version` on `/v3` URLs only (`/v2` is the legacy 2.0 and
ignores it): no header is 3.0, `latest` is 3.15, a malformed version is 400, one outside 3.0-3.15 is 406, a header
naming no `volume` is 400 (VersionNotFoundForAPIMethod escaping to the FaultWrapper, which hides its text); then
a project id in the URL that is not the token's is 400 `Malformed request url`, even for an admin. Every answer
after the version is read, errors included, carries `OpenStack-API-Version: volume X.Y` and `Vary` on v3 (none on
the legacy v2), and `x-compute-request-id`, the copy of the request id Cinder still sent (but for the answers a
controller builds itself: `ControllerResponse`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from lxdstack.cloud.compute import api as compute_api
from lxdstack.cloud.compute.api import Version
from lxdstack.cloud.core.auth import caller
from lxdstack.cloud.core.errors import CloudError, envelope
from lxdstack.cloud.core.http import base_url, with_headers
from lxdstack.cloud.core.routing import Handler
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.volume import errors

HEADER = "OpenStack-API-Version"
MIN_VERSION = Version(3, 0)
MAX_VERSION = Version(3, 15)  # cinder/api/openstack/api_version_request.py _MAX_API_VERSION
LEGACY = Version(2, 0)


class VersionNotAcceptable(Exception):
    """InvalidGlobalAPIVersion: 406, with the version headers of the version asked for."""

    def __init__(self, version: Version) -> None:
        super().__init__(f"Version {version} is not supported by the API. Minimum is {MIN_VERSION} and maximum is "
                         f"{MAX_VERSION}.")
        self.version = version


def requested_version(headers: Mapping[str, str], api: str) -> Version:
    """The microversion of a request to `api` (`v3` or `v2`), by Cinder's rules."""
    if api != "v3" or HEADER not in headers:
        return LEGACY if api != "v3" else MIN_VERSION
    text = None
    for part in headers[HEADER].split(","):
        if "volume" in part:
            words = part.split()
            if len(words) != 2:
                raise errors.hidden_crash()  # the unpacking fails
            text = words[1]
            break
    if text is None:
        raise errors.bare_bad_request()
    if text == "latest":
        return MAX_VERSION
    version = Version.parse(text)  # Cinder words InvalidAPIVersionString as Nova does
    if not MIN_VERSION <= version <= MAX_VERSION:
        raise VersionNotAcceptable(version)
    return version


@dataclass(frozen=True)
class Context(compute_api.Context):
    """One Cinder request, as Nova's (Cinder's wsgi layer is Nova's, copied), plus the API it came through
    (`v3` or `v2`); `base` is http://127.0.0.1:PORT/volume."""

    api: str = "v3"

    def since(self, version: str) -> bool:
        """Whether the request's microversion is at least `version` (never on the legacy v2)."""
        return self.api == "v3" and self.version >= Version.parse(version)

    def links(self, collection: str, ident: str) -> list[dict]:
        """common.ViewBuilder._get_links: self under the API version, bookmark without it."""
        return [{"rel": "self", "href": f"{self.base}/{self.api}/{self.project_id}/{collection}/{ident}"},
                {"rel": "bookmark", "href": f"{self.base}/{self.project_id}/{collection}/{ident}"}]

    def collection(self, path: str) -> str:
        return f"{self.base}/{self.api}/{self.project_id}/{path}"


VolumeHandler = Callable[[Request, CloudState, Context], Awaitable[Response]]


class ControllerResponse(Response):
    """A body-less answer a Cinder controller builds itself (`webob.Response(status_int=202)` for a volume's
    delete): webob's default Content-Type, and no `x-compute-request-id`, which Cinder's Resource sets only on the
    results it serialises (cinder/api/openstack/wsgi.py `_process_stack`); the version headers still come."""

    def __init__(self, status_code: int) -> None:
        super().__init__(status_code=status_code, headers={"Content-Type": "text/html; charset=UTF-8"})


def _headers(version: Version, api: str, request_id: str) -> dict[str, str]:
    headers = {"x-compute-request-id": request_id} if request_id else {}
    if api == "v3":
        headers.update({HEADER: f"volume {version}", "Vary": HEADER})
    return headers


async def _checked(handler: VolumeHandler, request: Request, cloud: CloudState, ctx: Context,
                   min_version: str | None) -> Response:
    """What Cinder checks once the version is read (its refusals carry the version headers), then `handler`."""
    if request.path_params.get("project_id") != ctx.project_id:
        raise errors.malformed_url()
    if min_version is not None and not ctx.since(min_version):
        raise errors.no_such_method()
    return await handler(request, cloud, ctx)


def endpoint(handler: VolumeHandler, *, min_version: str | None = None) -> Handler:
    """A route handler running `handler` with a `Context`; `min_version` is the controller method's
    `api_version` (below it, or on v2, Cinder's versioned dispatch answers a bare 404)."""

    async def run(request: Request, cloud: CloudState) -> Response:
        request_id = compute_api.request_id_of(request)
        who = caller(request, cloud)
        api = request.url.path.removeprefix("/volume/").split("/", 1)[0]
        try:
            version = requested_version(request.headers, api)
        except VersionNotAcceptable as error:
            body = envelope("volume", 406, "Not Acceptable", str(error))
            return JSONResponse(body, status_code=406, headers=_headers(error.version, api, request_id))
        except CloudError as error:
            if request_id:  # the version was never set: no version headers
                error.headers["x-compute-request-id"] = request_id
            raise
        ctx = Context(who, version, request_id, f"{base_url(request)}/volume", api)
        answer = _checked(handler, request, cloud, ctx, min_version)
        response = await with_headers(_headers(version, api, request_id), answer)
        if isinstance(response, ControllerResponse) and "x-compute-request-id" in response.headers:
            del response.headers["x-compute-request-id"]
        return response

    run.__name__ = handler.__name__
    run.__doc__ = handler.__doc__
    return run
