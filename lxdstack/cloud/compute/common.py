"""Helpers Nova's controllers share: the admin rule in Nova's words, and limit/marker paging with `*_links`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlencode

from starlette.requests import Request

from lxdstack.cloud.compute import errors
from lxdstack.cloud.compute.api import Context
from lxdstack.cloud.core.errors import BadRequest

T = TypeVar("T")


def require_admin(ctx: Context, action: str) -> None:
    """Newton's `rule:admin_api` policies (os-services, os-hypervisors, flavor-manage, ...)."""
    if not ctx.is_admin:
        raise errors.policy(action)


def paginate(request: Request, ctx: Context, items: list[T], ident: Callable[[T], str],
             path: str) -> tuple[list[T], list[dict]]:
    """common.get_limit_and_marker and _get_collection_links: a page of `items` and its `next` link, if any.

    `path` is the collection under /v2.1 (`servers/detail`); the link keeps the request's other parameters.
    """
    params = request.query_params
    limit = None
    if "limit" in params:
        try:
            limit = int(params["limit"])
        except ValueError:
            raise BadRequest("limit param must be an integer") from None
        if limit < 0:
            raise BadRequest("limit param must be positive")
    marker = params.get("marker")
    if marker is not None:
        ids = [ident(item) for item in items]
        if marker not in ids:
            raise BadRequest(f"marker [{marker}] not found")
        items = items[ids.index(marker) + 1:]
    if limit is None:
        return items, []
    page = items[:limit]
    if not page or len(page) < limit:
        return page, []
    query = [(k, v) for k, v in params.multi_items() if k != "marker"] + [("marker", ident(page[-1]))]
    return page, [{"rel": "next", "href": f"{ctx.base}/v2.1/{path}?{urlencode(query)}"}]
