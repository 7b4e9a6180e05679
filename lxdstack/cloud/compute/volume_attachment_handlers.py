"""Nova's os-volume_attachments (Newton's volumes.py VolumeAttachmentController): attach, list, show, detach.

Nova uses the volume id as the attachment's id. An attach goes as compute/api.py attach_volume does: the body's
schema, the server (404), the server's state (409 unless active, paused, stopped, ...: BUILD and ERROR servers
are refused), a device name (409 when the requested one is in use), the volume through Cinder (404), Cinder's
reserve (a 400 Nova relays with cinderclient's text), then the attach itself, asynchronous: the answer names the
device while the volume is still `attaching`. A detach checks the volume as nova/volume/cinder.py check_detach
does before Cinder's begin_detaching. Deleting a server detaches its volumes (server_handlers.py).
"""

from __future__ import annotations

import re
import uuid

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.compute import block_devices, errors, validation
from lxdstack.cloud.compute.api import Context, endpoint
from lxdstack.cloud.compute.server_handlers import server_of
from lxdstack.cloud.compute.servers import Server
from lxdstack.cloud.core.errors import BadRequest, NotFound
from lxdstack.cloud.core.http import json_body, json_response
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.volume.models import Volume

# compute/api.py check_instance_state on attach_volume and detach_volume
_STATES = ("active", "paused", "stopped", "resized", "soft-delete", "shelved", "shelved_offloaded")
MAX_LIMIT = 1000  # osapi_max_limit


def _parse(body: dict) -> tuple[str, str | None]:
    """volumes_schema.create_volume_attachment."""
    validation.only(body, None, ("volumeAttachment",))
    attachment = validation.member(body, "volumeAttachment")
    validation.only(attachment, "volumeAttachment", ("volumeId", "device"))
    validation.required(attachment, "volumeAttachment", ("volumeId",))
    volume_id = attachment["volumeId"]
    if not isinstance(volume_id, str):
        raise errors.invalid("volumeId", volume_id, f"{volume_id!r} is not of type 'string'")
    try:
        uuid.UUID(volume_id)
    except ValueError:
        raise errors.invalid("volumeId", volume_id, f"{volume_id!r} is not a 'uuid'") from None
    device = attachment.get("device")
    if device is not None:
        if not isinstance(device, str):
            raise errors.invalid("device", device, f"{device!r} is not of type 'string', 'null'")
        if not re.search(block_devices.DEVICE_PATTERN, device):
            raise errors.invalid("device", device, f"{device!r} does not match '{block_devices.DEVICE_PATTERN}'")
    return volume_id, device


def _check_state(server: Server, cloud: CloudState, action: str) -> None:
    phase = server.phase(cloud.clock.now())
    if phase.vm_state not in _STATES:
        raise errors.invalid_state(action, server.uuid, "vm_state", phase.vm_state)
    if phase.task_state is not None:
        raise errors.invalid_state(action, server.uuid, "task_state", phase.task_state)
    if phase.launched_at is None:
        raise errors.invalid_state(action, server.uuid, "launched_at", None)


def _volume(cloud: CloudState, ctx: Context, volume_id: str) -> Volume:
    """The volume as Cinder shows it to the caller (Nova asks with the caller's token)."""
    try:
        return cloud.volumes.volume(volume_id, ctx.project_id, ctx.is_admin)
    except NotFound:
        raise errors.volume_not_found(volume_id) from None


def _view(volume_id: str, server_id: str, device: str) -> dict:
    return {"id": volume_id, "serverId": server_id, "volumeId": volume_id, "device": device}


async def _attach(request: Request, cloud: CloudState, ctx: Context) -> Response:
    volume_id, requested = _parse(await json_body(request))
    server = server_of(request, cloud, ctx)
    _check_state(server, cloud, "attach_volume")
    now = cloud.clock.now()
    device = block_devices.next_device(server.block_devices, now, requested)
    volume = _volume(cloud, ctx, volume_id)
    try:
        cloud.volumes.reserve(volume)
    except BadRequest as refused:
        raise errors.cinder_refused(refused.message, f"req-{uuid.uuid4()}") from None
    server.block_devices.append(block_devices.BlockDevice(volume.id, device, now))
    cloud.volumes.attach(volume, server.uuid, device)
    return json_response({"volumeAttachment": _view(volume.id, server.uuid, device)})


def _int_param(request: Request, name: str) -> int | None:
    """common.get_pagination_params' _get_int_param."""
    if name not in request.query_params:
        return None
    try:
        value = int(request.query_params[name])
    except ValueError:
        raise BadRequest(f"{name} param must be an integer") from None
    if value < 0:
        raise BadRequest(f"{name} param must be positive")
    return value


async def _list(request: Request, cloud: CloudState, ctx: Context) -> Response:
    offset, limit = _int_param(request, "offset") or 0, _int_param(request, "limit")
    server = server_of(request, cloud, ctx)
    found = block_devices.attached(server.block_devices, cloud.clock.now())
    page = found[offset:offset + min(MAX_LIMIT, limit or MAX_LIMIT)]  # common.limited
    return json_response({"volumeAttachments": [_view(d.volume_id, server.uuid, d.device) for d in page]})


def _mapping(server: Server, cloud: CloudState, volume_id: str) -> block_devices.BlockDevice:
    found = next((d for d in block_devices.attached(server.block_devices, cloud.clock.now())
                  if d.volume_id == volume_id), None)
    if found is None:
        raise errors.attachment_not_found(volume_id)
    return found


async def _show(request: Request, cloud: CloudState, ctx: Context) -> Response:
    server = server_of(request, cloud, ctx)
    mapping = _mapping(server, cloud, request.path_params["volume_id"])
    return json_response({"volumeAttachment": _view(mapping.volume_id, server.uuid, mapping.device)})


async def _detach(request: Request, cloud: CloudState, ctx: Context) -> Response:
    server = server_of(request, cloud, ctx)
    volume = _volume(cloud, ctx, request.path_params["volume_id"])
    mapping = _mapping(server, cloud, volume.id)
    _check_state(server, cloud, "detach_volume")
    now = cloud.clock.now()
    status = volume.status(now)
    if status == "available":
        raise errors.volume_invalid(f"volume {volume.id} already detached")
    if volume.attachment_at(now) is None:
        raise errors.volume_invalid("Volume must be attached in order to detach.")
    try:
        mapping.detached_at = cloud.volumes.detach(volume)
    except BadRequest as refused:
        raise errors.cinder_refused(refused.message, f"req-{uuid.uuid4()}") from None
    return Response(status_code=202)


attach_volume = endpoint(_attach)
list_volume_attachments = endpoint(_list)
get_volume_attachment = endpoint(_show)
detach_volume = endpoint(_detach)
