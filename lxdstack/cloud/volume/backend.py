"""Cinder's state for one cloud: services, types, quotas, volumes and user messages, and the rules that span
them (quotas, scheduling, which status allows what). No HTTP here; handlers parse requests before calling in.

A create is decided when it is made, as Cinder's API and scheduler would decide it: with no scheduler up the
request waits in the queue (`creating` for good, no host); with no volume service up in the zone the scheduler
fails (`error`, no host, and a user message); otherwise the volume lands on that backend and is `available` once
`pace.volume_seconds` have passed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from lxdstack.cloud.core.clock import Clock
from lxdstack.cloud.scenario import Scenario
from lxdstack.cloud.volume import errors
from lxdstack.cloud.volume.messages import UNABLE_TO_ALLOCATE, Messages
from lxdstack.cloud.volume.models import GONE, Attachment, Volume
from lxdstack.cloud.volume.services import Services
from lxdstack.cloud.volume.types import VolumeType, VolumeTypes

# Cinder Newton's other default quotas (cinder/quota.py); only volumes and gigabytes come from the scenario.
OTHER_QUOTAS = {"snapshots": 10, "backups": 10, "backup_gigabytes": 1000, "per_volume_gigabytes": -1}
DELETABLE = ("available", "error", "error_restoring", "error_extending")


@dataclass(frozen=True)
class VolumeSpec:
    """A create request once the handler has validated it."""

    size: int
    name: str | None = None
    description: str | None = None
    zone: str | None = None
    volume_type: VolumeType | None = None  # as named by the request; None for the default type
    metadata: dict[str, str] = field(default_factory=dict)
    multiattach: bool = False


@dataclass(frozen=True)
class Usage:
    volumes: int = 0
    gigabytes: int = 0


class BlockStorage:
    def __init__(self, scenario: Scenario, clock: Clock) -> None:
        self.clock = clock
        self.pace = scenario.pace.volume_seconds
        self.services = Services(list(scenario.volume.services), clock.now())
        self.types = VolumeTypes(scenario.volume.default_type)
        self.quotas = {"volumes": scenario.volume.quotas.volumes, "gigabytes": scenario.volume.quotas.gigabytes,
                       **OTHER_QUOTAS}
        self.messages = Messages()
        self._volumes: dict[str, Volume] = {}

    # -- reading ---------------------------------------------------------------------------------------------
    def _present(self, now: datetime) -> list[Volume]:
        for volume in [v for v in self._volumes.values() if v.status(now) == GONE]:
            del self._volumes[volume.id]  # cinder-volume has finished deleting it
        return list(self._volumes.values())

    def volume(self, volume_id: str, project_id: str, is_admin: bool) -> Volume:
        """The volume if the caller's project owns it (any for an admin); Cinder's 404 otherwise."""
        found = next((v for v in self._present(self.clock.now()) if v.id == volume_id), None)
        if found is None or not (is_admin or found.project_id == project_id):
            raise errors.volume_not_found(volume_id)
        return found

    def listing(self, project_id: str | None) -> list[Volume]:
        """Volumes of `project_id` (every project's when None), newest first as Cinder sorts by default."""
        found = [v for v in self._present(self.clock.now()) if project_id in (None, v.project_id)]
        return sorted(found, key=lambda v: (v.created_at, v.id), reverse=True)

    def usage(self, project_id: str) -> Usage:
        """What the project's quota usage counts: every volume until cinder-volume has deleted it."""
        mine = self.listing(project_id)
        return Usage(len(mine), sum(v.size for v in mine))

    def type_of(self, volume: Volume) -> VolumeType | None:
        return self.types.types.get(volume.type_id) if volume.type_id else None

    # -- create and delete ------------------------------------------------------------------------------------
    def create(self, spec: VolumeSpec, project_id: str, user_id: str, request_id: str) -> Volume:
        """The create flow's checks in its order (zone, then quota), then the scheduler's decision."""
        zone = spec.zone or "nova"
        if zone not in self.services.zones():
            raise errors.bad_zone(zone)
        volume_type = spec.volume_type or self.types.default
        self._reserve(project_id, spec.size)
        now = self.clock.now()
        volume = Volume(
            id=str(uuid.uuid4()), project_id=project_id, user_id=user_id, name=spec.name,
            description=spec.description, size=spec.size, zone=zone,
            type_id=volume_type.id if volume_type else None, metadata=dict(spec.metadata),
            multiattach=spec.multiattach, created_at=now, host=None, timeline=[(now, "creating")],
        )
        if self.services.scheduler_up():
            volume.host = self.services.place(zone)
            volume.timeline.append((now + timedelta(seconds=self.pace), "available" if volume.host else "error"))
            if volume.host is None:
                self.messages.record(UNABLE_TO_ALLOCATE, project_id, volume.id, request_id, volume.timeline[-1][0])
        self._volumes[volume.id] = volume
        return volume

    def _reserve(self, project_id: str, size: int) -> None:
        """QuotaReserveTask and quota_utils.process_reserve_over_quota; when both are over, the gigabytes error
        is the one reported (Cinder reports the first of the quota engine's `overs`)."""
        used = self.usage(project_id)
        quota = self.quotas["gigabytes"]
        if quota >= 0 and used.gigabytes + size > quota:
            raise errors.gigabytes_over_quota(size, quota, used.gigabytes)
        quota = self.quotas["volumes"]
        if quota >= 0 and used.volumes + 1 > quota:
            raise errors.volumes_over_quota(quota)

    def delete(self, volume: Volume) -> None:
        """volume/api.py delete: an unscheduled volume goes at once; any other must be settled, detached and in
        a deletable status, then cinder-volume deletes it."""
        now = self.clock.now()
        if volume.host is None:
            del self._volumes[volume.id]
            return
        if not volume.settled(now) or volume.status(now) not in DELETABLE:
            raise errors.not_deletable()
        volume.then(now, "deleting", self.pace, GONE)

    # -- attachments (what Nova asks of Cinder) ---------------------------------------------------------------
    def reserve(self, volume: Volume) -> None:
        """os-reserve: only an available volume (Nova's attach first reserves it)."""
        now = self.clock.now()
        if volume.multiattach and volume.status(now) == "in-use":
            raise errors.gap("a second attachment of a multiattach volume")
        if not volume.settled(now) or volume.status(now) != "available":
            raise errors.reserve_refused()

    def attach(self, volume: Volume, server_id: str, device: str) -> None:
        """attaching (Nova connects it), then in-use with the attachment (os-attach)."""
        now = self.clock.now()
        volume.then(now, "attaching", self.pace, "in-use")
        attached_at = volume.timeline[-1][0]
        volume.attachment = Attachment(str(uuid.uuid4()), server_id, device, attached_at)
        if volume.first_attached_at is None:
            volume.first_attached_at = attached_at

    def detach(self, volume: Volume) -> datetime:
        """begin_detaching (detaching; only from a settled in-use), then Nova's os-detach once the guest has let
        go (available). Returns when the volume is available again."""
        now = self.clock.now()
        if not volume.settled(now) or volume.status(now) != "in-use":
            raise errors.detach_refused()
        volume.then(now, "detaching", self.pace, "available")
        return volume.timeline[-1][0]

    def detach_all(self, server_id: str) -> None:
        """A deleted server's volumes: Nova's shutdown detaches each at once (os-detach, no `detaching`)."""
        now = self.clock.now()
        for volume in self._present(now):
            if volume.attachment is not None and volume.attachment.server_id == server_id \
                    and volume.status(now) in ("attaching", "in-use", "detaching"):
                volume.cut(now, "available")
                if volume.first_attached_at is not None and volume.first_attached_at > now:
                    volume.first_attached_at = None  # the attach never reached os-attach

    def update(self, volume: Volume, changes: dict) -> None:
        for key in ("name", "description"):
            if key in changes:
                setattr(volume, key, changes[key])
        if "metadata" in changes:
            volume.metadata = dict(changes["metadata"])
        volume.changed_at = self.clock.now()
