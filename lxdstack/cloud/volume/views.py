"""JSON shapes of Cinder Newton: volumes (api/v2/views/volumes.py, v3 adds `group_id` at 3.13, plus the
extensions every deployment loads), user messages, services, types, quota sets and limits.

Times are what the JSON serializer makes of the database's datetimes: MySQL keeps whole seconds, oslo writes
microseconds and no zone (`2017-03-30T12:00:00.000000`).
"""

from __future__ import annotations

from datetime import datetime

from lxdstack.cloud.volume.api import Context
from lxdstack.cloud.volume.backend import BlockStorage, Usage
from lxdstack.cloud.volume.messages import Message
from lxdstack.cloud.volume.models import Volume
from lxdstack.cloud.volume.services import Service
from lxdstack.cloud.volume.types import VolumeType

# limits view names (api/views/limits.py _build_absolute_limits) and used limits (contrib/used_limits.py)
_LIMIT_NAMES = {"volumes": "maxTotalVolumes", "snapshots": "maxTotalSnapshots",
                "gigabytes": "maxTotalVolumeGigabytes", "backups": "maxTotalBackups",
                "backup_gigabytes": "maxTotalBackupGigabytes"}


def cinder_time(moment: datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%S.000000")


# -- volumes ----------------------------------------------------------------------------------------------------
def volume_summary(v: Volume, ctx: Context) -> dict:
    return {"id": v.id, "name": v.name, "links": ctx.links("volumes", v.id)}


def attachments(v: Volume, now: datetime) -> list[dict]:
    """Attachments whose attach_status is `attached` (an attaching one is not shown yet)."""
    a = v.attachment_at(now)
    if a is None:
        return []
    return [{"id": v.id, "attachment_id": a.id, "volume_id": v.id, "server_id": a.server_id, "host_name": None,
             "device": a.device, "attached_at": cinder_time(a.attached_at)}]


def volume(v: Volume, ctx: Context, now: datetime, storage: BlockStorage, *, created: bool = False,
           extended: bool = True) -> dict:
    """The detail view; `created` shows the row as inserted (the 202 of a create); `extended` adds the
    extensions' attributes, which extend show and list detail only."""
    volume_type = storage.type_of(v)
    body: dict = {
        "id": v.id,
        "status": v.status(now),
        "size": v.size,
        "availability_zone": v.zone,
        "created_at": cinder_time(v.created_at),
        "updated_at": None if created else cinder_time(v.updated_at(now)),
        "attachments": attachments(v, now),
        "name": v.name,
        "description": v.description,
        "volume_type": volume_type.name if volume_type else None,
        "snapshot_id": None,
        "source_volid": None,
        "metadata": v.shown_metadata(now),
        "links": ctx.links("volumes", v.id),
        "user_id": v.user_id,
        "bootable": "false",
        "encrypted": False,
        "replication_status": "disabled",
        "consistencygroup_id": None,
        "multiattach": v.multiattach,
    }
    if ctx.is_admin:
        body["migration_status"] = None
    if ctx.since("3.13"):
        body["group_id"] = None
    if not extended:
        return body
    body["os-vol-tenant-attr:tenant_id"] = v.project_id  # admin_or_owner: whoever sees the volume
    if ctx.is_admin:
        body["os-vol-host-attr:host"] = v.host
        body["os-vol-mig-status-attr:migstat"] = None
        body["os-vol-mig-status-attr:name_id"] = None
    return body


# -- messages, services, types ----------------------------------------------------------------------------------
def message(m: Message, ctx: Context) -> dict:
    return {"id": m.id, "event_id": m.event_id, "user_message": m.user_message, "message_level": m.level,
            "created_at": cinder_time(m.created_at), "guaranteed_until": cinder_time(m.guaranteed_until),
            "request_id": m.request_id, "links": ctx.links("messages", m.id), "resource_type": m.resource_type,
            "resource_uuid": m.resource_uuid}


def service(s: Service, ctx: Context, now: datetime) -> dict:
    """contrib/services.py index with os-extended-services loaded; `cluster` from 3.7."""
    body: dict = {"binary": s.binary, "host": s.host, "zone": s.zone, "status": "enabled",
                  "state": "up" if s.up else "down", "updated_at": cinder_time(s.updated_at(now))}
    if ctx.since("3.7"):
        body["cluster"] = None
    body["disabled_reason"] = None
    if s.binary == "cinder-volume":
        body.update(replication_status="disabled", active_backend_id=None, frozen=False)
    return body


def volume_type(t: VolumeType) -> dict:
    return {"id": t.id, "name": t.name, "is_public": t.is_public, "extra_specs": dict(t.extra_specs),
            "description": t.description}


# -- quotas and limits ------------------------------------------------------------------------------------------
def quota_set(project_id: str, storage: BlockStorage, usage: Usage | None) -> dict:
    """contrib/quotas.py show and defaults: the VolumeTypeQuotaEngine's resources, per volume type too."""
    limits = dict(storage.quotas)
    for t in storage.types.types.values():
        limits.update({f"volumes_{t.name}": -1, f"gigabytes_{t.name}": -1, f"snapshots_{t.name}": -1})
    body: dict = dict(limits)
    if usage is not None:
        in_use = {"volumes": usage.volumes, "gigabytes": usage.gigabytes}
        # no `allocated`: that is for nested quotas, which the seed does not use
        body = {key: {"limit": value, "in_use": in_use.get(key, 0), "reserved": 0} for key, value in limits.items()}
    return {"quota_set": {**body, "id": project_id}}


def limits(storage: BlockStorage, usage: Usage) -> dict:
    absolute = {name: storage.quotas[key] for key, name in _LIMIT_NAMES.items()}
    absolute.update(totalVolumesUsed=usage.volumes, totalGigabytesUsed=usage.gigabytes, totalSnapshotsUsed=0,
                    totalBackupsUsed=0, totalBackupGigabytesUsed=0)
    return {"limits": {"rate": [], "absolute": absolute}}
