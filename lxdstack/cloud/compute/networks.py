"""The `networks` of a server create, checked as Nova Newton does, against a cloud without Neutron (for now).

THE PLACE TO CHANGE when the embedded cloud gets Neutron: `resolve()` should look networks and ports up there
(NetworkNotFound / PortNotFound only for ones that do not exist), allocate ports, and `auto` should use the one
network the project can reach (Nova's get-me-a-network) instead of booting without any. Until then every named
network or port is unknown, and `auto` and `none` boot a server without addresses.
"""

from __future__ import annotations

import uuid
from typing import Any

from lxdstack.cloud.compute import errors
from lxdstack.cloud.compute.api import Context
from lxdstack.cloud.core.errors import BadRequest

_ITEM_KEYS = ("uuid", "port", "fixed_ip", "tag")


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def check(body: dict, ctx: Context) -> list[dict]:
    """The requested networks, validated per microversion: from 2.37 `networks` is required and may be the string
    `auto` or `none`; before, it is an optional list. Returns the list (empty for `auto`, `none` or absent)."""
    if "networks" not in body:
        if ctx.since("2.37"):
            raise errors.invalid("server", body, "'networks' is a required property")
        return []
    value = body["networks"]
    if isinstance(value, str) and ctx.since("2.37"):
        if value not in ("auto", "none"):
            raise errors.invalid("networks", value, f"{value!r} is not one of ['none', 'auto']")
        return []
    if not isinstance(value, list):
        raise errors.invalid("networks", value, f"{value!r} is not of type 'array'")
    if ctx.since("2.37") and not value:
        raise errors.invalid("networks", value, "[] is too short")
    allowed = _ITEM_KEYS if ctx.since("2.32") else _ITEM_KEYS[:3]
    for item in value:
        if not isinstance(item, dict):
            raise errors.invalid("networks", item, f"{item!r} is not of type 'object'")
        extras = sorted(set(item) - set(allowed))
        if extras:
            raise errors.invalid("networks", item, f"Additional properties are not allowed ({extras[0]!r} was "
                                                   "unexpected)")
        if "port" not in item and not _is_uuid(item.get("uuid")):
            raise BadRequest(f"Bad networks format: network uuid is not in proper format ({item.get('uuid')})")
    return value


def resolve(requested: list[dict]) -> None:
    """Nova's validate_networks against Neutron: with no Neutron yet, no port or network exists."""
    for item in requested:
        if "port" in item:
            raise errors.port_not_found(str(item["port"]))
        raise errors.network_not_found(str(item["uuid"]))
