"""`PATCH /v2/images/{id}`: Glance's JSON-patch dialect, parsed and applied as Newton does.

Media type `application/openstack-images-v2.1-json-patch` carries RFC 6902 operations (`{"op": "replace",
"path": "/name", "value": ...}`); the older v2.0 type names the op as the key (`{"replace": "/name", ...}`). Only
`add`, `remove` and `replace` exist; `add` on an existing property replaces it (v2.1). The changes apply all or
nothing: Glance saves the image once, after the last change.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from lxdstack.cloud.image import errors, schema
from lxdstack.cloud.image.models import Image

V21 = "application/openstack-images-v2.1-json-patch"
V20 = "application/openstack-images-v2.0-json-patch"
OPERATIONS = ("add", "remove", "replace")
# Image attributes a patch may set (the rest of schema.BASE is read-only).
SETTABLE = ("name", "visibility", "protected", "container_format", "disk_format", "min_ram", "min_disk", "tags",
            "owner")
_LOCATION_VERBS = {"add": "add", "remove": "remove", "replace": "update"}


@dataclass(frozen=True)
class Change:
    op: str
    name: str
    value: Any = None


def parse(body: Any, media_type: str) -> list[Change]:
    """Validated changes; 400 for a malformed patch, 403 for a read-only or reserved attribute."""
    if not isinstance(body, list):
        raise errors.bad_request("Request body must be a JSON array of operation objects.")
    return [_change(raw, media_type) for raw in body]


def _change(raw: Any, media_type: str) -> Change:
    if not isinstance(raw, dict):
        raise errors.bad_request("Operations must be JSON objects.")
    if media_type == V20:
        ops = [key for key in OPERATIONS if key in raw]
        if len(ops) != 1:
            raise errors.bad_request('Operation objects must contain exactly one member named "add", "remove", '
                                     'or "replace".')
        op, pointer = ops[0], raw[ops[0]]
    else:
        if "op" not in raw:
            raise errors.bad_request("Unable to find 'op' in JSON Schema change")
        op = raw["op"]
        if op not in OPERATIONS:
            raise errors.bad_request(f"Invalid operation: `{op}`. It must be one of the following: "
                                     f"{', '.join(OPERATIONS)}.")
        if "path" not in raw:
            raise errors.bad_request("Unable to find 'path' in JSON Schema change")
        pointer = raw["path"]
    path = _decode(pointer)
    if path[0] == "locations":
        # show_multiple_locations is off by default, so locations cannot be seen, nor patched
        raise errors.locations_invisible(_LOCATION_VERBS[op])
    if len(path) != 1:
        raise errors.bad_request(f"Invalid JSON pointer for this resource: '/{'/'.join(path)}'")
    name = path[0]
    if name in schema.READ_ONLY:
        raise errors.read_only(name)
    if name in schema.RESERVED:
        raise errors.reserved(name)
    if op == "remove":
        return Change(op, name)
    if "value" not in raw:
        raise errors.bad_request(f'Operation "{op}" requires a member named "value".')
    schema.validate({name: raw["value"]})
    return Change(op, name, raw["value"])


def _decode(pointer: Any) -> list[str]:
    if not isinstance(pointer, str) or not pointer.startswith("/"):
        raise errors.bad_request(f'Pointer `{pointer}` does not start with "/".')
    if re.search(r"/\s*?/", pointer[1:]):
        raise errors.bad_request(f'Pointer `{pointer}` contains adjacent "/".')
    if len(pointer) > 1 and pointer.endswith("/"):
        raise errors.bad_request(f'Pointer `{pointer}` end with "/".')
    if re.search("~[^01]", pointer) or pointer.endswith("~"):
        raise errors.bad_request(f'Pointer `{pointer}` contains "~" not part of a recognized escape sequence.')
    return [part.replace("~1", "/").replace("~0", "~").strip() for part in pointer.lstrip("/").split("/")]


def apply(image: Image, changes: list[Change], *, mutable: bool, is_admin: bool) -> None:
    """Apply every change to `image`, or none of them if one is refused."""
    draft = copy.copy(image)
    draft.tags, draft.properties = list(image.tags), dict(image.properties)
    for change in changes:
        if not mutable:
            raise errors.not_permitted_to_modify(change.name)
        if change.name in SETTABLE:
            _set(draft, change, is_admin)
        elif change.op == "remove":
            if change.name not in draft.properties:
                raise errors.property_missing(change.name)
            del draft.properties[change.name]
        elif change.op == "replace" and change.name not in draft.properties:
            raise errors.property_missing(change.name)
        else:
            draft.properties[change.name] = change.value
    for name in (*SETTABLE, "properties"):
        setattr(image, name, getattr(draft, name))


def _set(draft: Image, change: Change, is_admin: bool) -> None:
    if change.op == "remove":
        raise errors.may_not_remove(change.name)
    if change.name in ("container_format", "disk_format") and draft.status != "queued":
        raise errors.queued_only(change.name)
    if change.name == "visibility" and change.value == "public" and not is_admin:
        raise errors.not_authorized("publicize_image")
    value = list(dict.fromkeys(change.value)) if change.name == "tags" else change.value
    setattr(draft, change.name, value)
