"""What every Neutron handler shares: the caller as policy sees it, the request body, list and show answers."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.core.auth import caller
from lxdstack.cloud.core.errors import BadRequest
from lxdstack.cloud.core.http import base_url, json_response
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.network import errors, query
from lxdstack.cloud.network.store import Who


def who_of(request: Request, cloud: CloudState) -> Who:
    """The caller (401 without a valid token, before anything else is looked at)."""
    found = caller(request, cloud)
    return Who(found.token.project_id or "", found.is_admin)


def admin_only(who: Who, action: str) -> None:
    """A `rule:admin_only` action (the agent APIs): 403 naming the rule for anyone else."""
    if not who.is_admin:
        raise errors.policy(f"rule:{action}")


async def body_of(request: Request) -> Any:
    """The request's JSON (anything: Neutron checks its shape per resource); None for an empty body."""
    raw = await request.body()
    if not raw.strip():
        return None
    try:
        return await request.json()
    except ValueError:
        raise BadRequest("Malformed request body") from None


def listed(request: Request, items: list[dict], collection: str) -> Response:
    params = request.query_params
    url = f"{base_url(request)}{request.url.path}"
    return json_response(query.page(query.select(items, params), params, collection, url))


def shown(request: Request, resource: str, item: dict, status: int = 200) -> Response:
    return json_response({resource: query.one(item, request.query_params)}, status=status)
