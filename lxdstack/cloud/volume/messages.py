"""Cinder's user messages (the v3 `/messages` API, microversion 3.3 on): why an asynchronous request failed.

Newton creates one in one place that matters here: the scheduler's create flow, when no backend can take the
volume (NoValidHost), records UNABLE_TO_ALLOCATE for the volume under the request id of the create call
(cinder/scheduler/flows/create_volume.py ScheduleCreateVolumeTask.execute @ newton-eol). The volume itself only
says `error`. The texts are cinder/message/defined_messages.py @ newton-eol, whose event ids have no `VOLUME_`
prefix yet (Ocata added it); messages live `message_ttl` (30 days) and outlive their volume.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

MESSAGE_TTL = timedelta(seconds=2592000)  # cinder/message/api.py message_ttl

UNKNOWN_ERROR = "000001"
UNABLE_TO_ALLOCATE = "000002"
USER_MESSAGES = {
    UNKNOWN_ERROR: "An unknown error occurred.",
    UNABLE_TO_ALLOCATE: "No storage could be allocated for this volume request. You may be able to try another "
                        "size or volume type.",
}


@dataclass(frozen=True)
class Message:
    id: str
    project_id: str
    event_id: str
    resource_uuid: str
    request_id: str
    created_at: datetime
    level: str = "ERROR"
    resource_type: str = "VOLUME"

    @property
    def user_message(self) -> str:
        return USER_MESSAGES[self.event_id]

    @property
    def guaranteed_until(self) -> datetime:
        return self.created_at + MESSAGE_TTL


class Messages:
    def __init__(self) -> None:
        self._messages: dict[str, Message] = {}

    def record(self, event_id: str, project_id: str, volume_id: str, request_id: str, at: datetime) -> Message:
        message = Message(str(uuid.uuid4()), project_id, event_id, volume_id, request_id, at)
        self._messages[message.id] = message
        return message

    def visible(self, now: datetime, project_id: str | None) -> list[Message]:
        """Messages recorded by `now` (the scheduler records them when it fails), of one project or of all."""
        found = [m for m in self._messages.values() if m.created_at <= now and project_id in (None, m.project_id)]
        return sorted(found, key=lambda m: (m.created_at, m.id), reverse=True)

    def get(self, message_id: str, now: datetime, project_id: str | None) -> Message | None:
        return next((m for m in self.visible(now, project_id) if m.id == message_id), None)

    def delete(self, message: Message) -> None:
        self._messages.pop(message.id, None)
