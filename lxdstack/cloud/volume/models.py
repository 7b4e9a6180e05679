"""Cinder's volumes and their state as time passes. No HTTP here.

A volume keeps a timeline: the statuses it takes and from when, decided when something is asked of it (create,
attach, detach, delete) and read against the cloud's clock, so nothing runs in the background and moving the
clock forward is all a test needs. Each asynchronous step (the scheduler and cinder-volume creating or deleting,
Nova attaching or detaching) takes the scenario's `pace.volume_seconds`.

A request may only start from a settled status (nothing pending on the timeline), except the detach Nova makes
when its server is deleted, which cuts whatever was pending.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

GONE = "gone"  # not a Cinder status: the row is deleted
ATTACHED = ("in-use", "detaching")  # attach_status `attached`: the attachment is shown, admin metadata set


@dataclass(frozen=True)
class Attachment:
    """Cinder's volume_attachment row of an instance attachment (Nova passes no host name)."""

    id: str
    server_id: str
    device: str
    attached_at: datetime


@dataclass
class Volume:
    id: str
    project_id: str
    user_id: str
    name: str | None
    description: str | None
    size: int
    zone: str
    type_id: str | None
    metadata: dict[str, str]
    multiattach: bool
    created_at: datetime
    host: str | None  # `host@backend#pool` the scheduler chose; None while unscheduled or when it found none
    timeline: list[tuple[datetime, str]] = field(default_factory=list)
    attachment: Attachment | None = None
    first_attached_at: datetime | None = None  # os-attach adds admin metadata `readonly: False` for good
    changed_at: datetime | None = None  # the last update through the API (name, description, metadata)

    def status(self, now: datetime) -> str:
        current = self.timeline[0][1]
        for moment, status in self.timeline:
            if moment > now:
                break
            current = status
        return current

    def settled(self, now: datetime) -> bool:
        """Nothing pending: the last step has happened."""
        return self.timeline[-1][0] <= now

    def updated_at(self, now: datetime) -> datetime:
        """The row's last change: the latest step that has happened, or an update through the API."""
        moments = [moment for moment, _ in self.timeline[1:] if moment <= now]
        if self.changed_at is not None:
            moments.append(self.changed_at)
        return max(moments, default=self.created_at)

    def then(self, start: datetime, status: str, seconds: float, final: str) -> None:
        """`status` from `start`, then `final` once `seconds` have passed."""
        self.timeline += [(start, status), (start + timedelta(seconds=seconds), final)]

    def cut(self, now: datetime, status: str) -> None:
        """`status` from now on, dropping whatever was still pending."""
        self.timeline = [(moment, s) for moment, s in self.timeline if moment <= now] + [(now, status)]

    def attachment_at(self, now: datetime) -> Attachment | None:
        return self.attachment if self.status(now) in ATTACHED else None

    def shown_metadata(self, now: datetime) -> dict[str, str]:
        """The metadata plus the admin metadata Cinder shows users (utils.add_visible_admin_metadata)."""
        shown = dict(self.metadata)
        if self.first_attached_at is not None and self.first_attached_at <= now:
            shown["readonly"] = "False"
        if self.attachment_at(now) is not None:
            shown["attached_mode"] = "rw"
        return shown
