"""Small request/response helpers every service's handlers share."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from lxdstack.cloud.core.errors import BadRequest, CloudError


def base_url(request: Request) -> str:
    """`scheme://host:port` as the client addressed the cloud: links must work from where it stands."""
    return f"{request.url.scheme}://{request.url.netloc}"


async def with_headers(headers: dict[str, str], answer: Awaitable[Response]) -> Response:
    """`answer`'s response, or the `CloudError` it raises, with `headers` added: a service's version headers go on
    its errors too."""
    try:
        response = await answer
    except CloudError as error:
        error.headers.update(headers)
        raise
    response.headers.update(headers)
    return response


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(body, status_code=status, headers=headers)


def no_content(headers: dict[str, str] | None = None) -> Response:
    return Response(status_code=204, headers=headers)


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object; `BadRequest` for anything else."""
    try:
        body = await request.json()
    except ValueError:
        raise BadRequest("Malformed request body: not JSON.") from None
    if not isinstance(body, dict):
        raise BadRequest("Malformed request body: expected a JSON object.")
    return body


def query_flag(request: Request, name: str) -> bool:
    """A presence flag such as Keystone's `?nocatalog` (set unless its value says false)."""
    if name not in request.query_params:
        return False
    return request.query_params[name].lower() not in ("0", "false", "no", "off")


def query_bool(request: Request, name: str) -> bool | None:
    """A boolean filter (`?enabled=false`), or None when absent."""
    value = request.query_params.get(name)
    return None if value is None else value.lower() not in ("0", "false", "no", "off")
