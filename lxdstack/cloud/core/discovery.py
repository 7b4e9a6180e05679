"""Version discovery documents, served per service prefix, with the discovery faults applied at request time.

Each service's `discovery.py` declares `DOCUMENTS` (document name → renderer taking the base URL the client used)
and `PATHS` (path under its prefix → document name; `root` and `current` are the names every service has). A fault
may make one prefix answer another service's documents, rendered exactly as that service would (its own self
links), or answer none at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from lxdstack.cloud.core.auth import caller
from lxdstack.cloud.core.http import base_url
from lxdstack.cloud.core.routing import Handler, Route
from lxdstack.cloud.core.state import CloudState


@dataclass(frozen=True)
class Document:
    """A discovery answer: status (200, or 300 for a choice of versions), body, whether a token is needed, and the
    headers the service's version app adds."""

    status: int
    body: dict[str, Any]
    needs_token: bool = False
    headers: Mapping[str, str] | None = None


Renderer = Callable[[str], Document]


def discovery_routes(
    prefix: str, paths: Mapping[str, str], documents: Mapping[str, Mapping[str, Renderer]]
) -> list[Route]:
    """GET routes for `prefix`'s discovery paths; `documents` holds every service's renderers, by prefix."""
    return [Route("GET", path, _answer(prefix, name, documents)) for path, name in paths.items()]


def _answer(prefix: str, name: str, documents: Mapping[str, Mapping[str, Renderer]]) -> Handler:
    async def handler(request: Request, cloud: CloudState) -> Response:
        answered_as = cloud.faults.discovery.get(prefix, prefix)
        if answered_as == "none":
            return PlainTextResponse("Not Found", status_code=404)
        renderers = documents[answered_as]
        document = renderers.get(name, renderers["current"])(base_url(request))
        if document.needs_token:
            caller(request, cloud)
        return JSONResponse(document.body, status_code=document.status, headers=document.headers)

    return handler
