"""The cloud's time source: token expiry (and later, asynchronous work) asks it, never `datetime` directly.

One object per cloud so that a control endpoint can move the cloud's time forward without touching the
process's clock, and so that expiry is decided in one place.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    """Wall-clock UTC time plus an offset that only ever grows."""

    def __init__(self) -> None:
        self._offset = timedelta()

    def now(self) -> datetime:
        """The cloud's current time (timezone-aware, UTC)."""
        return datetime.now(UTC) + self._offset

    def advance(self, seconds: float) -> None:
        """Move the cloud's time forward by `seconds` (never backwards: issued tokens must not un-expire)."""
        if seconds < 0:
            raise ValueError("the cloud's clock only moves forward")
        self._offset += timedelta(seconds=seconds)
