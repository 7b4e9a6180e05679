"""Cinder's implemented routes, relative to `/volume` (discovery documents are in `discovery.py`).

The catalog advertises volumev3 at `/volume/v3/{project_id}` and volumev2 at `/volume/v2/{project_id}`; both
share the handlers, v2 being the legacy 2.0 (no microversions, no messages). Fixed paths (`/volumes/detail`) come
before the ones they would otherwise match as an id. Anything not listed (snapshots, backups, volume actions,
metadata, transfers, ...) answers 501 naming the route, after the token check.
"""

from __future__ import annotations

from lxdstack.cloud.core.routing import Route
from lxdstack.cloud.volume import admin_handlers as admin
from lxdstack.cloud.volume import message_handlers as messages
from lxdstack.cloud.volume import volume_handlers as volumes


def _api(version: str) -> list[Route]:
    p = f"/{version}/{{project_id}}"
    routes = [
        Route("GET", p + "/volumes", volumes.list_volumes),
        Route("POST", p + "/volumes", volumes.create_volume),
        Route("GET", p + "/volumes/detail", volumes.list_volumes_detail),
        Route("GET", p + "/volumes/{volume_id}", volumes.get_volume),
        Route("PUT", p + "/volumes/{volume_id}", volumes.update_volume),
        Route("DELETE", p + "/volumes/{volume_id}", volumes.delete_volume),
    ]
    if version == "v3":
        routes += [
            Route("GET", p + "/messages", messages.list_messages),
            Route("GET", p + "/messages/{message_id}", messages.get_message),
            Route("DELETE", p + "/messages/{message_id}", messages.delete_message),
        ]
    return routes + [
        Route("GET", p + "/os-services", admin.list_services),
        Route("GET", p + "/types", admin.list_types),
        Route("GET", p + "/types/{type_id}", admin.get_type),
        Route("GET", p + "/os-quota-sets/{target_id}", admin.get_quotas),
        Route("GET", p + "/os-quota-sets/{target_id}/defaults", admin.get_quota_defaults),
        Route("GET", p + "/limits", admin.get_limits),
    ]


ROUTES = _api("v3") + _api("v2")
