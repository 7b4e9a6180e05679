"""Glance Newton's image schema (glance/api/v2/images.py get_base_properties), checked as jsonschema would.

The formats are those the Juju glance charm configures (`disk_formats` adds `root-tar`, which nova-lxd accepts;
container formats are Glance's defaults). Extra properties must be strings (`additionalProperties: string`).
Only the first problem is reported, as jsonschema's `validate` raises the first error it finds.
"""

from __future__ import annotations

import re
from typing import Any

from lxdstack.cloud.image import errors

DISK_FORMATS = ("ami", "ari", "aki", "vhd", "vmdk", "raw", "qcow2", "vdi", "iso", "root-tar")
CONTAINER_FORMATS = ("ami", "ari", "aki", "bare", "ovf", "ova", "docker")
VISIBILITIES = ("public", "private")  # `shared` and `community` came with v2.5 (Ocata)
STATUSES = ("queued", "saving", "active", "killed", "deleted", "pending_delete", "deactivated")
UUID_PATTERN = "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$"

# Attributes of the image itself; everything else a client sends is an extra property.
BASE = ("checksum", "created_at", "container_format", "disk_format", "id", "min_disk", "min_ram", "name", "size",
        "virtual_size", "status", "tags", "owner", "updated_at", "visibility", "protected")
# Refused on create before the schema is checked (RequestDeserializer._disallowed_properties) ...
DISALLOWED = ("direct_url", "self", "file", "schema")
# ... after it (ImageFactory._readonly_properties / _reserved_properties) ...
READ_ONLY_ON_CREATE = ("created_at", "updated_at", "status", "checksum", "size", "virtual_size")
RESERVED = ("location", "locations", "deleted", "deleted_at")
# ... and on PATCH (RequestDeserializer._readonly_properties).
READ_ONLY = ("created_at", "updated_at", "status", "checksum", "size", "virtual_size", "direct_url", "self",
             "file", "schema", "id")

_NULLABLE_STRING = ("null", "string")


def _enum(values: tuple[str, ...], nullable: bool = True) -> dict[str, Any]:
    return {"type": _NULLABLE_STRING if nullable else ("string",), "enum": ((None,) if nullable else ()) + values}


# name -> {"type": json types, "enum": values, "maxLength": n, "minimum": n, "pattern": regex}
PROPERTIES: dict[str, dict[str, Any]] = {
    "id": {"type": ("string",), "pattern": UUID_PATTERN},
    "name": {"type": _NULLABLE_STRING, "maxLength": 255},
    "status": _enum(STATUSES, nullable=False),
    "visibility": _enum(VISIBILITIES, nullable=False),
    "protected": {"type": ("boolean",)},
    "checksum": {"type": _NULLABLE_STRING, "maxLength": 32},
    "owner": {"type": _NULLABLE_STRING, "maxLength": 255},
    "size": {"type": ("null", "integer")},
    "virtual_size": {"type": ("null", "integer")},
    "container_format": _enum(CONTAINER_FORMATS),
    "disk_format": _enum(DISK_FORMATS),
    "created_at": {"type": ("string",)},
    "updated_at": {"type": ("string",)},
    "tags": {"type": ("array",), "items": {"type": ("string",), "maxLength": 255}},
    "min_ram": {"type": ("integer",), "minimum": 0},
    "min_disk": {"type": ("integer",), "minimum": 0},
}
_EXTRA = {"type": ("string",)}

_JSON_TYPES = {"null": type(None), "string": str, "boolean": bool, "array": list}


def _is(value: Any, json_type: str) -> bool:
    if json_type == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, _JSON_TYPES[json_type])


def _check(key: str, value: Any, rule: dict[str, Any]) -> None:
    if not any(_is(value, t) for t in rule["type"]):
        shown = ", ".join(repr(kind) for kind in rule["type"])
        raise errors.schema(f"{value!r} is not of type {shown}", "type", key)
    if "enum" in rule and value not in rule["enum"]:
        raise errors.schema(f"{value!r} is not one of {list(rule['enum'])!r}", "enum", key)
    if isinstance(value, str) and len(value) > rule.get("maxLength", len(value)):
        raise errors.schema(f"{value!r} is too long", "maxLength", key)
    if isinstance(value, str) and "pattern" in rule and not re.search(rule["pattern"], value):
        raise errors.schema(f"{value!r} does not match {rule['pattern']!r}", "pattern", key)
    if isinstance(value, int) and value < rule.get("minimum", value):
        raise errors.schema(f"{value!r} is less than the minimum of {rule['minimum']}", "minimum", key)
    if isinstance(value, list):
        for item in value:
            _check(key, item, rule["items"])


def validate(body: dict[str, Any]) -> None:
    """Raise Glance's 400 for the first attribute of `body` the image schema refuses."""
    for key, value in body.items():
        _check(key, value, PROPERTIES.get(key, _EXTRA))
