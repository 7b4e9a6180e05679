"""`GET /v2.0/<collection>` query strings as Neutron Newton reads them: filters, `fields`, sorting, paging.

Any attribute of the resource filters by equality, a repeated key meaning "any of"; booleans compare as
`convert_to_boolean` reads them; list attributes (`security_groups`) match when they hold the value; ports also
take `fixed_ips=ip_address=A` and `fixed_ips=subnet_id=S`. Newton ignores keys that are no attribute (strict
filter validation came later). `fields` keeps only the named attributes. Paging is `limit` and `marker` (an id),
with `<collection>_links` holding `next` (a full page) and `previous` (after a marker), as Neutron's native
pagination does; sorting is `sort_key`/`sort_dir`, creation order otherwise.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from lxdstack.cloud.core.errors import BadRequest

_CONTROL = ("fields", "limit", "marker", "sort_key", "sort_dir", "page_reverse", "fixed_ips")


def _matches(value: Any, wanted: list[str]) -> bool:
    if isinstance(value, bool):
        return any(w.lower() in (("true", "1") if value else ("false", "0")) for w in wanted)
    if isinstance(value, list):
        return any(str(v) in wanted for v in value)
    return any(("" if value is None else str(value)) == w for w in wanted)


def _fixed_ip_match(item: dict, wanted: list[str]) -> bool:
    """`fixed_ips=ip_address=A` (or `subnet_id=S`): every condition holds for one of the port's addresses."""
    conditions = [tuple(w.split("=", 1)) for w in wanted if "=" in w]
    addresses = item.get("fixed_ips", [])
    return all(any(str(fixed.get(key)) == value for fixed in addresses) for key, value in conditions)


def select(items: list[dict], query: QueryParams) -> list[dict]:
    """The items the query's filters keep, sorted and without paging."""
    found = items
    for key in dict.fromkeys(query.keys()):
        if key in _CONTROL:
            continue
        wanted = query.getlist(key)
        found = [item for item in found if key in item and _matches(item[key], wanted)]
    if "fixed_ips" in query:
        found = [item for item in found if _fixed_ip_match(item, query.getlist("fixed_ips"))]
    keys, dirs = query.getlist("sort_key"), query.getlist("sort_dir")
    if keys:
        if dirs and len(dirs) != len(keys):
            raise BadRequest("The number of sort_keys and sort_dirs must be same")
        for key, direction in reversed(list(zip(keys, dirs or ["asc"] * len(keys), strict=True))):
            if direction not in ("asc", "desc"):
                raise BadRequest(f"{direction} is invalid value for sort_dirs, valid value is 'asc' and 'desc'")
            found = sorted(found, key=lambda i, k=key: (i.get(k) is not None, str(i.get(k))),
                           reverse=direction == "desc")
    return found


def page(items: list[dict], query: QueryParams, collection: str, url: str) -> dict[str, Any]:
    """`{collection: [...], collection_links: [...]}` for one page, with only the asked `fields`."""
    marker, limit_text = query.get("marker"), query.get("limit")
    start = 0
    if marker is not None:
        ids = [item["id"] for item in items]
        start = ids.index(marker) + 1 if marker in ids else 0
    chosen = items[start:]
    links = []
    if limit_text is not None:
        try:
            limit = int(limit_text)
        except ValueError:
            raise BadRequest(f"Invalid input for limit. Reason: '{limit_text}' is not an integer.") from None
        if limit < 0:
            raise BadRequest(f"Invalid input for limit. Reason: '{limit}' should be non-negative.")
        if limit:
            chosen = chosen[:limit]
            others = [(k, v) for k, v in query.multi_items() if k != "marker"]
            if len(chosen) == limit and start + limit < len(items):
                links.append({"rel": "next", "href": f"{url}?{urlencode([*others, ('marker', chosen[-1]['id'])])}"})
            if marker is not None and chosen:
                previous = [*others, ("marker", chosen[0]["id"]), ("page_reverse", "True")]
                links.append({"rel": "previous", "href": f"{url}?{urlencode(previous)}"})
    fields = query.getlist("fields")
    if fields:
        chosen = [{k: v for k, v in item.items() if k in fields} for item in chosen]
    body: dict[str, Any] = {collection: chosen}
    if links:
        body[f"{collection}_links"] = links
    return body


def one(item: dict, query: QueryParams) -> dict:
    """A shown resource, with only the asked `fields`."""
    fields = query.getlist("fields")
    return {k: v for k, v in item.items() if k in fields} if fields else item
