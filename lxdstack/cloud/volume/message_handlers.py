"""Cinder's user messages API (api/v3/messages.py): list, show, delete, from microversion 3.3.

Below 3.3 the controller's versioned methods do not match and Cinder answers webob's bare 404 (the route exists).
A member sees its project's messages, an admin everyone's. From 3.5 the list takes paging parameters and
filters on the message's fields; before, it ignores its query.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.core.http import json_response
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.volume import errors, validation, views
from lxdstack.cloud.volume.api import Context, ControllerResponse, endpoint
from lxdstack.cloud.volume.messages import Message

MESSAGES_VERSION = "3.3"
_FIELDS = ("id", "event_id", "resource_uuid", "resource_type", "request_id")


def _filtered(request: Request, messages: list[Message], ctx: Context) -> list[Message]:
    if not ctx.since("3.5"):
        return messages
    query = request.query_params
    if any(key in query for key in ("sort", "sort_key", "sort_dir")):
        raise errors.gap("sorting message lists")
    for key, value in query.items():
        if key in ("limit", "marker", "offset"):
            continue
        if key == "message_level":
            messages = [m for m in messages if m.level == value]
        elif key in _FIELDS:
            messages = [m for m in messages if getattr(m, key) == value]
        else:
            return []  # a filter on something messages do not have matches nothing in the database
    return validation.paged(messages, query, lambda m: m.id)[0]


async def _list(request: Request, cloud: CloudState, ctx: Context) -> Response:
    found = cloud.volumes.messages.visible(cloud.clock.now(), None if ctx.is_admin else ctx.project_id)
    return json_response({"messages": [views.message(m, ctx) for m in _filtered(request, found, ctx)]})


def _message(request: Request, cloud: CloudState, ctx: Context) -> Message:
    message_id = request.path_params["message_id"]
    found = cloud.volumes.messages.get(message_id, cloud.clock.now(), None if ctx.is_admin else ctx.project_id)
    if found is None:
        raise errors.message_not_found(message_id)
    return found


async def _show(request: Request, cloud: CloudState, ctx: Context) -> Response:
    return json_response({"message": views.message(_message(request, cloud, ctx), ctx)})


async def _delete(request: Request, cloud: CloudState, ctx: Context) -> Response:
    cloud.volumes.messages.delete(_message(request, cloud, ctx))
    return ControllerResponse(204)


list_messages = endpoint(_list, min_version=MESSAGES_VERSION)
get_message = endpoint(_show, min_version=MESSAGES_VERSION)
delete_message = endpoint(_delete, min_version=MESSAGES_VERSION)
