"""Reading Cinder Newton's volume requests: bodies (create, update) and list queries, in Cinder's order and words.

Newton validates no schema: it reads the keys it knows and ignores the rest (openstacksdk sends every attribute,
most of them null). Names are stripped and, like descriptions, at most 255 characters (oslo check_string_length);
metadata keys and values too (utils.check_metadata_properties). What the emulation cannot create (from a
snapshot, a volume, an image, into a consistency group) is a 501 naming it.
"""

from __future__ import annotations

import ast
import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

from starlette.datastructures import QueryParams

from lxdstack.cloud.core.errors import BadRequest
from lxdstack.cloud.volume import errors
from lxdstack.cloud.volume.api import Context
from lxdstack.cloud.volume.backend import VolumeSpec
from lxdstack.cloud.volume.types import VolumeTypes

_SOURCES = {"snapshot_id": "a snapshot", "source_volid": "another volume", "source_replica": "a replica",
            "imageRef": "an image", "image_id": "an image", "consistencygroup_id": "a consistency group"}
_USER_FILTERS = ("name", "status", "metadata", "availability_zone", "bootable")  # query_volume_filters
_ADMIN_FILTERS = (*_USER_FILTERS, "all_tenants", "project_id", "user_id", "size")
_PAGING = ("limit", "marker", "offset")
_TRUE, _FALSE = ("true", "yes", "y", "1", "on", "t"), ("false", "no", "n", "0", "off", "f")
MAX_LIMIT = 1000  # osapi_max_limit
T = TypeVar("T")


def entity(body: dict, name: str) -> dict:
    """wsgi.Controller.assert_valid_body."""
    value = body.get(name)
    if not isinstance(value, dict):
        raise errors.missing_element(name)
    return value


def _text(value: Any, field: str, strip: bool) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise errors.not_a_string(field)
    value = value.strip() if strip else value
    if len(value) > 255:
        raise errors.too_long(field)
    return value


def names(body: dict) -> dict[str, str | None]:
    """validate_name_and_description, keeping only the keys that were sent."""
    found = {}
    if "name" in body:
        found["name"] = _text(body["name"], "Name", strip=True)
    if "description" in body:
        found["description"] = _text(body["description"], "Description", strip=False)
    return found


def metadata(value: Any) -> dict[str, str]:
    if not value:
        return {}
    if not isinstance(value, dict):
        raise errors.hidden_crash()  # Cinder calls .items() on it
    for key, item in value.items():
        if not key:
            raise BadRequest("Invalid metadata: Metadata property key blank.")
        if len(key) > 255:
            raise BadRequest(f"Invalid metadata size: Metadata property key {key} greater than 255 characters.")
        if not isinstance(item, str):
            raise errors.bare_bad_request()  # len() of it fails: a TypeError
        if len(item) > 255:
            raise BadRequest(f"Invalid metadata size: Metadata property key {key} value greater than 255 "
                             "characters.")
    return dict(value)


def _size(value: Any) -> int:
    """volume/api.py create, then the flow's validate_int."""
    if value and (not _is_int_like(value) or int(value) <= 0):
        raise errors.bad_size(value)
    try:
        size = int(value)
    except (TypeError, ValueError):
        raise errors.size_not_positive(value) from None
    if size <= 0:
        raise errors.size_not_positive(size)
    return size


def _is_int_like(value: Any) -> bool:
    try:
        return str(int(value)) == str(value)
    except (TypeError, ValueError):
        return False


def create(body: dict, types: VolumeTypes, ctx: Context) -> VolumeSpec:
    """A create body: names, then the type (404), then the sources, then the size."""
    volume = entity(body, "volume")
    texts = names(volume)
    requested = volume.get("volume_type")
    volume_type = types.requested(str(requested)) if requested else None
    for key, what in _SOURCES.items():
        if volume.get(key) is not None:
            raise errors.gap(f"creating a volume from {what}")
    if ctx.since("3.13") and volume.get("group_id") is not None:
        raise errors.group_not_found(str(volume["group_id"]))  # there are no groups (v3 pops it below 3.13)
    size = _size(volume.get("size"))
    zone = volume.get("availability_zone")
    multiattach = volume.get("multiattach", False)
    if ctx.api != "v3":  # v2 reads it with utils.get_bool_param; v3 takes it as given
        multiattach = boolean(multiattach, "multiattach")
    return VolumeSpec(size=size, name=texts.get("name"), description=texts.get("description"),
                      zone=str(zone) if zone else None, volume_type=volume_type,
                      metadata=metadata(volume.get("metadata")), multiattach=bool(multiattach))


def update(body: dict) -> dict:
    """The keys an update may change (display_* are the v1 spellings v2 still takes)."""
    if not body:
        raise BadRequest("Missing request body")
    if "volume" not in body:
        raise BadRequest("Missing required element 'volume' in request body")
    volume = body["volume"]
    if not isinstance(volume, dict):
        raise errors.bare_bad_request()
    changes: dict[str, Any] = names(volume)
    for old, new in (("display_name", "name"), ("display_description", "description")):
        if old in volume and new not in changes:
            changes[new] = volume[old]
    if "metadata" in volume:
        changes["metadata"] = metadata(volume["metadata"])
    return changes


def boolean(value: Any, field: str) -> bool:
    """utils.get_bool_param: oslo's strict bool_from_string."""
    text = str(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise BadRequest(f"Value {value} for {field} is not a boolean.")


def paging(query: QueryParams) -> tuple[int, str | None, int]:
    """common.get_pagination_params: (limit, marker, offset)."""
    try:
        limit = int(query.get("limit", MAX_LIMIT))
    except ValueError:
        raise BadRequest("limit param must be an integer") from None
    if limit < 0:
        raise BadRequest("limit param must be positive")
    try:
        offset = int(query.get("offset", 0))
    except ValueError:
        raise errors.invalid_input("offset must be an integer.") from None
    if offset < 0:
        raise errors.invalid_input("offset must be >= 0.")
    return min(limit, MAX_LIMIT), query.get("marker"), offset


def paged(items: list[T], query: QueryParams, ident: Callable[[T], str]) -> tuple[list[T], int]:
    """(the page of `items` the query asks for, its limit): after the marker, then offset and limit."""
    limit, marker, offset = paging(query)
    if marker is not None:
        ids = [ident(item) for item in items]
        if marker not in ids:
            raise errors.marker_not_found(marker)
        items = items[ids.index(marker) + 1:]
    return items[offset:offset + limit], limit


def filters(query: QueryParams, is_admin: bool) -> dict[str, Any] | None:
    """The list filters that apply (a member's unknown ones are dropped); None when an admin filters on
    something volumes do not have, which Cinder's database query answers with nothing."""
    if any(key in query for key in ("sort", "sort_key", "sort_dir")):
        raise errors.gap("sorting volume lists")
    found: dict[str, Any] = {}
    for key, value in query.items():
        if key in _PAGING or key == "glance_metadata" or (not is_admin and key not in _USER_FILTERS):
            continue
        if key not in _ADMIN_FILTERS:
            return None
        found[key] = value
    if "metadata" in found:
        # check_volume_filters keeps what does not evaluate as a string, which matches no volume
        with contextlib.suppress(ValueError, SyntaxError):
            found["metadata"] = ast.literal_eval(found["metadata"])
    return found
