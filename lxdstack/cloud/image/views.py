"""JSON shapes of Glance v2 (Newton's images.py ResponseSerializer).

Glance's links (`self`, `file`, `schema`, `first`, `next`) are paths relative to the API root (`/v2/...`), not
URLs; clients join them to the endpoint themselves. Unset attributes are null, not absent, and extra properties
sit flat beside the attributes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lxdstack.cloud.image.models import Image


def isotime(moment: datetime) -> str:
    """oslo's `timeutils.isotime`: whole seconds and a `Z`."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def href(image: Image, suffix: str = "") -> str:
    return f"/v2/images/{image.id}{suffix}"


def image(i: Image) -> dict[str, Any]:
    return {
        **i.properties,
        "id": i.id,
        "name": i.name,
        "status": i.status,
        "visibility": i.visibility,
        "protected": i.protected,
        "tags": list(i.tags),
        "container_format": i.container_format,
        "disk_format": i.disk_format,
        "min_disk": i.min_disk,
        "min_ram": i.min_ram,
        "size": i.size,
        "virtual_size": None,
        "checksum": i.checksum,
        "owner": i.owner,
        "created_at": isotime(i.created_at),
        "updated_at": isotime(i.updated_at),
        "self": href(i),
        "file": href(i, "/file"),
        "schema": "/v2/schemas/image",
    }


def images(page: list[Image], first: str, next_link: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"images": [image(i) for i in page], "first": first, "schema": "/v2/schemas/images"}
    if next_link is not None:
        body["next"] = next_link
    return body
