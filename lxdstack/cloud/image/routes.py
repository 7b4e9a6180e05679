"""Glance's implemented routes, relative to `/image` (discovery documents are in `discovery.py`).

Anything not listed (schemas, members, tags, tasks, deactivation) answers 501 naming the route, after the token
check, so a gap never passes for an answer.
"""

from __future__ import annotations

from lxdstack.cloud.core.routing import Route
from lxdstack.cloud.image import handlers

ROUTES = [
    Route("GET", "/v2/images", handlers.list_images),
    Route("POST", "/v2/images", handlers.create_image),
    Route("GET", "/v2/images/{image_id}", handlers.get_image),
    Route("PATCH", "/v2/images/{image_id}", handlers.update_image),
    Route("DELETE", "/v2/images/{image_id}", handlers.delete_image),
    Route("PUT", "/v2/images/{image_id}/file", handlers.upload_image_data),
    Route("GET", "/v2/images/{image_id}/file", handlers.download_image_data),
]
