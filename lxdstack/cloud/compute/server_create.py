"""A server create request, from body to `ServerSpec`: Newton's servers.py create() and compute/api.py checks.

Order as in Nova: the body schema, then the create and forced-host policies, then references (flavor, image,
keypair, networks, zone); quotas are the backend's. What the emulation cannot do yet (boot from volume, several
servers at once, x509) is a 501 naming it, never an answer Nova would not give.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from typing import Any

from lxdstack.cloud.compute import errors, networks, validation
from lxdstack.cloud.compute.api import Context
from lxdstack.cloud.compute.backend import ServerSpec
from lxdstack.cloud.core.errors import BadRequest
from lxdstack.cloud.core.state import CloudState

GIB = 1024**3
_KEYS = ("name", "imageRef", "flavorRef", "adminPass", "metadata", "networks", "OS-DCF:diskConfig", "accessIPv4",
         "accessIPv6", "personality", "availability_zone", "key_name", "min_count", "max_count",
         "return_reservation_id", "security_groups", "user_data", "block_device_mapping",
         "block_device_mapping_v2", "config_drive")
_HINTS = ("os:scheduler_hints", "OS-SCH-HNT:scheduler_hints")


def parse_zone(value: str) -> tuple[str | None, str | None]:
    """compute/api.py parse_availability_zone: `ZONE`, `ZONE:HOST`, `ZONE::NODE` or `ZONE:HOST:NODE`.

    nova-lxd names its node after the host, so a node stands for its host here.
    """
    if ":" not in value:
        return value, None
    parts = value.split(":")
    if len(parts) > 3:
        raise BadRequest(f"Invalid availability_zone value: {value}")
    zone, host = parts[0], parts[1] or (parts[2] if len(parts) == 3 else "")
    return zone or None, host or None


def _count(value: Any, field: str) -> int:
    return validation.integer(value, field, 1)


def _user_data(value: Any) -> str | None:
    if value is None:
        return None
    text = validation.string(value, "user_data", max_length=65535)
    try:
        # servers.py _decode_base64 drops whitespace first: wrapped base64 is fine
        base64.b64decode(re.sub(r"\s", "", text), validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest("User data needs to be valid base 64.") from None
    return text


def parse(body: dict, cloud: CloudState, ctx: Context) -> tuple[ServerSpec, str | None, bool]:
    """(spec, admin password or None, whether a reservation id was asked for) of a valid request."""
    validation.only(body, None, ("server", *_HINTS))
    server = validation.member(body, "server")
    validation.only(server, "server", (*_KEYS, "description") if ctx.since("2.19") else _KEYS)
    validation.required(server, "server", ("name", "flavorRef"))
    name = validation.name(server["name"])
    requested_networks = networks.check(server, ctx)
    _check_block_devices(server)
    min_count = _count(server.get("min_count", 1), "min_count")
    max_count = _count(server.get("max_count", min_count), "max_count")
    if min_count > max_count:
        raise BadRequest("min_count must be <= max_count")
    if max_count > 1:
        raise errors.gap("creating several servers in one request (max_count > 1)")
    zone, forced_host = parse_zone(validation.name(server["availability_zone"], "availability_zone")) \
        if server.get("availability_zone") else (None, None)
    if forced_host is not None and not ctx.is_admin:
        raise errors.policy("os_compute_api:servers:create:forced_host")

    flavor = cloud.compute.flavors.find(validation.ref_id(server["flavorRef"], "flavorRef"), ctx.project_id,
                                        ctx.is_admin)
    if flavor is None:
        raise BadRequest("Invalid flavorRef provided.")
    image_id = _image_id(server)
    image = cloud.images.get(image_id)
    if image is None or not (ctx.is_admin or image.owner == ctx.project_id
                             or image.visibility in ("public", "community")):
        raise errors.image_not_found(image_id)
    if image.status != "active":
        raise errors.image_not_active(image_id)
    if getattr(image, "min_ram", 0) > flavor.ram:
        raise BadRequest("Flavor's memory is too small for requested image.")
    if flavor.disk and ((image.size or 0) > flavor.disk * GIB or getattr(image, "min_disk", 0) > flavor.disk):
        raise BadRequest(f"Flavor's disk is too small for requested image. Flavor disk is {flavor.disk * GIB} "
                         f"bytes, image is {image.size or 0} bytes.")
    key_name = server.get("key_name")
    if key_name is not None and cloud.compute.keypairs.find(ctx.user_id, str(key_name)) is None:
        raise BadRequest("Invalid key_name provided.")
    groups = server.get("security_groups") or [{"name": "default"}]
    if not isinstance(groups, list) or not all(isinstance(g, dict) and "name" in g for g in groups):
        raise errors.invalid("security_groups", groups, f"{groups!r} is not valid under any of the given schemas")
    plan = networks.resolve(requested_networks, cloud, ctx, [str(g["name"]) for g in groups])
    if zone is not None and forced_host is None and zone not in cloud.compute.zone_names():
        raise BadRequest("The requested availability zone is not available")
    spec = ServerSpec(
        name=name, flavor=flavor, image_id=image_id, image_name=image.name or "", disk_format=image.disk_format,
        key_name=key_name, metadata=validation.metadata(server.get("metadata", {})), zone=zone,
        forced_host=forced_host, security_groups=[str(g["name"]) for g in groups],
        config_drive=str(server.get("config_drive", "")).lower() in ("true", "1", "yes", "on"),
        user_data=_user_data(server.get("user_data")),
        description=server.get("description"),
        access_ipv4=str(server.get("accessIPv4") or ""), access_ipv6=str(server.get("accessIPv6") or ""),
        networks=plan,
    )
    password = server.get("adminPass")
    if password is not None:
        password = validation.string(password, "adminPass")
    wants_reservation = server.get("return_reservation_id") in (True, "True", "true", "1")
    return spec, password, wants_reservation


def _check_block_devices(server: dict) -> None:
    """Local disks are what an image boot has anyway (the openstack CLI always sends the image as a local
    block device); anything on a volume needs Cinder, which the emulation does not have yet."""
    if "block_device_mapping" in server:  # the legacy format only knows volumes and snapshots
        raise errors.gap("boot from volume (block_device_mapping) until the emulation has Cinder")
    mappings = server.get("block_device_mapping_v2", [])
    if not isinstance(mappings, list) or not all(isinstance(m, dict) for m in mappings):
        raise errors.invalid("block_device_mapping_v2", mappings, f"{mappings!r} is not of type 'array'")
    for mapping in mappings:
        if mapping.get("destination_type", "local") != "local" or mapping.get("source_type") not in (
                "image", "blank"):
            raise errors.gap("boot from volume (block_device_mapping_v2) until the emulation has Cinder")


def _image_id(server: dict) -> str:
    """servers.py _image_from_req_data: the last segment of imageRef, which must look like a UUID."""
    if not server.get("imageRef"):
        raise BadRequest("Missing imageRef attribute")
    image_id = validation.ref_id(server["imageRef"], "imageRef")
    try:
        uuid.UUID(image_id)
    except ValueError:
        raise BadRequest("Invalid imageRef provided.") from None
    return image_id
