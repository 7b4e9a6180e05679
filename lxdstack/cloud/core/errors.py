"""Domain errors, and the one mapping from them to each service's OpenStack error envelope.

Models and handlers raise these errors and never build error bodies themselves: the shape of an error depends
on which service answers (Keystone, Nova, Neutron, ...), and clients such as openstacksdk parse that shape, so it
is decided here, once.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

#: keystonemiddleware's text for a request without a valid token, whichever service it guards.
AUTH_REQUIRED = "The request you have made requires authentication."


class CloudError(Exception):
    """Something the caller did or the cloud reports; `str()` is the message the client will see.

    `kind` is the service's own name for the error where its envelope carries one (Neutron's `type`, the
    exception class: `IpAddressAlreadyAllocated`); None leaves the envelope's generic name.
    """

    kind: str | None = None

    def __init__(self, message: str, *, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = dict(headers or {})


class BadRequest(CloudError):
    """The request is malformed or misses a required attribute."""


class Unauthorized(CloudError):
    """No valid credentials (password, token) came with the request."""


class Forbidden(CloudError):
    """The caller is known but the policy does not allow the action."""


class NotFound(CloudError):
    """The addressed resource does not exist."""


class Conflict(CloudError):
    """The request clashes with existing state (a duplicate name, ...)."""


class OverLimit(CloudError):
    """A quota would be exceeded (Cinder's QuotaError answers 413)."""


class UnsupportedMediaType(CloudError):
    """The request body's Content-Type is not one the call accepts (Glance's uploads and patches)."""


class NotImplementedRoute(CloudError):
    """The embedded cloud has no emulation for this route (the real service might)."""


class InternalError(CloudError):
    """A defect of the embedded cloud itself."""


# status code and reason phrase per domain error: the only place HTTP statuses meet domain errors
STATUS: dict[type[CloudError], tuple[int, str]] = {
    BadRequest: (400, "Bad Request"),
    Unauthorized: (401, "Unauthorized"),
    Forbidden: (403, "Forbidden"),
    NotFound: (404, "Not Found"),
    Conflict: (409, "Conflict"),
    OverLimit: (413, "Request Entity Too Large"),
    UnsupportedMediaType: (415, "Unsupported Media Type"),
    InternalError: (500, "Internal Server Error"),
    NotImplementedRoute: (501, "Not Implemented"),
}

# Nova and Cinder share the fault wrapper that names the body's single key after the status
# (nova/api/openstack/wsgi.py Fault._fault_names; cinder copies it).
_FAULT_NAMES = {
    400: "badRequest",
    401: "unauthorized",
    403: "forbidden",
    404: "itemNotFound",
    405: "badMethod",
    409: "conflictingRequest",
    413: "overLimit",
    501: "notImplemented",
}

# What webob's HTTPException.body_template_obj adds after the explanation when there is no detail nor comment.
WEBOB_TEMPLATE_TAIL = "<br /><br />\n\n\n"

# Neutron names webob's exception class when no neutron exception applies.
_WEBOB_NAMES = {
    400: "HTTPBadRequest",
    403: "HTTPForbidden",
    404: "HTTPNotFound",
    409: "HTTPConflict",
    500: "HTTPInternalServerError",
    501: "HTTPNotImplemented",
}


def _status_of(error: CloudError) -> tuple[int, str]:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return STATUS[InternalError]


def envelope(service: str, code: int, title: str, message: str, kind: str | None = None) -> dict:
    """The JSON body `service` sends for an error with this status, title and message (and `kind`, if named)."""
    if service in ("compute", "volume") and code != 401:
        return {_FAULT_NAMES.get(code, "computeFault"): {"code": code, "message": message}}
    if service == "network" and code != 401:
        name = kind or _WEBOB_NAMES.get(code, "HTTPError")
        return {"NeutronError": {"type": name, "message": message, "detail": ""}}
    if service == "image" and code != 401:
        # Glance errors are webob's JSON rendering (WebOb 1.6, Newton's): the status line as `code`, the message
        # through webob's body template, whose HTML line break and empty detail and comment lines stay in it.
        return {"code": f"{code} {title}", "title": title, "message": f"{message}{WEBOB_TEMPLATE_TAIL}"}
    # Keystone's own shape; the other services' 401 comes from keystonemiddleware in the same shape.
    return {"error": {"code": code, "title": title, "message": message}}


def service_of(request: Request) -> str:
    """The service answering `request`, from the first segment of its path (`/compute/...` → compute)."""
    return request.url.path.split("/", 2)[1]


def error_response(request: Request, error: CloudError) -> Response:
    """Render `error` as the service that `request` addressed would."""
    code, title = _status_of(error)
    headers = dict(error.headers)
    if code == 401:
        # Keystone and keystonemiddleware both point the client at the identity endpoint.
        cloud = request.app.state.cloud
        headers.setdefault("WWW-Authenticate", f'Keystone uri="{cloud.base_url}/identity/v3"')
    service = service_of(request)
    body = envelope(service, code, title, error.message, error.kind)
    if code == 413 and "Retry-After" in headers and "overLimit" in body:
        body["overLimit"]["retryAfter"] = headers["Retry-After"]  # the Fault wrapper repeats the header
    return JSONResponse(body, status_code=code, headers=headers, media_type=media_type(service, code))


def media_type(service: str, code: int) -> str:
    """The error's Content-Type: Nova's Fault sets a charset (nova/api/openstack/wsgi.py), keystonemiddleware's
    401 and the other services' errors do not."""
    return NOVA_FAULT_TYPE if service == "compute" and code != 401 else "application/json"


NOVA_FAULT_TYPE = "application/json; charset=UTF-8"


async def on_cloud_error(request: Request, exc: Exception) -> Response:
    """Starlette exception handler for every `CloudError`."""
    assert isinstance(exc, CloudError)
    return error_response(request, exc)


async def on_crash(request: Request, exc: Exception) -> Response:
    """Starlette handler of last resort: a defect still answers in the service's envelope.

    Starlette re-raises the exception after this response is sent, so uvicorn logs the traceback.
    """
    return error_response(request, InternalError(f"The embedded cloud failed: {type(exc).__name__}: {exc}"))
