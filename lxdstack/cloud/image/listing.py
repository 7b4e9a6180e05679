"""`GET /v2/images` as Glance Newton answers it: visibility, filters, sorting, and marker pagination.

Without a `visibility` filter a member sees public images and its project's own, an admin every image. Any query
key that is neither a paging key nor an image attribute filters on an extra property, as Glance does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from lxdstack.cloud.image import errors
from lxdstack.cloud.image.models import Image, visible_to

DEFAULT_LIMIT = 25  # glance-api.conf limit_param_default
MAX_LIMIT = 1000  # api_limit_max
SORT_KEYS = ("name", "status", "container_format", "disk_format", "size", "id", "created_at", "updated_at")
_PAGING = ("limit", "marker", "sort_key", "sort_dir", "sort", "member_status")
_EXACT = ("name", "status", "owner", "disk_format", "container_format", "id", "checksum", "min_ram", "min_disk")


def listing(images: list[Image], query: QueryParams, project_id: str | None, is_admin: bool
            ) -> tuple[list[Image], str, str | None]:
    """(the page, the `first` link, the `next` link or None) for `images` as the caller may list them."""
    matches = [i for i in images if _visible(i, query.get("visibility"), project_id, is_admin)]
    for check in _filters(query):
        matches = [i for i in matches if check(i)]
    matches.sort(key=lambda i: i.id)
    for key, direction in reversed(_sorting(query)):
        matches.sort(key=lambda i, k=key: _sort_value(i, k), reverse=direction == "desc")
    limit = _limit(query.get("limit"))
    marker = query.get("marker")
    if marker is not None:
        position = next((n for n, i in enumerate(matches) if i.id == marker), None)
        if position is None:
            raise errors.bad_request(f"No image found with ID {marker}")
        matches = matches[position + 1:]
    page = matches[:limit]
    params = [(k, v) for k, v in query.multi_items() if k != "marker"]
    first = "/v2/images" + (f"?{urlencode(params)}" if params else "")
    next_link = None
    if page and len(page) == limit:
        next_link = f"/v2/images?{urlencode([*params, ('marker', page[-1].id)])}"
    return page, first, next_link


def _visible(image: Image, wanted: str | None, project_id: str | None, is_admin: bool) -> bool:
    if wanted is None:
        return visible_to(image, project_id, is_admin)
    if wanted == "public":
        return image.visibility == "public"
    if wanted == "private":
        return image.visibility == "private" and visible_to(image, project_id, is_admin)
    if wanted == "shared":
        return False  # shared through image members, which the embedded cloud has none of
    raise errors.bad_request(f"Invalid visibility value: {wanted}")


def _filters(query: QueryParams) -> list[Callable[[Image], bool]]:
    checks: list[Callable[[Image], bool]] = []
    for key, value in query.multi_items():
        if key in _PAGING or key == "visibility":
            continue
        if key in _EXACT:
            checks.append(lambda i, k=key, v=value: str(getattr(i, k)) == v)
        elif key == "protected":
            if value not in ("true", "false"):
                raise errors.bad_request(f"Invalid value '{value}' for 'protected' filter. Valid values are "
                                         "'true' or 'false'.")
            checks.append(lambda i, v=value == "true": i.protected is v)
        elif key in ("size_min", "size_max"):
            bound = _number(value)
            below = key == "size_max"
            checks.append(lambda i, b=bound, le=below: i.size is not None and (i.size <= b if le else i.size >= b))
        elif key == "tag":
            checks.append(lambda i, v=value: v in i.tags)
        else:
            checks.append(lambda i, k=key, v=value: i.properties.get(k) == v)
    return checks


def _number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise errors.bad_request("Unable to filter on a range with a non-numeric value.") from None


def _sorting(query: QueryParams) -> list[tuple[str, str]]:
    """(key, direction) pairs, most significant first, ending in Glance's tie-breakers created_at and id."""
    if "sort" in query:
        if "sort_key" in query or "sort_dir" in query:
            raise errors.bad_request("The 'sort' query parameter cannot be used together with "
                                     "'sort_key' or 'sort_dir'.")
        pairs = [tuple(part.partition(":")[::2]) for part in query["sort"].split(",")]
        order = [(key.strip(), (direction or "desc").strip()) for key, direction in pairs]
    else:
        keys = query.getlist("sort_key") or ["created_at"]
        dirs = query.getlist("sort_dir") or ["desc"]
        if len(dirs) == 1:
            dirs = dirs * len(keys)
        if len(dirs) != len(keys):
            raise errors.bad_request("Number of sort dirs does not match the number of sort keys")
        order = list(zip(keys, dirs, strict=True))
    for key, direction in order:
        if key not in SORT_KEYS:
            raise errors.bad_request(f"Invalid sort key: {key}. It must be one of the following: "
                                     f"{', '.join(SORT_KEYS)}.")
        if direction not in ("asc", "desc"):
            raise errors.bad_request(f"Invalid sort direction: {direction}")
    return order + [(k, "desc") for k in ("created_at", "id") if k not in dict(order)]


def _sort_value(image: Image, key: str) -> tuple[bool, Any]:
    value = getattr(image, key)
    return (value is not None, value if value is not None else 0)


def _limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    try:
        limit = int(value)
    except ValueError:
        raise errors.bad_request("limit param must be an integer") from None
    if limit < 0:
        raise errors.bad_request("limit param must be positive")
    return min(limit, MAX_LIMIT)
