"""Server actions (`POST /servers/{id}/action`) and instance actions (`/servers/{id}/os-instance-actions`).

Only `os-getConsoleOutput` is emulated among the server actions; any other answers 501 naming it. Newton shows
instance-action events only to admins (policy `os-instance-actions:events` is admin_api; 2.51 opened them later).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.compute import errors, novalxd, server_views
from lxdstack.cloud.compute.api import Context, endpoint
from lxdstack.cloud.compute.server_handlers import server_of
from lxdstack.cloud.core.errors import BadRequest
from lxdstack.cloud.core.http import json_body, json_response
from lxdstack.cloud.core.state import CloudState

_CONTROL_CHARACTERS = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20)])


def _length(value: object) -> int | None:
    """The console-output schema: an integer (or integer string) >= -1, or null; -1 and null mean everything."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise errors.invalid("length", value, f"{value!r} is not of type 'integer', 'string', 'null'")
    try:
        length = int(value)
    except ValueError:
        raise errors.invalid("length", value, f"{value!r} does not match '^-?[0-9]+$'") from None
    if length < -1:
        raise errors.invalid("length", value, f"{length} is less than the minimum of -1")
    return None if length == -1 else length


async def _action(request: Request, cloud: CloudState, ctx: Context) -> Response:
    body = await json_body(request)
    if len(body) != 1:
        raise BadRequest("There is no such action: " + ", ".join(sorted(body)))
    (name, argument), = body.items()
    if name != "os-getConsoleOutput":
        raise errors.gap(f"the server action {name}")
    if not isinstance(argument, dict) or set(argument) - {"length"}:
        raise errors.invalid("os-getConsoleOutput", argument, "Additional properties are not allowed")
    length = _length(argument.get("length"))
    server = server_of(request, cloud, ctx)
    now = cloud.clock.now()
    phase = server.phase(now)
    if phase.host is None:
        # compute/api.py check_instance_host: no host yet, or the build failed and it was taken away
        raise errors.instance_not_ready(server.uuid)
    lines = novalxd.console_log(server.hostname, server.image_name, server.ready_at) \
        if phase.status == "ACTIVE" else []  # nova-lxd returns '' before the container writes its log
    if length is not None:
        lines = lines[-length:] if length else []  # the compute manager's _tail_log
    return json_response({"output": "\n".join(lines).translate(_CONTROL_CHARACTERS)})


async def _list_actions(request: Request, cloud: CloudState, ctx: Context) -> Response:
    server = server_of(request, cloud, ctx)
    actions = sorted(server.actions, key=lambda a: a.start_time, reverse=True)
    return json_response({"instanceActions": [server_views.action(a, server.uuid) for a in actions]})


async def _show_action(request: Request, cloud: CloudState, ctx: Context) -> Response:
    server = server_of(request, cloud, ctx)
    request_id = request.path_params["request_id"]
    found = next((a for a in server.actions if a.request_id == request_id), None)
    if found is None:
        raise errors.action_not_found(request_id, server.uuid)
    shown = server_views.action(found, server.uuid)
    if ctx.is_admin:
        shown["events"] = [server_views.event(e) for e in server.events(cloud.clock.now())]
    return json_response({"instanceAction": shown})


server_action = endpoint(_action)
list_instance_actions = endpoint(_list_actions)
get_instance_action = endpoint(_show_action)
